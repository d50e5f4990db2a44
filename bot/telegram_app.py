"""Telegram front end (python-telegram-bot 22): chat messages and button presses go to Rasa, replies come back.

Flow: an update → `on_text` / `on_button` → forward to Rasa (sender = Telegram user id, metadata = chat id,
first name, language) → `send_replies` renders each Reply: text (split at Telegram's 4096 characters) with an
inline keyboard, photos and documents. Everything else Telegram can send gets a friendly answer
(`on_other`, `on_edited`). In groups the bot only reacts when it is addressed.
Long polling by default; webhook mode when WEBHOOK_URL is set (the secret token is checked on every request).
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from typing import Awaitable, Callable, List, Optional

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import Forbidden, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.commands import COMMANDS, to_payload
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rendering import UNAVAILABLE_TEXT, Button, Reply
from bot.update_order import PerChatUpdateProcessor
from buurtbot.config import Settings
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person, Role
from worker.delivery import RetryLater, Undeliverable

log = logging.getLogger(__name__)

NOT_RECEIVED = f"{UNAVAILABLE_TEXT} Je bericht is niet aangekomen."
ONLY_TEXT = "Ik kan alleen tekst lezen. Typ je vraag in een bericht, of kies een knop."
EDITED = "Ik lees geen aangepaste berichten. Stuur je vraag gerust opnieuw."
EXPIRED_BUTTON = "Deze knop werkt niet meer. Typ je vraag opnieuw, dan help ik je verder."
CALLBACK_LIMIT = 64  # bytes Telegram allows in callback_data
KEY_PREFIX = "k:"


class PayloadKeys:
    """Button payloads longer than Telegram's 64 bytes travel as a short key (never cut off).
    Keys live in memory: after a restart an old long button gets a clear answer instead of a wrong action."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._payloads: "OrderedDict[str, str]" = OrderedDict()
        self._capacity = capacity

    def callback_data(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= CALLBACK_LIMIT and not payload.startswith(KEY_PREFIX):
            return payload
        key = KEY_PREFIX + secrets.token_urlsafe(12)
        self._payloads[key] = payload
        while len(self._payloads) > self._capacity:
            self._payloads.popitem(last=False)
        return key

    def payload(self, data: str) -> Optional[str]:
        return self._payloads.get(data) if data.startswith(KEY_PREFIX) else data


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> List[str]:
    """Splits at paragraph, line or word boundaries so no part is longer than Telegram allows."""
    parts = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text] if text else parts


def keyboard(buttons: List[Button], keys: PayloadKeys) -> Optional[InlineKeyboardMarkup]:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=keys.callback_data(b.payload))] for b in buttons]
    )


class TelegramSink:
    """Delivers outbox messages with the bot; Telegram's errors become delivery outcomes."""

    def __init__(self, application: Application) -> None:
        self.bot = application.bot
        self.keys: PayloadKeys = application.bot_data.setdefault("keys", PayloadKeys())

    def can_reach(self, sender_id: str) -> bool:
        return sender_id.isdigit()

    async def send(self, sender_id: str, payload: dict) -> None:
        try:
            await send_payload(self.bot, int(sender_id), payload, self.keys)
        except RetryAfter as exc:
            wait = exc.retry_after
            raise RetryLater(float(wait.total_seconds() if hasattr(wait, "total_seconds") else wait)) from exc
        except Forbidden as exc:
            raise Undeliverable(str(exc)) from exc


async def send_payload(bot, chat_id: int, payload: dict, keys: PayloadKeys) -> None:
    buttons = [Button(b["title"], b["payload"]) for b in payload.get("buttons", [])]
    await send_text(bot, chat_id, payload.get("text", ""), keyboard(buttons, keys))
    for attachment in payload.get("attachments", []):  # made at sending time, never a file on disk
        file = InputFile(attachment["content"], filename=attachment.get("filename"))
        if attachment.get("type") == "photo":
            await bot.send_photo(chat_id, file)
        else:
            await bot.send_document(chat_id, file)


async def send_text(bot, chat_id: int, text: str, markup: Optional[InlineKeyboardMarkup]) -> None:
    parts = split_text(text) or [""]
    for number, part in enumerate(parts, start=1):
        await bot.send_message(chat_id, part, reply_markup=markup if number == len(parts) else None)


Hook = Callable[[Application], Awaitable[None]]


