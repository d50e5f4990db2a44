"""Telegram front end (python-telegram-bot): text and button presses go to Rasa, replies come back.

Flow: a text message or a pressed button → forward to Rasa (sender = Telegram user id) → render
each Reply: text with an inline keyboard for its buttons, photos and documents.
"""
from __future__ import annotations

import logging
from typing import List

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from telegram.error import Forbidden, RetryAfter

from bot.commands import to_payload
from bot.delivery import RetryLater, Undeliverable
from bot.jobs import start_jobs
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rendering import UNAVAILABLE_TEXT, Reply
from buurtbot.config import Settings

log = logging.getLogger(__name__)


class TelegramSink:
    """Delivers outbox messages with the bot; Telegram's errors become delivery outcomes."""

    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    def can_reach(self, sender_id: str) -> bool:
        return sender_id.isdigit()

    async def send(self, sender_id: str, payload: dict) -> None:
        try:
            await send_payload(self.bot, int(sender_id), payload)
        except RetryAfter as exc:
            raise RetryLater(float(exc.retry_after if not hasattr(exc.retry_after, "total_seconds") else exc.retry_after.total_seconds()))
        except Forbidden as exc:
            raise Undeliverable(str(exc))


async def send_payload(bot, chat_id: int, payload: dict) -> None:
    markup = None
    if payload.get("buttons"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(b["title"], callback_data=b["payload"])] for b in payload["buttons"]])
    await bot.send_message(chat_id, payload.get("text", ""), reply_markup=markup)
    for attachment in payload.get("attachments", []):
        with open(attachment["path"], "rb") as file:
            if attachment.get("type") == "photo":
                await bot.send_photo(chat_id, file)
            else:
                await bot.send_document(chat_id, file, filename=attachment.get("filename"))


def build_application(settings: Settings, with_jobs: bool = True) -> Application:
    builder = Application.builder().token(settings.telegram_bot_token)
    if with_jobs:
        builder = builder.post_init(_start_jobs)
    if settings.telegram_api_url:
        root = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data["rasa"] = RasaClient(settings.rasa_url, settings.rasa_timeout)
    application.bot_data["settings"] = settings
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_button))
    return application


async def _start_jobs(application: Application) -> None:
    application.bot_data["scheduler"] = start_jobs(application.bot_data["settings"], TelegramSink(application))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: commands become their intent, everything else is forwarded as typed."""
    text = update.effective_message.text
    await _forward(update, context, to_payload(text) or text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed button: stop its spinner, then forward its payload."""
    await update.callback_query.answer()
    await _forward(update, context, update.callback_query.data)


async def _forward(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    user, chat = update.effective_user, update.effective_chat
    metadata = {"chat_id": chat.id, "first_name": user.first_name, "language_code": user.language_code}
    try:
        replies = await context.bot_data["rasa"].send(str(user.id), text, metadata)
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable: %s", exc)
        replies = [Reply(text=UNAVAILABLE_TEXT)]
    await send_replies(context, chat.id, replies)


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: List[Reply]) -> None:
    for reply in replies:
        markup = None
        if reply.buttons:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(b.title, callback_data=b.payload)] for b in reply.buttons])
        if reply.text:
            await context.bot.send_message(chat_id, reply.text, reply_markup=markup)
        if reply.image:
            await context.bot.send_photo(chat_id, reply.image)
        if reply.document:
            content = reply.document.get("content", "").encode("utf-8")
            await context.bot.send_document(chat_id, InputFile(content, filename=reply.document.get("filename", "bestand")))


def run_polling(settings: Settings) -> None:
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
