"""The fake Telegram Bot API server, proven with real python-telegram-bot code over real HTTP (no Rasa)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import threading
import time
from typing import AsyncIterator, Iterator

import httpx
import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from tools.fake_telegram import FakeTelegram

USER = 4242
KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Ja", callback_data="ja"), InlineKeyboardButton("Nee", callback_data="nee")]]
)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """A fake in its own thread: usable from sync tests and from async tests on any loop."""
    with FakeTelegram.running() as running:
        yield running


def bot_for(fake: FakeTelegram) -> Bot:
    return Bot(fake.token, base_url=fake.api_url, base_file_url=fake.file_url)


def application_for(fake: FakeTelegram) -> Application:
    return Application.builder().token(fake.token).base_url(fake.api_url).base_file_url(fake.file_url).build()


@contextlib.asynccontextmanager
async def polling(application: Application) -> AsyncIterator[Application]:
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.05, timeout=2, allowed_updates=Update.ALL_TYPES)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


# ---------------------------------------------------------------------- a Bot calling the API


async def test_bot_methods_answer_like_telegram(fake: FakeTelegram) -> None:
    async with bot_for(fake) as bot:
        me = await bot.get_me()
        assert (me.id, me.is_bot, me.username) == (123456789, True, "buurtbot_test_bot")

        message = await bot.send_message(USER, "Kies maar", reply_markup=KEYBOARD)
        assert message.text == "Kies maar" and message.chat.id == USER and message.from_user.id == me.id
        assert message.reply_markup == KEYBOARD and message.message_id > 0

        photo = await bot.send_photo(USER, b"\x89PNG\r\n\x1a\nnot really a png", caption="Kijk")
        assert photo.photo and photo.caption == "Kijk"

        document = await bot.send_document(USER, b"regel 1\nregel 2\n", filename="overzicht.txt")
        assert document.document.file_name == "overzicht.txt" and document.document.file_size == 16

        await bot.send_chat_action(USER, "typing")

    send_message, send_photo, send_document, chat_action = fake.sent
    assert send_message.method == "sendMessage" and send_message.chat_id == USER and send_message.text == "Kies maar"
    assert send_message.reply_markup == KEYBOARD.to_dict()
    assert [(b["text"], b["callback_data"]) for b in send_message.buttons] == [("Ja", "ja"), ("Nee", "nee")]
    assert send_photo.files["photo"].content == b"\x89PNG\r\n\x1a\nnot really a png" and send_photo.text == "Kijk"
    assert (send_document.file.filename, send_document.file.content) == ("overzicht.txt", b"regel 1\nregel 2\n")
    assert chat_action.method == "sendChatAction" and chat_action.params["action"] == "typing"
    assert fake.texts(USER) == ["Kies maar"]
    assert [c.method for c in fake.calls if c.method != "getMe"] == [
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendChatAction",
    ]


async def test_commands_are_kept_per_scope(fake: FakeTelegram) -> None:
    async with bot_for(fake) as bot:
        await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Hulp")])
        await bot.set_my_commands(
            [BotCommand("veto", "Zet een veto")], scope=BotCommandScopeChat(USER), language_code="nl"
        )
        assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(USER), language_code="nl")] == [
            "veto"
        ]
        assert await bot.get_my_commands(scope=BotCommandScopeChat(USER)) == ()

        assert fake.commands["default"]["commands"] == [
            {"command": "start", "description": "Begin"},
            {"command": "help", "description": "Hulp"},
        ]
        assert fake.commands[f"chat:{USER}/nl"] == {
            "scope": {"type": "chat", "chat_id": USER},
            "language_code": "nl",
            "commands": [{"command": "veto", "description": "Zet een veto"}],
        }

        await bot.delete_my_commands(scope=BotCommandScopeChat(USER), language_code="nl")
        assert list(fake.commands) == ["default"]


async def test_webhook_is_kept_and_blocks_polling(fake: FakeTelegram) -> None:
    async with bot_for(fake) as bot:
        await bot.set_webhook("https://buurtbot.example/telegram", secret_token="geheim")
        assert fake.webhook["url"] == "https://buurtbot.example/telegram" and fake.webhook["secret_token"] == "geheim"
        assert (await bot.get_webhook_info()).url == "https://buurtbot.example/telegram"
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        with pytest.raises(BadRequest, match="(?i)https url"):
            await bot.set_webhook("http://insecure.example/")

        fake.push_text(USER, "hoi")
        assert await bot.delete_webhook(drop_pending_updates=True) is True
        assert fake.webhook == {"url": "", "secret_token": None}
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == ("", 0)
        assert await bot.close() is True and await bot.log_out() is True
    assert fake.closed and fake.logged_out


async def test_editing_a_message(fake: FakeTelegram) -> None:
    async with bot_for(fake) as bot:
        message = await bot.send_message(USER, "Kies maar", reply_markup=KEYBOARD)
        edited = await bot.edit_message_text("Gekozen: ja", chat_id=USER, message_id=message.message_id)
        assert edited.text == "Gekozen: ja" and edited.reply_markup is None and edited.edit_date is not None
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("Gekozen: ja", chat_id=USER, message_id=message.message_id)
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await bot.edit_message_reply_markup(chat_id=USER, message_id=999, reply_markup=KEYBOARD)
        await bot.edit_message_reply_markup(chat_id=USER, message_id=message.message_id, reply_markup=KEYBOARD)
    assert fake.message(USER, message.message_id)["reply_markup"] == KEYBOARD.to_dict()
    assert [c.method for c in fake.sent] == ["sendMessage", "editMessageText", "editMessageReplyMarkup"]


# ---------------------------------------------------------------------- error injection


async def test_flood_control_surfaces_as_retry_after(fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.fail_next("sendMessage", 429, retry_after=1)
    async with bot_for(fake) as bot:
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(USER, "te snel")
        assert raised.value.retry_after == dtm.timedelta(seconds=1)
        await bot.send_message(USER, "nu wel")  # only the next call failed
    failed = fake.calls[-2]
    assert (failed.ok, failed.error_code, failed.description) == (False, 429, "Too Many Requests: retry after 1")
    assert fake.texts() == ["nu wel"]


async def test_a_blocked_user_surfaces_as_forbidden(fake: FakeTelegram) -> None:
    fake.block_user(USER)
    async with bot_for(fake) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(USER, "hallo?")
        with pytest.raises(Forbidden):
            await bot.send_document(USER, b"x", filename="x.txt")
        await bot.send_message(USER + 1, "een ander kan het wel krijgen")
        fake.unblock_user(USER)
        fake.fail_next("send_message", 403, "Forbidden: user is deactivated")
        with pytest.raises(Forbidden, match="user is deactivated"):
            await bot.send_message(USER, "en nu?")
    assert [c.chat_id for c in fake.sent] == [USER + 1]


async def test_unknown_methods_and_wrong_tokens_are_refused(fake: FakeTelegram) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake.api_url}{fake.token}/sendTelepathy", json={"chat_id": USER})
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=fake.api_url, base_file_url=fake.file_url) as bot:
            await bot.get_me()


def test_json_bodies_and_long_polling_over_plain_http(fake: FakeTelegram) -> None:
    api = f"{fake.api_url}{fake.token}"
    with httpx.Client(base_url=api, timeout=10) as client:
        sent = client.post(
            "/sendMessage", json={"chat_id": USER, "text": "123", "reply_markup": KEYBOARD.to_dict()}
        ).json()
        assert sent["ok"] and sent["result"]["text"] == "123"  # text stays text, even when it looks like a number
        assert fake.sent[0].reply_markup == KEYBOARD.to_dict()

        started = time.monotonic()
        assert client.post("/getUpdates", json={"timeout": 0.3}).json() == {"ok": True, "result": []}
        assert time.monotonic() - started >= 0.25  # the long poll waited

        threading.Timer(0.2, fake.push_text, args=(USER, "eerste")).start()
        first = client.post("/getUpdates", data={"timeout": "5"}).json()["result"]  # woken by the push
        assert [u["message"]["text"] for u in first] == ["eerste"]
        fake.push_text(USER, "tweede")
        both = client.get("/getUpdates", params={"offset": "0"}).json()["result"]
        assert [u["update_id"] for u in both] == [first[0]["update_id"], first[0]["update_id"] + 1]
        rest = client.post("/getUpdates", json={"offset": both[0]["update_id"] + 1}).json()["result"]
        assert [u["message"]["text"] for u in rest] == ["tweede"]
        assert [u["message"]["text"] for u in fake.pending_updates] == ["tweede"]  # confirmed ones are gone


def test_pushed_updates_parse_in_ptb(fake: FakeTelegram) -> None:
    text = Update.de_json(fake.push_text(USER, "hoi", first_name="Fatima", language_code="ar"), None)
    assert (text.effective_user.first_name, text.effective_user.language_code, text.effective_chat.type) == (
        "Fatima",
        "ar",
        "private",
    )

    command = Update.de_json(fake.push_command(USER, "start", "abc123"), None)
    assert command.message.text == "/start abc123" and command.message.entities[0].type == "bot_command"

    group = Update.de_json(fake.push_text(USER, "hallo groep", chat_id=-100777, chat_type="supergroup"), None)
    assert group.effective_chat.type == "supergroup" and group.effective_user.id == USER

    post = fake.make_message(USER, chat_id=-100888, chat_type="channel", text="nieuws")
    channel = Update.de_json(fake.push_update({"channel_post": post}), None)
    assert channel.channel_post.sender_chat.id == -100888 and channel.channel_post.from_user is None

    location = fake.make_message(USER, location={"latitude": 52.37, "longitude": 4.80})
    assert Update.de_json(fake.push_update({"message": location}), None).message.location.latitude == 52.37

    edited = dict(fake.make_message(USER, text="hoi!"), edit_date=int(time.time()))
    assert Update.de_json(fake.push_update({"edited_message": edited}), None).edited_message.text == "hoi!"

    ids = [u["update_id"] for u in fake.pending_updates]
    assert ids == sorted(ids) and len(set(ids)) == 6


def test_waiting_times_out_with_what_was_sent(fake: FakeTelegram) -> None:
    with pytest.raises(TimeoutError, match="within 0.2 s"):
        fake.wait_for_sent(lambda call: call.text == "nooit", timeout=0.2)


# ---------------------------------------------------------------------- an Application polling the fake


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Genoteerd")
    await query.edit_message_reply_markup(None)
    await context.bot.send_message(update.effective_chat.id, f"Je koos: {query.data}")


async def photo_size(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    file = await update.message.photo[-1].get_file()
    data = await file.download_as_bytearray()
    await update.message.reply_text(f"foto van {len(data)} bytes")


async def test_application_echoes_text_and_answers_buttons() -> None:
    async with FakeTelegram() as fake:  # the server shares this test's event loop
        application = application_for(fake)
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        application.add_handler(MessageHandler(filters.PHOTO, photo_size))
        application.add_handler(CallbackQueryHandler(on_button))
        async with polling(application):
            fake.push_text(USER, "hallo buurt")
            reply = await fake.wait_for_sent_async(lambda c: c.text == "echo: hallo buurt", timeout=10)
            assert reply.chat_id == USER

            question = await application.bot.send_message(USER, "Wil je meedoen?", reply_markup=KEYBOARD)
            pressed = fake.push_callback(USER, "ja")
            assert pressed["callback_query"]["message"]["message_id"] == question.message_id
            await fake.wait_for_sent_async(lambda c: c.text == "Je koos: ja", timeout=10)
            (answer,) = fake.answered_callbacks
            assert answer["callback_query_id"] == pressed["callback_query"]["id"]
            assert (answer["data"], answer["text"], answer["show_alert"]) == ("ja", "Genoteerd", None)
            assert "reply_markup" not in fake.message(USER, question.message_id)

            picture = fake.add_file(b"\xff\xd8\xff fake jpeg", "foto.jpg")
            fake.push_update({"message": fake.make_message(USER, photo=[dict(picture, width=64, height=64)])})
            await fake.wait_for_sent_async(lambda c: c.text == "foto van 13 bytes", timeout=10)
        await fake.wait_until_async(lambda: not fake.pending_updates, timeout=5)  # stopping confirmed them all
        with pytest.raises(RuntimeError, match="wait_until_async"):
            fake.wait_for_sent(timeout=1)  # a blocking wait would freeze the server's own loop


def test_run_polling_in_another_thread() -> None:
    with FakeTelegram.running() as fake:
        application = application_for(fake)

        async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await update.message.reply_text(
                f"Welkom, {update.effective_user.first_name}! Code: {' '.join(context.args)}"
            )

        async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await update.message.reply_text("Tot ziens")
            context.application.stop_running()

        application.add_handler(CommandHandler("start", start))
        application.add_handler(CommandHandler("stop", stop))

        def run() -> None:
            asyncio.set_event_loop(asyncio.new_event_loop())
            application.run_polling(poll_interval=0.05, timeout=2, stop_signals=None, allowed_updates=Update.ALL_TYPES)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        fake.push_command(USER, "start", "abc123", first_name="Sem")
        assert fake.wait_for_sent(lambda c: c.text.startswith("Welkom"), timeout=15).text == "Welkom, Sem! Code: abc123"
        fake.push_command(USER, "stop")
        thread.join(15)
        assert not thread.is_alive()
        assert fake.texts(USER) == ["Welkom, Sem! Code: abc123", "Tot ziens"]
        assert fake.pending_updates == []
        assert "deleteWebhook" in [c.method for c in fake.calls]  # run_polling's bootstrap
