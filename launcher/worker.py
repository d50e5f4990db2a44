"""The worker's wiring to Telegram: inside the front-end process (PTB start and stop hooks), or as a process
of its own (`python -m launcher worker`) that only sends, and reads no updates."""

from __future__ import annotations

import asyncio
import signal

from telegram.ext import Application

from bot.telegram_app import TelegramSink, build_application
from buurtbot.config import Settings
from worker.jobs import start_jobs, stop_jobs

JOBS = "jobs"


async def start_with(application: Application) -> None:
    application.bot_data[JOBS] = start_jobs(application.bot_data["settings"], TelegramSink(application))


async def stop_with(application: Application) -> None:
    if JOBS in application.bot_data:
        await stop_jobs(*application.bot_data.pop(JOBS))


async def run_worker(settings: Settings) -> None:
    """Runs the jobs until SIGTERM or Ctrl-C; the message in flight is finished and marked first."""
    application = build_application(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with application:  # initialises the bot (and its rate limiter) without polling for updates
        await start_with(application)
        try:
            await stop.wait()
        finally:
            await stop_with(application)
