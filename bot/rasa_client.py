"""Forwarding: the one way a chat message reaches Rasa (REST channel), for Telegram and the terminal.

With several Rasa servers (RASA_SERVERS), each user always goes to the same one. Rasa's lock, which keeps one
user's messages in order, lives inside each server, so a user must never be on two servers at once.
"""

from __future__ import annotations

import zlib
from typing import Any, Dict, List, Optional, Sequence

import httpx

from bot.rendering import EMPTY_TEXT, NO_ANSWER_TEXT, Reply, parse_replies
from buurtbot.safe_text import has_visible_text


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time."""


class RasaClient:
    def __init__(self, rasa_urls: Sequence[str], timeout: float) -> None:
        self._urls = list(rasa_urls)
        self._client = httpx.AsyncClient(timeout=timeout)

    def url_for(self, sender_id: str) -> str:
        """The Rasa server of this user: a stable hash, the same in every process and after a restart."""
        return self._urls[zlib.crc32(sender_id.encode("utf-8", "surrogatepass")) % len(self._urls)]

    async def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Reply]:
        """Sends one user message and returns the bot's replies; never none (the user is not left in silence,
        e.g. when the action server is down and Rasa carries on without it)."""
        if not has_visible_text(text):  # Rasa has nothing to understand in it and would stay silent
            return [Reply(text=EMPTY_TEXT)]
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post(f"{self.url_for(sender_id)}/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:  # ValueError: not JSON
            raise RasaUnavailable(str(exc)) from exc
        return parse_replies(answer) or [Reply(text=NO_ANSWER_TEXT)]

    async def close(self) -> None:
        await self._client.aclose()
