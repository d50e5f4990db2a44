"""Forwarding: the one way a chat message reaches Rasa (REST channel), for Telegram and the terminal."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx

from bot.rendering import EMPTY_TEXT, NO_ANSWER_TEXT, Reply, parse_replies
from buurtbot.safe_text import has_visible_text


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time."""


class RasaClient:
    def __init__(self, rasa_url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=rasa_url, timeout=timeout)

    async def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Reply]:
        """Sends one user message and returns the bot's replies; never none (the user is not left in silence,
        e.g. when the action server is down and Rasa carries on without it)."""
        if not has_visible_text(text):  # Rasa has nothing to understand in it and would stay silent
            return [Reply(text=EMPTY_TEXT)]
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:  # ValueError: not JSON
            raise RasaUnavailable(str(exc)) from exc
        return parse_replies(answer) or [Reply(text=NO_ANSWER_TEXT)]

    async def close(self) -> None:
        await self._client.aclose()
