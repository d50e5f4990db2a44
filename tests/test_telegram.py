"""The Telegram front end end to end: real python-telegram-bot code polling a local Bot API server
(tools/fake_telegram.py) over real HTTP, with the real Rasa server, action server and database."""

from __future__ import annotations

import asyncio
import threading
from typing import Iterator

import pytest
from sqlalchemy import select

from bot.telegram_app import TelegramSink, build_application, webhook_options
from buurtbot.config import Settings
from buurtbot.outbox import enqueue
from buurtbot.people import get_or_create_person
from buurtbot.referral.topics import TOPICS
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage
from tests.telegram_frontend import polling_frontend
from tools.fake_telegram import FakeTelegram
from worker.delivery import deliver_due


@pytest.fixture(scope="module")
def telegram(stack, stack_settings: Settings) -> Iterator[FakeTelegram]:
    """The fake Bot API server, and our Telegram application polling it in a thread of its own."""
    with polling_frontend(stack_settings) as fake:
        yield fake


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
    question = telegram.wait_for_sent(
        lambda c: c.chat_id == 5002 and "Waar gaat het over" in (c.text or ""), timeout=60, start=start
    )
    assert len(question.buttons) == len(TOPICS) + 1  # every topic, plus "Iets anders"


def test_the_start_command_greets(telegram: FakeTelegram) -> None:
    telegram.push_command(5003, "start")
    telegram.wait_for_sent(lambda c: c.chat_id == 5003 and "Ik ben Buurtbot" in (c.text or ""), timeout=60)


