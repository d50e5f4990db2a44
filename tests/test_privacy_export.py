"""/mijngegevens (buurtbot/privacy.py export, actions/privacy.py): everything the database holds about a person
is in their copy, nothing of anyone else, and never an off-the-record report.

One person does everything the bot stores something for; the copy is made once by the real action and read by
every test. Which tables hold a person's rows is read from the schema, so a new table is checked too."""

from __future__ import annotations

import enum
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import Table, or_, select, text

from actions.privacy import ActionExportMyData
from buurtbot import meetups, off_record, strips, vetoes, web_access, youth
from buurtbot.callbacks import request_callback
from buurtbot.config import Settings
from buurtbot.dreams import asks, pearls
from buurtbot.dreams.groups import Group
from buurtbot.dreams.wishes import save_wish
from buurtbot.invites import create_invite, redeem_invite
from buurtbot.people import get_or_create_person, get_person
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.models import Base, HelpAsk, ReferralChange, Role, VetoStatus
from tests.actions_helpers import make_person, run, texts, tracker
from tests.privacy_checks import fragments

SENDER, OTHER = "4747", "4848"
WISH = "Sinds mijn vrouw is overleden zie ik niemand meer. Een koffieochtend in de buurt zou fijn zijn."
OTHER_WISH = "Een glijbaan voor de kleintjes bij het grasveld."
PHONE = "06 98765432"
STORY = "De huurder van nummer 8 stond met een mes in de gang en riep dat hij me zou opwachten."
REPORT_CONTACT = "06 11112222"
SAID = "Ik wil graag dat iemand me terugbelt over mijn strippenkaart."
NEXT_WEEK = datetime.now(timezone.utc) + timedelta(days=7)


def fill_everything(settings: Settings) -> None:
    make_person("boss", Role.beheerder)
    make_person("dm", Role.droommakelaar, "Zuidwijk")
    make_person("pro-other", Role.professional, "Zuidwijk")
    make_person("exp", Role.ervaringsdeskundige, "Zuidwijk")
    with session_scope() as session:
        code = create_invite(session, Role.professional, "Zuidwijk", created_by=get_person(session, "boss"))
    with session_scope() as session:
        person = get_or_create_person(session, SENDER, first_name="Kees")
        assert redeem_invite(session, person, code)  # a professional in Zuidwijk, by invite
        wish = save_wish(session, person, WISH, "wijk", "Zuidwijk", "Ik zet de koffie", True, "Kees")  # a signal
        pearl = pearls.offer(session, person, "Ik zet de koffie", "Zuidwijk", True)
        makelaar = get_person(session, "dm")
        assert asks.ask_pearl(session, makelaar, pearl.id, Group("Zuidwijk", "koffieochtend", (wish.id,))).done
        expert = get_person(session, "exp")
        assert asks.ask_expert(session, makelaar, wish.id, expert.id).done
        for ask in session.execute(select(HelpAsk).where(HelpAsk.kind == asks.EXPERT)).scalars():
            assert asks.answer(session, person, ask.id, False).done  # no: nothing reaches the expert
        zone = settings.timezone
        own = meetups.plan(
            session,
            person,
            "Moestuinmiddag",
            NEXT_WEEK,
            "De moestuin",
            "Zuidwijk",
            zone=zone,
            description="Samen zaaien",
            capacity=8,
        )
        organiser = get_person(session, "pro-other")
        theirs = meetups.plan(session, organiser, "Koffieochtend", NEXT_WEEK, "Buurthuis", "Zuidwijk", zone=zone)
        assert meetups.rsvp(session, theirs, person, 2).ok
        assert strips.use_strip(session, person, "Tolk Arabisch", "gesprek over de huur", settings).used
        veto = vetoes.register_veto(session, person, "Sluiting van het buurthuis", "Ouderen hebben het nodig", "D-42")
        vetoes.set_status(session, veto.id, VetoStatus.in_behandeling)  # a message to the person
        youth.sign_up(session, person, 19, "timmeren en schilderen", "ROC")
        assert request_callback(session, person, PHONE, "Kees")
        other = get_or_create_person(session, OTHER)
        assert meetups.rsvp(session, own, other, 1).ok  # a guest of theirs
        save_wish(session, other, OTHER_WISH, "straat", "Zuidwijk", None, False)
        off_record.save_report(session, STORY, "Zuidwijk", date(2026, 11, 18), REPORT_CONTACT, zone)  # linked to none
        assert web_access.redeem_link(session, web_access.new_link_token(session, person))  # signed in once
        web_access.new_link_token(session, person)  # and a link not used yet
        session.add(
            ReferralChange(partner_key="wijkteam", action="gewijzigd", changes={}, by_id=person.id, by_name="x")
        )
    engine = get_engine(settings.database_url)
    SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)  # Rasa's conversation table
    turns = [
        {"event": "user", "text": SAID},
        {"event": "bot", "text": "Mag de beheerder contact met je opnemen?"},
        {"event": "slot", "name": "callback_phone", "value": PHONE},
    ]
    with engine.begin() as conn:
        for turn in turns:
            conn.execute(
                text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, :t, :d)"),
                {"s": SENDER, "t": turn["event"], "d": json.dumps(turn)},
            )


