"""Privacy promises through the whole stack: the Telegram front end (real python-telegram-bot code against the
local fake Bot API), Rasa, the action server and the database (SQLite, and PostgreSQL under make test-postgres).

- Off the record: a professional who tells the story as the answer to every question leaves no row that holds
  any of it together with their Telegram id, in any table, the conversation history included, and no trace in
  the server logs (which run at DEBUG in the tests).
- "Vergeet mij" after a wish reached the droommakelaar, both as an early signal and in a digest that was sent:
  afterwards no table and no file under the var dir holds anything of the tenant.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import List
from zoneinfo import ZoneInfo

import pytest

from bot.rasa_client import RasaClient
from buurtbot import meetups
from buurtbot.config import Settings, get_settings
from buurtbot.dates import parse_past_day
from buurtbot.dreams.digest import send_digests
from buurtbot.people import get_or_create_person, get_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.conversations import PRIVATE_TURN_LOG
from buurtbot.storage.models import Meetup, OffRecordReport, Role
from buurtbot.storage.types import utcnow
from tests.privacy_checks import every_row, files_holding, fragments, linked_to, rows_holding
from tests.telegram_frontend import polling_frontend
from tools.fake_telegram import FakeTelegram
from worker.delivery import ListSink, deliver_due

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

PRO = 7201963  # a Telegram id that appears nowhere else
STORY = "Bij een huisbezoek aan de Ruwe Hoek zei de bewoner dat hij weet waar mijn dochter op school zit"
CONTACT = "06 13572468"
WIJK = "Hagedoornbuurt"  # the professional's own wijk is another one, so a match can only come from the report


@pytest.fixture(scope="module")
def telegram(stack, stack_settings: Settings):
    with session_scope(stack_settings) as session:
        set_role(session, get_or_create_person(session, str(PRO)), Role.professional, "Nieuw-West")
        set_role(session, get_or_create_person(session, "e2e-boss"), Role.beheerder)
    with polling_frontend(stack_settings) as fake:
        say(fake, "hoi", "Ik ben Buurtbot")  # an ordinary turn first: there is a stored conversation to search
        yield fake


def say(fake: FakeTelegram, text: str, expect: str) -> List[str]:
    """The professional types `text`; waits for a reply holding `expect`; returns this turn's texts."""
    start = len(fake.sent)
    fake.push_text(PRO, text)
    return turn_replies(fake, start, expect)


def press(fake: FakeTelegram, payload: str, expect: str) -> List[str]:
    start = len(fake.sent)
    fake.push_callback(PRO, payload)
    return turn_replies(fake, start, expect)


def turn_replies(fake: FakeTelegram, start: int, expect: str) -> List[str]:
    fake.wait_for_sent(lambda c: c.chat_id == PRO and expect in (c.text or ""), timeout=90, start=start)
    return [c.text or "" for c in fake.sent[start:] if c.chat_id == PRO]


def form_values() -> List[str]:
    day = parse_past_day("12-11", datetime.now().astimezone(), ZoneInfo("Europe/Amsterdam"))
    return [*fragments(STORY), WIJK, day.isoformat(), day.strftime("%d-%m-%Y"), CONTACT, CONTACT.replace(" ", "")]


def assert_nothing_linkable(settings: Settings) -> None:
    with session_scope(settings) as session:
        person_id = get_person(session, str(PRO)).id
    linked = linked_to(settings, str(PRO), person_id)
    assert any(table == "events" for table, _ in linked)  # the test sees the conversation history
    assert rows_holding(linked, form_values()) == []
    logs = "".join(path.read_text(errors="replace") for path in (settings.var_dir / "log").glob("rasa*.log"))
    # Rasa logs at DEBUG in this run: our own debug line is there, and library debug output is not.
    assert any("DEBUG" in line and PRIVATE_TURN_LOG in line for line in logs.splitlines())
    assert files_holding(settings.var_dir / "log", [*form_values(), str(PRO)]) == []


def answer_the_first_questions_with_the_story(fake: FakeTelegram) -> None:
    assert any("Over welke wijk" in t for t in say(fake, "ik wil iets off the record melden", "Over welke wijk"))
    replies = say(fake, STORY, "Over welke wijk")  # asked again: a story is not a wijk
    assert not any("Wanneer gebeurde het" in t for t in replies)
    say(fake, WIJK, "Wanneer gebeurde het")
    replies = say(fake, STORY, "Wanneer gebeurde het")  # and not a day either
    assert not any("contact met je opnemen" in t for t in replies)
    say(fake, "12-11", "contact met je opnemen")


def test_a_report_left_halfway_leaves_nothing_linkable(telegram: FakeTelegram, stack_settings: Settings) -> None:
    answer_the_first_questions_with_the_story(telegram)
    assert_nothing_linkable(stack_settings)  # while the form waits for the next answer
    assert any("niets opgeslagen" in t for t in say(telegram, "stop", "niets opgeslagen"))
    assert_nothing_linkable(stack_settings)


