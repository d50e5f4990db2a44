"""Our Telegram application (real python-telegram-bot code) polling the local fake Bot API in a thread."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from bot.telegram_app import build_application
from buurtbot.config import Settings
from tools.fake_telegram import Call, FakeTelegram

TIMEOUT = 90


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
