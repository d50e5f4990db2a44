"""Our Telegram application (real python-telegram-bot code) polling the local fake Bot API in a thread."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from typing import Iterator

from bot.telegram_app import build_application
from buurtbot.config import Settings
from tools.fake_telegram import FakeTelegram


@contextmanager
def polling_frontend(stack_settings: Settings, **overrides: str) -> Iterator[FakeTelegram]:
    """The fake Bot API server with the front end polling it, for the servers of `stack_settings`
    (with `overrides` of its environment)."""
    with FakeTelegram.running() as fake:
        env = {
            **stack_settings.process_env(),
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.base_url,
            **overrides,
        }
        settings = Settings.from_env(env)
        application = build_application(settings)
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
        if application.post_init:  # as run_polling does: registers the command menu
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.05)
        while not stopped.is_set():
            await asyncio.sleep(0.1)
        await application.updater.stop()
        await application.stop()