def build_application(
    settings: Settings, on_start: Optional[Hook] = None, on_stop: Optional[Hook] = None
) -> Application:
    """The Telegram application. `on_start` and `on_stop` run after start-up and before shut-down: the launcher
    uses them to run the worker in this process, when no separate worker runs."""
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if settings.telegram_api_url:
        root = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    builder = builder.post_init(_starter(on_start))
    if on_stop is not None:
        builder = builder.post_stop(on_stop)
    application = builder.build()
    application.bot_data.update(
        rasa=RasaClient(settings.rasa_urls, settings.rasa_timeout), settings=settings, keys=PayloadKeys()
    )
    # The handler wiring, in one place:
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, on_edited))
    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POSTS, on_channel_post))
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.ALL, on_other))
    application.add_error_handler(on_error)
    return application


async def _register_commands(application: Application) -> None:
    """Telegram's command menu: bewoner commands for everyone, more for staff in their own chat."""

    def commands_for(role: str) -> List[BotCommand]:
        return [BotCommand(c.name, c.description) for c in COMMANDS if role in c.roles]

    await application.bot.set_my_commands(commands_for(Role.bewoner.value))
    with session_scope(application.bot_data["settings"]) as session:
        staff = [(p.sender_id, p.role.value) for p in session.query(Person).filter(Person.role != Role.bewoner)]
    for sender_id, role in staff:
        if sender_id.isdigit():
            await application.bot.set_my_commands(commands_for(role), scope=BotCommandScopeChat(int(sender_id)))


def _starter(on_start: Optional[Hook]) -> Hook:
    async def start(application: Application) -> None:
        await _register_commands(application)
        if on_start is not None:
            await on_start(application)

    return start


def _addressed(update: Update, bot_username: str) -> bool:
    """In a group the bot only answers when mentioned, replied to, or given a command."""
    message = update.effective_message
    if update.effective_chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    replied_to_bot = (
        message.reply_to_message is not None and message.reply_to_message.from_user.username == bot_username
    )
    return replied_to_bot or f"@{bot_username}".lower() in text.lower()


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: commands become their intent, everything else is forwarded as typed."""
    if not _addressed(update, context.bot.username):
        return
    text = update.effective_message.text.replace(f"@{context.bot.username}", "").strip()
    await _forward(update, context, to_payload(text) or text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed button: stop its spinner, then forward its payload."""
    query = update.callback_query
    await query.answer()
    payload = context.bot_data["keys"].payload(query.data or "")
    if payload is None:
        await context.bot.send_message(update.effective_chat.id, EXPIRED_BUTTON)
        return
    await _forward(update, context, payload)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, voice, stickers, locations, contacts, documents...: say what the bot can read."""
    if update.effective_message and update.effective_chat.type == ChatType.PRIVATE:
        await context.bot.send_message(update.effective_chat.id, ONLY_TEXT)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat.type == ChatType.PRIVATE:
        await context.bot.send_message(update.effective_chat.id, EDITED)


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Channels are for broadcasting: the bot reads nothing there and says nothing."""


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("Update could not be handled: %s", context.error, exc_info=context.error)


async def _forward(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    user, chat = update.effective_user, update.effective_chat
    metadata = {"chat_id": chat.id, "first_name": user.first_name, "language_code": user.language_code}
    try:
        replies = await context.bot_data["rasa"].send(str(user.id), text, metadata)
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable: %s", exc)
        replies = [Reply(text=NOT_RECEIVED)]
    await send_replies(context, chat.id, replies)


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: List[Reply]) -> None:
    keys = context.bot_data["keys"]
    for reply in replies:
        if reply.text:
            await send_text(context.bot, chat_id, reply.text, keyboard(list(reply.buttons), keys))
        if reply.image:
            await context.bot.send_photo(chat_id, reply.image)
        if reply.document:
            content = reply.document.get("content", "").encode("utf-8")
            await context.bot.send_document(
                chat_id, InputFile(content, filename=reply.document.get("filename", "bestand"))
            )


def webhook_options(settings: Settings) -> dict:
    """Where the webhook listens and what Telegram is told; Telegram sends the secret with every update."""
    return dict(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path="telegram",
        webhook_url=f"{settings.webhook_url.rstrip('/')}/telegram",
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
    )


def run(settings: Settings, on_start: Optional[Hook] = None, on_stop: Optional[Hook] = None) -> None:
    """Long polling, or a webhook when WEBHOOK_URL is set."""
    application = build_application(settings, on_start, on_stop)
    if settings.webhook_url:
        application.run_webhook(**webhook_options(settings))
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
