"""AVG: what is stored, a copy of it, and deletion that leaves nothing of the person behind."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SlotSet, UserUttered
from sqlalchemy import inspect, select, text

from actions.dreams import ActionSubmitDream
from actions.meetups import ActionRsvp
from actions.privacy import ActionExportMyData, ActionForgetMe, ActionPrivacyInfo
from buurtbot import meetups
from buurtbot.config import get_settings
from buurtbot.dreams.digest import send_digests
from buurtbot.people import get_person
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.models import Digest, Meetup, Role
from buurtbot.storage.types import utcnow
from nlu.tracker_store import forgotten_in_last_turn
from tests.actions_helpers import make_person, run, texts, tracker

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

WISH = "Een jeu de boules baan naast het buurthuis, dat zou ik prachtig vinden"


def fill_everything(sender: str) -> int:
    make_person(sender, Role.bewoner, "Zuidwijk")
    run(
        ActionSubmitDream(),
        tracker(
            sender,
            slots={
                "dream_wish": WISH,
                "dream_place": "wijk",
                "dream_wijk": "Zuidwijk",
                "dream_contribution": "-",
                "dream_consent": True,
                "dream_confirm": True,
            },
        ),
    )
    make_person("organiser", Role.professional, "Zuidwijk")
    with session_scope() as session:
        meetup = meetups.plan(
            session,
            get_person(session, "organiser"),
            "Koffieochtend",
            utcnow() + timedelta(days=3),
            "Buurthuis",
            "Zuidwijk",
            zone=AMS_ZONE,
            capacity=10,
        )
        meetup_id = meetup.id
    run(
        ActionRsvp(),
        tracker(sender, entities=[{"entity": "meetup_id", "value": str(meetup_id)}], text="ik kom met 2 personen"),
    )
    engine = get_engine(get_settings().database_url)
    SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)  # Rasa's own conversation table
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'user', :d)"),
            {"s": sender, "d": json.dumps({"event": "user", "text": WISH})},
        )
    return meetup_id


def test_privacy_text_says_what_why_who_how_long_and_how(app_db) -> None:
    message = texts(run(ActionPrivacyInfo(), tracker("p-1"))[0])
    for part in ("Dit bewaren we", "Waarom?", "Wie ziet het?", "Hoe lang?", "/mijngegevens", "/vergeet_mij"):
        assert part in message
    assert "Gesprekken 90 dagen, wensen 2 jaar" in message and "zonder naam, 1 jaar" in message


def test_the_privacy_text_follows_the_configured_terms(app_db, monkeypatch) -> None:
    monkeypatch.setenv("RETAIN_CONVERSATIONS_DAYS", "30")
    monkeypatch.setenv("RETAIN_WISHES_DAYS", "1095")
    get_settings.cache_clear()
    message = texts(run(ActionPrivacyInfo(), tracker("p-1"))[0])
    assert "Gesprekken 30 dagen, wensen 3 jaar" in message


def test_the_copy_holds_everything_but_off_record_reports(app_db) -> None:
    fill_everything("4242")
    messages, _ = run(ActionExportMyData(), tracker("4242"))
    data = json.loads(next(m["custom"]["document"]["content"] for m in messages if m.get("custom")))
    assert data["profiel"]["sender_id"] == "4242"
    assert data["wensen"][0]["wish"] == WISH
    assert data["aanmeldingen_activiteiten"][0]["party_size"] == 2
    assert data["gesprekken"] == [{"event": "user", "text": WISH}]
    assert "off_record" not in json.dumps(data)


def test_forget_me_asks_first_then_leaves_nothing_of_the_person(app_db) -> None:
    meetup_id = fill_everything("4343")
    with session_scope() as session:
        send_digests(session)
    asked = texts(run(ActionForgetMe(), tracker("4343"))[0])
    assert "Weet je het zeker?" in asked
    with session_scope() as session:
        assert get_person(session, "4343") is not None  # nothing deleted before the yes
    messages, events = run(ActionForgetMe(), tracker("4343", entities=[{"entity": "confirm", "value": "ja"}]))
    assert "Alles over jou is gewist" in texts(messages)
    assert {"event": "slot", "name": "forgotten", "value": True, "timestamp": None} in events

    engine = get_engine(app_db.database_url)
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():
                values = " ".join(str(v) for v in row.values())
                assert "4343" not in values and WISH not in values, (table, dict(row))
    with session_scope() as session:
        assert session.get(Meetup, meetup_id).seats_taken == 0  # places freed
        assert session.execute(select(Digest.wish_count)).scalar() == 1  # sent aggregates stay


def test_the_tracker_store_keeps_nothing_of_the_forgetting_turn() -> None:
    turn = [UserUttered("vergeet mij"), SlotSet("forgotten", True)]
    assert forgotten_in_last_turn(turn)
    assert not forgotten_in_last_turn(turn + [UserUttered("hoi")])
