"""The Telegram front end end to end: real python-telegram-bot code polling a local Bot API server
(tests/fake_telegram.py) over real HTTP, with the real Rasa server, action server and database."""
from __future__ import annotations

import asyncio
import threading
from typing import Iterator

import pytest
from sqlalchemy import select

from bot.delivery import deliver_due
from bot.telegram_app import TelegramSink, build_application
from buurtbot.config import Settings
from buurtbot.outbox import enqueue
from buurtbot.people import get_or_create_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage
from tests.fake_telegram import FakeTelegram


@pytest.fixture(scope="module")
def telegram(stack, stack_settings: Settings) -> Iterator[FakeTelegram]:
    """The fake Bot API server, and our Telegram application polling it in a thread of its own."""
    with FakeTelegram.running() as fake:
        settings = Settings.from_env({**stack_settings.process_env(), "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url})
        application = build_application(settings, with_jobs=False)
        loop = asyncio.new_event_loop()
        stopped = threading.Event()

        def poll() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(_run(application, stopped))

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        fake.application, fake.loop = application, loop
        yield fake
        stopped.set()
        thread.join(timeout=30)


async def _run(application, stopped: threading.Event) -> None:
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.05)
        while not stopped.is_set():
            await asyncio.sleep(0.1)
        await application.updater.stop()
        await application.stop()


def test_a_text_message_gets_rasas_reply_with_buttons_as_an_inline_keyboard(telegram: FakeTelegram) -> None:
    telegram.push_text(5001, "hoi", first_name="Ayse")
    reply = telegram.wait_for_sent(lambda c: c.chat_id == 5001 and "Ik ben Buurtbot" in (c.text or ""), timeout=60)
    assert "Hoi Ayse!" in reply.text
    menu = telegram.wait_for_sent(lambda c: c.chat_id == 5001 and c.buttons, timeout=60)
    assert any(b["callback_data"] == "/share_dream" for b in menu.buttons)


def test_a_pressed_button_is_answered_and_its_payload_goes_to_rasa(telegram: FakeTelegram) -> None:
    telegram.push_text(5002, "wat kun je allemaal")
    telegram.wait_for_sent(lambda c: c.chat_id == 5002 and c.buttons, timeout=60)
    start = len(telegram.sent)
    telegram.push_callback(5002, "/ask_referral")
    telegram.wait_until(lambda: telegram.answered_callbacks, timeout=60)
    question = telegram.wait_for_sent(lambda c: c.chat_id == 5002 and "Waar gaat het over" in (c.text or ""), timeout=60, start=start)
    assert len(question.buttons) == 12


def test_the_start_command_greets(telegram: FakeTelegram) -> None:
    telegram.push_command(5003, "start")
    telegram.wait_for_sent(lambda c: c.chat_id == 5003 and "Ik ben Buurtbot" in (c.text or ""), timeout=60)


def test_outbox_messages_are_delivered_once(telegram: FakeTelegram, stack_settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", stack_settings.database_url)
    from buurtbot.config import get_settings

    get_settings.cache_clear()
    with session_scope(stack_settings) as session:
        enqueue(session, "test:telegram:1", get_or_create_person(session, "5004"), "notification", "Morgen is de koffieochtend.")
    sink = TelegramSink(telegram.application)
    future = asyncio.run_coroutine_threadsafe(deliver_due(sink), telegram.loop)
    assert future.result(timeout=30) >= 1
    telegram.wait_for_sent(lambda c: c.chat_id == 5004 and c.text == "Morgen is de koffieochtend.", timeout=30)
    assert asyncio.run_coroutine_threadsafe(deliver_due(sink), telegram.loop).result(timeout=30) == 0
    with session_scope(stack_settings) as session:
        assert session.execute(select(OutboxMessage.delivered_at).where(OutboxMessage.key == "test:telegram:1")).scalar()
    get_settings.cache_clear()
