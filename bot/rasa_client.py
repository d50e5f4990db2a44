"""Forwarding: the one way a chat message reaches Rasa (REST channel), for Telegram and the terminal.

With several Rasa servers (RASA_SERVERS on this host, or RASA_URLS on any hosts), each user has a ranking of
the servers by rendezvous (highest-random-weight) hashing: the same in every process, and adding or removing a
server moves only that server's share of users. A user goes to the first server of their ranking. When that
server cannot be reached, the next one takes the message: the conversation lives in the shared tracker store, so
it simply continues there. A server that was reached but did not answer in time is not asked again elsewhere:
it may still be working on the message, and the user hears that it does not work right now.

Rasa's lock, which keeps one user's messages in order, lives inside each server (or in Redis with REDIS_URL), so
a user must be on one server at a time: only an unreachable server hands its users on.
"""

from __future__ import annotations

import hashlib
from typing import Any, Dict, List, Optional, Sequence

import httpx

from bot.rendering import EMPTY_TEXT, NO_ANSWER_TEXT, Reply, parse_replies
from buurtbot.safe_text import has_visible_text

UNREACHABLE = (httpx.ConnectError, httpx.ConnectTimeout)  # nothing was sent: another server may take the message


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time."""


def weight(sender_id: str, url: str) -> int:
    """The sender's weight for a server: a stable hash (Python's hash() differs per process)."""
    key = sender_id.encode("utf-8", "surrogatepass") + b"\0" + url.encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


class RasaClient:
    def __init__(self, rasa_urls: Sequence[str], timeout: float) -> None:
        self._urls = list(rasa_urls)
        self._client = httpx.AsyncClient(timeout=timeout)

    def ranking(self, sender_id: str) -> List[str]:
        """The servers in the order this user tries them."""
        return sorted(self._urls, key=lambda url: weight(sender_id, url), reverse=True)

    def url_for(self, sender_id: str) -> str:
        """The Rasa server of this user while it is up."""
        return self.ranking(sender_id)[0]

    async def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Reply]:
        """Sends one user message and returns the bot's replies; never none (the user is not left in silence,
        e.g. when the action server is down and Rasa carries on without it)."""
        if not has_visible_text(text):  # Rasa has nothing to understand in it and would stay silent
            return [Reply(text=EMPTY_TEXT)]
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        problem: Exception = RasaUnavailable("no Rasa server configured")
        for url in self.ranking(sender_id):
            try:
                response = await self._client.post(f"{url}/webhooks/rest/webhook", json=body)
                response.raise_for_status()
                answer = response.json()
            except UNREACHABLE as exc:
                problem = exc
                continue
            except (httpx.HTTPError, ValueError) as exc:  # ValueError: not JSON
                raise RasaUnavailable(str(exc)) from exc
            return parse_replies(answer) or [Reply(text=NO_ANSWER_TEXT)]
        raise RasaUnavailable(str(problem)) from problem

    async def close(self) -> None:
        await self._client.aclose()
