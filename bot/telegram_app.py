"""Telegram front end (python-telegram-bot): text and button presses go to Rasa, replies come back.

Flow: a text message or a pressed button → forward to Rasa (sender = Telegram user id) → render
each Reply: text with an inline keyboard for its buttons, photos and documents.
"""
from __future__ import annotations

import logging
from typing import List

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rendering import UNAVAILABLE_TEXT, Reply
from buurtbot.config import Settings

log = logging.getLogger(__name__)


def build_application(settings: Settings) -> Application:
    builder = Application.builder().token(settings.telegram_bot_token)
    if settings.telegram_api_url:
        root = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data["rasa"] = RasaClient(settings.rasa_url, settings.rasa_timeout)
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_button))
    return application


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: forward it as is."""
    await _forward(update, context, update.effective_message.text)


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


def run_polling(settings: Settings) -> None:
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
