"""Forwarding: the one way a chat message reaches Rasa (REST channel), for Telegram and the terminal."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx

from bot.rendering import Reply, parse_replies


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time."""


class RasaClient:
    def __init__(self, rasa_url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=rasa_url, timeout=timeout)

    async def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Reply]:
        """Sends one user message and returns the bot's replies."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        return parse_replies(response.json())

    async def close(self) -> None:
        await self._client.aclose()
