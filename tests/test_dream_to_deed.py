"""From dream to deed, end to end: tenants and the droommakelaar in Telegram (real python-telegram-bot code
polling the local fake Bot API), the real Rasa and action servers, the real database, the real outbox."""

from __future__ import annotations

import asyncio
from typing import Callable, Optional

from bot.telegram_app import TelegramSink
from buurtbot.config import Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from tests.telegram_frontend import polling_frontend
from tools.fake_telegram import Call, FakeTelegram
from worker.delivery import deliver_due

TIMEOUT = 90


class Phone:
    """One Telegram user on the fake Bot API: says things, presses buttons, waits for what the bot sends."""

    def __init__(self, fake: FakeTelegram, user_id: int) -> None:
        self.fake, self.user_id = fake, user_id

    def say(self, text: str, expect: str) -> Call:
        start = len(self.fake.sent)
        if text.startswith("/") and " " not in text and "{" not in text:
            self.fake.push_command(self.user_id, text[1:])
        else:
            self.fake.push_text(self.user_id, text)
        return self.wait(expect, start)

    def press(self, title: str, expect: str) -> Call:
        button = next(
            b
            for call in reversed(self.fake.sent)
            if call.chat_id == self.user_id
            for b in call.buttons
            if b["text"] == title
        )
        start = len(self.fake.sent)
        self.fake.push_callback(self.user_id, button["callback_data"])
        return self.wait(expect, start)

    def wait(self, expect: str, start: int = 0) -> Call:
        return self.fake.wait_for_sent(self._to_me(lambda text: expect in text), timeout=TIMEOUT, start=start)

    def received(self, part: str) -> list:
        return [c for c in self.fake.sent if c.chat_id == self.user_id and part in (c.text or "")]

    def _to_me(self, check: Callable[[str], bool]) -> Callable[[Call], bool]:
        return lambda call: call.chat_id == self.user_id and check(call.text or "")


def make(settings: Settings, sender: int, role: Role, wijk: Optional[str] = None) -> None:
    with session_scope(settings) as session:
        set_role(session, get_or_create_person(session, str(sender)), role, wijk)


def open_button(listed: Call, snippet: str) -> str:
    """The "Open N" button of the wish in the work list that holds `snippet` (other tests share the database)."""
    block = next(b for b in listed.text.split("\n\n") if snippet in b)
    return f"Open {block.split('.', 1)[0]}"


def deliver(fake: FakeTelegram, settings: Settings) -> int:
    sink = TelegramSink(fake.application)
    return asyncio.run_coroutine_threadsafe(deliver_due(settings, sink), fake.loop).result(timeout=60)


def share_wish(tenant: Phone, wish: str, consent: bool) -> None:
    tenant.say("ik heb een idee voor de buurt", "Welke kansen zie je")
    tenant.say(wish, "Waar gaat je wens over")
    tenant.say("wijk", "zelf iets aan doen")
    tenant.press("Sla over", "droommakelaar contact")
    tenant.press("Ja, dat mag" if consent else "Nee, liever niet", "Dit sla ik op")
    tenant.press("Ja, opslaan", "Je wens is opgeslagen")


def test_a_status_change_with_a_note_reaches_the_tenant_exactly_once_across_a_restart(
    stack, stack_settings: Settings
) -> None:
    make(stack_settings, 7101, Role.bewoner, "Hagedoornbuurt")
    make(stack_settings, 7102, Role.droommakelaar, "Hagedoornbuurt")
    note = "Ik kijk met de gemeente naar een plek."
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar = Phone(fake, 7101), Phone(fake, 7102)
        share_wish(tenant, "een moestuin op het grasveld achter de flat", consent=True)
        listed = makelaar.say("/wensen", "Wensen (")
        assert "moestuin op het grasveld" in listed.text
        opened = makelaar.press(open_button(listed, "moestuin op het grasveld"), "Wens van")
        assert "Contact: stuur een bericht via Telegram" in opened.text  # the tenant consented
        makelaar.press("Opgepakt", "korte notitie")
        makelaar.say(note, "De bewoner krijgt een bericht")
        assert deliver(fake, stack_settings) >= 1
        news = tenant.wait("Nieuws over je wens")
        assert "De droommakelaar heeft je wens opgepakt." in news.text and note in news.text
        mine = tenant.say("/mijnwensen", "Status: opgepakt")
        assert note in mine.text
    with polling_frontend(stack_settings) as restarted:  # a new front end, on the same database
        assert deliver(restarted, stack_settings) == 0
        assert Phone(restarted, 7101).received("Nieuws over je wens") == []
    assert len(tenant.received("Nieuws over je wens")) == 1


def test_lukt_niet_asks_for_the_reason_the_tenant_reads(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7111, Role.bewoner, "Hagedoornbuurt")
    make(stack_settings, 7112, Role.droommakelaar, "Hagedoornbuurt")
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar = Phone(fake, 7111), Phone(fake, 7112)
        share_wish(tenant, "een zwembad op het dak van de flat", consent=False)
        listed = makelaar.say("/wensen", "zwembad op het dak")
        opened = makelaar.press(open_button(listed, "zwembad op het dak"), "zwembad op het dak")
        assert "geen contact" in opened.text and "tg://user" not in opened.text
        makelaar.press("Lukt niet", "Waarom lukt het niet")
        makelaar.say("Het dak is daar te zwak voor.", "De bewoner krijgt een bericht")
        deliver(fake, stack_settings)
        news = tenant.wait("Nieuws over je wens")
        assert "lukt helaas niet" in news.text and "Het dak is daar te zwak voor." in news.text
        withdrawn = tenant.say("/mijnwensen", "Status: lukt niet")
        tenant.press("Wens intrekken", "ingetrokken")
        assert withdrawn.buttons
        tenant.say("/mijnwensen", "nog geen wensen")