def test_a_finished_report_is_stored_without_anything_that_leads_to_its_reporter(telegram, stack_settings) -> None:
    answer_the_first_questions_with_the_story(telegram)
    press(telegram, "/affirm", "Hoe kan de beheerder je bereiken")
    replies = say(telegram, STORY, "Hoe kan de beheerder je bereiken")  # not a phone number
    assert not any("Vertel nu wat er gebeurde" in t for t in replies)
    say(telegram, CONTACT, "Vertel nu wat er gebeurde")
    assert any("met het contact dat je gaf" in t for t in say(telegram, STORY, "opgeslagen"))

    with session_scope(stack_settings) as session:
        reports = [r for r in session.query(OffRecordReport).all() if r.story == STORY]
        assert [(r.wijk, r.contact) for r in reports] == [(WIJK, CONTACT)]
    assert_nothing_linkable(stack_settings)
    # The story is in the report and in the beheerder's copy only, and neither points to the professional.
    assert {table for table, _ in rows_holding(every_row(stack_settings), [STORY[:40]])} == {
        "off_record_reports",
        "outbox",
    }
    assert any(
        "Ik ben Buurtbot" in t for t in say(telegram, "ben jij een robot?", "Ik ben Buurtbot")
    )  # the chat goes on


# "Vergeet mij" through the whole stack, after the droommakelaar received the wish twice.

TENANT = "7301517"
WISH = "Sinds mijn man is overleden zie ik niemand meer. Een koffieochtend in de buurt zou fijn zijn."


def chat(settings: Settings, sender: str, message: str) -> str:
    async def send() -> str:
        client = RasaClient(settings.rasa_urls, timeout=90)
        try:
            return "\n".join(r.text or "" for r in await client.send(sender, message))
        finally:
            await client.close()

    return asyncio.run(send())


def share_a_wish_with_consent(settings: Settings) -> None:
    assert "Welke kansen zie je" in chat(settings, TENANT, "ik heb een idee voor de buurt")
    assert "Waar gaat je wens over" in chat(settings, TENANT, WISH)
    assert "zelf iets aan doen" in chat(settings, TENANT, "wijk")
    assert "droommakelaar contact" in chat(settings, TENANT, "nee")
    assert "Dit sla ik op" in chat(settings, TENANT, "/affirm")
    assert "opgeslagen" in chat(settings, TENANT, "/affirm")


@pytest.fixture
def delivery_on_the_stack(stack_settings: Settings, monkeypatch: pytest.MonkeyPatch):
    """Outbox delivery in this process, as the front end's job runs it, on the stack's database."""
    monkeypatch.setenv("DATABASE_URL", stack_settings.database_url)
    monkeypatch.setenv("BUURTBOT_VAR_DIR", str(stack_settings.var_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_forget_me_after_a_signal_and_a_sent_digest_leaves_nothing_anywhere(
    stack, stack_settings, delivery_on_the_stack
) -> None:
    with session_scope(stack_settings) as session:
        set_role(session, get_or_create_person(session, TENANT), Role.bewoner, "Zuidwijk")
        set_role(session, get_or_create_person(session, "e2e-dm"), Role.droommakelaar, "Zuidwijk")
        organiser = get_or_create_person(session, "e2e-organiser")
        set_role(session, organiser, Role.professional, "Zuidwijk")
        meetup_id = meetups.plan(
            session,
            organiser,
            "Koffie in de kas",
            utcnow() + timedelta(days=5),
            "De kas",
            "Zuidwijk",
            zone=AMS_ZONE,
            capacity=8,
        ).id
    share_a_wish_with_consent(stack_settings)
    chat(stack_settings, TENANT, "/rsvp_meetup" + json.dumps({"meetup_id": str(meetup_id)}))
    with session_scope(stack_settings) as session:
        assert session.get(Meetup, meetup_id).seats_taken == 1
        send_digests(session)
        person_id = get_person(session, TENANT).id
    sink = ListSink()
    while asyncio.run(
        deliver_due(stack_settings, sink)
    ):  # everything due, also what other tests left in the shared database
        pass
    to_dm = [payload for sender, payload in sink.sent if sender == "e2e-dm"]
    assert any(WISH[:40] in p["text"] and "Vroegsignaal" in p["text"] for p in to_dm)  # the signal, at once
    assert any(WISH[:40] in p["text"] and "tg://user?id=" + TENANT in p["text"] for p in to_dm)  # the digest
    assert linked_to(stack_settings, TENANT, person_id)  # the test sees the tenant before,
    if stack_settings.database_url.startswith("sqlite"):  # and in the database file, which lives in the var dir
        assert files_holding(stack_settings.var_dir, [WISH[:40]])

    assert "Weet je het zeker?" in chat(stack_settings, TENANT, "/forget_me")
    assert "Alles over jou is gewist" in chat(stack_settings, TENANT, '/forget_me{"confirm": "ja"}')

    assert linked_to(stack_settings, TENANT, person_id) == []
    assert rows_holding(every_row(stack_settings), [WISH[:40], WISH[-40:]]) == []
    assert files_holding(stack_settings.var_dir, [TENANT, WISH[:40], WISH[-40:]]) == []
    with session_scope(stack_settings) as session:
        assert session.get(Meetup, meetup_id).seats_taken == 0