def export_of(sender: str) -> Dict[str, Any]:
    messages, _ = run(ActionExportMyData(), tracker(sender))
    (document,) = [m["custom"]["document"] for m in messages if m.get("custom")]
    assert document["filename"] == "mijn-gegevens.json" and "off the record staan er niet in" in texts(messages)
    return json.loads(document["content"])


@pytest.fixture(scope="module")
def exported(module_app_db: Settings) -> Dict[str, Any]:
    fill_everything(module_app_db)
    return export_of(SENDER)


def as_exported(value: Any) -> Any:
    """A stored value as the export writes it (JSON, with str() for dates and times)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return str(value)
    return value


def records_in(value: Any) -> Iterator[Dict[str, Any]]:
    """Every JSON object in the export, at any depth."""
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from records_in(item)


def points_to_people(table: Table) -> bool:
    return any(key.column.table.name == "people" for key in table.foreign_keys)


def person_tables() -> List[str]:
    """people, the tables with a foreign key to it, and those that belong to a person only through such a table
    (a strip use through its card)."""
    direct = {t.name for t in Base.metadata.sorted_tables if t.name == "people" or points_to_people(t)}
    through = {
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in direct and any(key.column.table.name in direct - {"people"} for key in t.foreign_keys)
    }
    return sorted(direct | through)


def rows_of(settings: Settings, name: str, person_id: int) -> List[Dict[str, Any]]:
    table = Base.metadata.tables[name]
    if name == "people":
        condition = table.c.id == person_id
    elif points_to_people(table):
        condition = or_(*[key.parent == person_id for key in table.foreign_keys if key.column.table.name == "people"])
    else:
        condition = or_(
            *[
                key.parent.in_([row["id"] for row in rows_of(settings, key.column.table.name, person_id)])
                for key in table.foreign_keys
                if key.column.table.name != "people"
            ]
        )
    with get_engine(settings.database_url).connect() as conn:
        return [dict(row) for row in conn.execute(select(table).where(condition)).mappings()]


GAPS: Dict[str, str] = {}  # tables whose rows the export still leaves out (none since 2026-12-07)


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(name, marks=[pytest.mark.xfail(strict=True, reason=GAPS[name])] if name in GAPS else [])
        for name in person_tables()
    ],
)
def test_every_row_that_belongs_to_the_person_is_in_the_export(module_app_db, exported, table: str) -> None:
    with session_scope() as session:
        person_id = get_person(session, SENDER).id
    rows = rows_of(module_app_db, table, person_id)
    assert rows, f"the test stores no row of {table} for the person: add one to fill_everything"
    copied = list(records_in(exported))
    missing = [row for row in rows if {k: as_exported(v) for k, v in row.items()} not in copied]
    assert missing == []


def test_each_kind_is_there_under_its_own_heading(exported) -> None:
    assert exported["profiel"]["sender_id"] == SENDER and exported["profiel"]["first_name"] == "Kees"
    assert [w["wish"] for w in exported["wensen"]] == [WISH]
    assert [p["offer"] for p in exported["parels"]] == ["Ik zet de koffie"]
    assert [(a["kind"], a["answer"]) for a in exported["vragen_aan_jou"]] == [
        ("parel", None),
        ("ervaringsdeskundige", False),
    ]
    assert [m["title"] for m in exported["georganiseerde_activiteiten"]] == ["Moestuinmiddag"]
    assert [r["party_size"] for r in exported["aanmeldingen_activiteiten"]] == [2]
    assert [c["balance"] for c in exported["strippenkaarten"]] == [9]
    assert [u["reason"] for u in exported["strippen_gebruikt"]] == ["gesprek over de huur"]
    assert [(v["decision"], v["dossier_ref"]) for v in exported["vetos"]] == [("Sluiting van het buurthuis", "D-42")]
    assert [y["interests"] for y in exported["bouwen_aan_je_toekomst"]] == ["timmeren en schilderen"]
    assert any("in behandeling" in m["payload"]["text"] for m in exported["berichten_aan_jou"])
    assert exported["gesprekken"][0] == {"event": "user", "text": SAID}


def test_the_phone_number_of_a_callback_request_is_in_the_export(exported) -> None:
    assert PHONE in json.dumps(exported, ensure_ascii=False)


def test_nothing_of_anyone_else_is_in_it(exported) -> None:
    copy = json.dumps(exported, ensure_ascii=False)
    assert OTHER not in copy and OTHER_WISH not in copy  # their guest, and the guest's own wish
    assert "pro-other" not in copy and "Koffieochtend" not in copy  # the organiser of the meetup they go to


def test_an_off_the_record_report_is_never_in_it(exported) -> None:
    copy = json.dumps(exported, ensure_ascii=False)
    assert not [part for part in fragments(STORY) if part in copy] and REPORT_CONTACT not in copy
    assert not [key for key in exported if "record" in key]


def test_an_off_the_record_report_is_not_in_the_export_of_the_beheerder_either(exported) -> None:
    copy = json.dumps(export_of("boss"), ensure_ascii=False)
    assert not [part for part in fragments(STORY) if part in copy] and REPORT_CONTACT not in copy