def test_outbox_messages_are_delivered_once(telegram: FakeTelegram, stack_settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", stack_settings.database_url)
    from buurtbot.config import get_settings

    get_settings.cache_clear()
    with session_scope(stack_settings) as session:
        enqueue(
            session,
            "test:telegram:1",
            get_or_create_person(session, "5004"),
            "notification",
            "Morgen is de koffieochtend.",
        )
    sink = TelegramSink(telegram.application)
    future = asyncio.run_coroutine_threadsafe(deliver_due(stack_settings, sink), telegram.loop)
    assert future.result(timeout=30) >= 1
    telegram.wait_for_sent(lambda c: c.chat_id == 5004 and c.text == "Morgen is de koffieochtend.", timeout=30)
    assert asyncio.run_coroutine_threadsafe(deliver_due(stack_settings, sink), telegram.loop).result(timeout=30) == 0
    with session_scope(stack_settings) as session:
        assert session.execute(
            select(OutboxMessage.delivered_at).where(OutboxMessage.key == "test:telegram:1")
        ).scalar()
    get_settings.cache_clear()


def test_delivery_waits_out_flood_control_retries_network_errors_and_skips_blocked_users(
    telegram: FakeTelegram, stack_settings: Settings, monkeypatch
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from buurtbot.config import get_settings
    from buurtbot.people import get_person
    from buurtbot.storage.types import utcnow

    monkeypatch.setenv("DATABASE_URL", stack_settings.database_url)
    get_settings.cache_clear()
    with session_scope(stack_settings) as session:
        enqueue(
            session, "test:telegram:flood", get_or_create_person(session, "5010"), "notification", "Na de wachttijd."
        )
        enqueue(
            session, "test:telegram:blocked", get_or_create_person(session, "5011"), "notification", "Komt nooit aan."
        )
    sink = TelegramSink(telegram.application)

    def deliver() -> int:
        return asyncio.run_coroutine_threadsafe(deliver_due(stack_settings, sink), telegram.loop).result(timeout=60)

    telegram.fail_next("sendMessage", 429, retry_after=1)  # flood control: the rate limiter waits and retries
    telegram.block_user(5011)
    assert deliver() == 1
    assert telegram.texts(5010) == ["Na de wachttijd."]
    with session_scope(stack_settings) as session:
        blocked = session.execute(
            select(OutboxMessage).where(OutboxMessage.key.like("test:telegram:blocked%"))
        ).scalar_one()
        assert blocked.skipped_at is not None and blocked.delivered_at is None
        assert get_person(session, "5011").blocked_bot_at is not None
        enqueue(
            session, "test:telegram:network", get_or_create_person(session, "5012"), "notification", "Toch aangekomen."
        )

    telegram.fail_next("sendMessage", 502, "Bad Gateway")  # a network error: try again later, with backoff
    assert deliver() == 0
    with session_scope(stack_settings) as session:
        row = session.execute(
            select(OutboxMessage).where(OutboxMessage.key.like("test:telegram:network%"))
        ).scalar_one()
        assert row.attempts == 1 and row.next_attempt_at > utcnow() and row.delivered_at is None
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
    assert deliver() == 1 and deliver() == 0
    assert telegram.texts(5012) == ["Toch aangekomen."]  # once, not twice
    assert telegram.texts(5011) == []
    get_settings.cache_clear()


def test_photos_stickers_and_locations_get_a_friendly_answer(telegram: FakeTelegram) -> None:
    for content in (
        {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]},
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u2",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"location": {"latitude": 52.37, "longitude": 4.8}},
    ):
        start = len(telegram.sent)
        telegram.push_update({"message": telegram.make_message(5005, **content)})
        reply = telegram.wait_for_sent(lambda c: c.chat_id == 5005, timeout=30, start=start)
        assert reply.text == "Ik kan alleen tekst lezen. Typ je vraag in een bericht, of kies een knop."


def test_an_edited_message_gets_a_plain_answer(telegram: FakeTelegram) -> None:
    telegram.push_update({"edited_message": {**telegram.make_message(5006, text="hoi"), "edit_date": 1}})
    telegram.wait_for_sent(lambda c: c.chat_id == 5006 and "aangepaste berichten" in (c.text or ""), timeout=30)


def test_in_a_group_the_bot_only_answers_when_addressed(telegram: FakeTelegram) -> None:
    """The updates of one chat are handled in order: once the addressed message is answered, the one before it
    was handled too, so an answer to it would be there already."""
    group = -100123
    telegram.push_text(5017, "hoi allemaal", chat_id=group, chat_type="group", first_name="Zeynep")
    telegram.push_text(5007, f"@{telegram.me['username']} hoi", chat_id=group, chat_type="group", first_name="Ayse")
    reply = telegram.wait_for_sent(lambda c: c.chat_id == group and "Hoi Ayse!" in (c.text or ""), timeout=60)
    assert "Ik ben Buurtbot" in reply.text
    assert telegram.texts(group) == [reply.text]  # one answer, to the message that named the bot


def test_the_command_menu_is_registered_in_dutch(telegram: FakeTelegram) -> None:
    telegram.wait_until(lambda: "default" in telegram.commands, timeout=30)
    names = [c["command"] for c in telegram.commands["default"]["commands"]]
    assert {"start", "hulp", "droom", "agenda", "privacy", "mijngegevens", "vergeet_mij", "stop"} <= set(names)
    assert "strippen" not in names  # professionals get theirs in their own chat


def test_when_rasa_is_down_the_user_is_told_plainly(stack_settings: Settings) -> None:
    from launcher.stack import free_port

    with polling_frontend(stack_settings, RASA_PORT=str(free_port()), RASA_TIMEOUT="2") as fake:
        fake.push_text(5008, "hoi")
        reply = fake.wait_for_sent(lambda c: c.chat_id == 5008, timeout=30)
        assert reply.text == "Het lukt nu even niet. Probeer het zo nog eens. Je bericht is niet aangekomen."


def test_webhook_mode_checks_the_secret_token_and_answers_the_update(stack, stack_settings: Settings) -> None:
    import httpx

    from launcher.stack import free_port

    port = free_port()
    with FakeTelegram.running() as fake:
        env = {
            **stack_settings.process_env(),
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.base_url,
            "WEBHOOK_URL": "https://buurtbot.example.org",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
            "WEBHOOK_SECRET": "s3cret-token",
        }
        settings = Settings.from_env(env)
        application = build_application(settings)
        loop, stopped = asyncio.new_event_loop(), threading.Event()

        async def serve() -> None:  # what Application.run_webhook does, but stoppable from the test
            async with application:
                await application.start()
                await application.updater.start_webhook(**webhook_options(settings))
                while not stopped.is_set():
                    await asyncio.sleep(0.1)
                await application.updater.stop()
                await application.stop()

        thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
        thread.start()
        try:
            fake.wait_until(lambda: fake.webhook.get("url"), timeout=30)
            assert fake.webhook["url"] == "https://buurtbot.example.org/telegram"
            assert fake.webhook["secret_token"] == "s3cret-token"
            url = f"http://127.0.0.1:{port}/telegram"
            forged = {"update_id": 1, "message": fake.make_message(5008, text="hoi")}
            wrong = httpx.post(url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}, timeout=10)
            missing = httpx.post(url, json=forged, timeout=10)
            assert wrong.status_code == 403 and missing.status_code == 403
            update = {"update_id": 2, "message": fake.make_message(5009, text="hoi", first_name="Noor")}
            right = httpx.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}, timeout=10
            )
            assert right.status_code == 200
            reply = fake.wait_for_sent(lambda c: c.chat_id == 5009 and "Ik ben Buurtbot" in (c.text or ""), timeout=60)
            assert "Hoi Noor!" in reply.text
            assert not [c for c in fake.sent if c.chat_id == 5008]  # the forged updates were never handled
        finally:
            stopped.set()
            thread.join(timeout=30)
