"""Updates of different chats are handled at the same time; updates of one chat strictly in order.

python-telegram-bot handles one update at a time by default, so twenty users would wait for each other.
Handling everything concurrently could answer one user's two quick messages out of order. This
processor takes the middle way: a lock per chat, and up to `max_concurrent_updates` chats at once.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Dict, Hashable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: Dict[Hashable, asyncio.Lock] = {}
        self._waiting: Dict[Hashable, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_of(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody else waits for this chat: forget its lock
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to clean up."""


def _chat_of(update: object) -> Hashable:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return id(update)  # no chat (e.g. a poll answer): nothing to keep in order with
