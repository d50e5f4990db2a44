"""Outbox delivery: pushes queued messages to users through a Sink (Telegram, the terminal, a test list).

A row is marked delivered right after its send succeeds; a failed send is retried with backoff (or
after Telegram's RetryAfter); a user who blocked the bot is marked and skipped. Nothing is dropped silently.

A stop (SIGTERM, a restart) lets the message in flight finish and be marked, so no row is sent twice. On
PostgreSQL any number of workers may deliver at once: each claims a row with SELECT ... FOR UPDATE SKIP LOCKED.
Only a hard crash (SIGKILL, power loss) in the milliseconds between Telegram accepting a message and the
commit can send that one row again after the restart: delivery is at least once, never lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Dict, List, Optional, Protocol, Set, Tuple

from sqlalchemy import select

from buurtbot import outbox
from buurtbot.config import Settings
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage, Person
from buurtbot.storage.types import utcnow

log = logging.getLogger(__name__)


class RetryLater(Exception):
    """The channel asks to wait (Telegram's RetryAfter)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Undeliverable(Exception):
    """The recipient cannot be reached at all (they blocked the bot, or deleted their account)."""


class Sink(Protocol):
    def can_reach(self, sender_id: str) -> bool: ...

    async def send(self, sender_id: str, payload: Dict[str, Any]) -> None: ...


class ListSink:
    """Collects messages in a list: for tests, and for the terminal chat's own user."""

    def __init__(self, reachable: Optional[Set[str]] = None) -> None:
        self.sent: List[Tuple[str, Dict[str, Any]]] = []
        self.reachable = reachable

    def can_reach(self, sender_id: str) -> bool:
        return self.reachable is None or sender_id in self.reachable

    async def send(self, sender_id: str, payload: Dict[str, Any]) -> None:
        self.sent.append((sender_id, payload))


async def deliver_due(
    settings: Settings, sink: Sink, limit: int = 50, stopping: Callable[[], bool] = lambda: False
) -> int:
    """Delivers what is due and reachable by this sink, until `stopping()`; returns how many were delivered."""
    with session_scope(settings) as session:
        due = _reachable_due(session, sink, limit)
    delivered = 0
    for message_id, sender_id in due:
        if stopping():
            break
        delivered += await _deliver_one(settings, sink, message_id, sender_id)
    return delivered


class DeliveryJob:
    """The scheduled delivery run. `stop()` waits for the message in flight and starts no new one."""

    def __init__(self, settings: Settings, sink: Sink) -> None:
        self.settings, self.sink = settings, sink
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()

    async def run(self) -> int:
        if self._stopping:
            return 0
        self._idle.clear()
        try:
            return await deliver_due(self.settings, self.sink, stopping=lambda: self._stopping)
        finally:
            self._idle.set()

    async def stop(self) -> None:
        self._stopping = True
        await self._idle.wait()


def _reachable_due(session: Any, sink: Sink, limit: int) -> List[Tuple[int, str]]:
    """(message id, sender) of up to `limit` due messages this sink can reach. Pages past the ones it cannot
    (a terminal user's, in a database Telegram shares), so those never hold up the others."""
    found: List[Tuple[int, str]] = []
    after_id = 0
    while len(found) < limit:
        page = _due_with_sender(session, limit, after_id)
        if not page:
            break
        found += [(message.id, sender) for message, sender in page if sink.can_reach(sender)]
        after_id = page[-1][0].id
    return found[:limit]


def _due_with_sender(session: Any, limit: int, after_id: int = 0) -> List[Tuple[OutboxMessage, str]]:
    messages = outbox.due(session, limit, after_id=after_id)
    senders = dict(
        session.execute(
            select(Person.id, Person.sender_id).where(Person.id.in_([m.recipient_id for m in messages]))
        ).all()
    )
    return [(m, senders[m.recipient_id]) for m in messages]


async def _deliver_one(settings: Settings, sink: Sink, message_id: int, sender_id: str) -> int:
    with session_scope(settings) as session:
        # On PostgreSQL the row stays locked until it is marked, and a second worker skips it instead of sending it
        # too (SKIP LOCKED). SQLite ignores this: with SQLite one process delivers.
        claim = select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update(skip_locked=True)
        message = session.execute(claim).scalar_one_or_none()
        if message is None or message.delivered_at or message.skipped_at:
            return 0
        person = session.get(Person, message.recipient_id)
        if person.blocked_bot_at:
            outbox.mark_skipped(message, "recipient blocked the bot")
            return 0
        payload = outbox.payload_for(session, message, settings.timezone)
        if payload is None:
            outbox.mark_skipped(message, "nothing left to send: what it was about has been deleted")
            return 0
        try:
            await sink.send(sender_id, payload)
        except RetryLater as exc:
            outbox.mark_failed(message, str(exc), retry_after=exc.seconds)
            return 0
        except Undeliverable as exc:
            person.blocked_bot_at = utcnow()
            outbox.mark_skipped(message, str(exc))
            return 0
        except Exception as exc:  # network errors and the like: try again later, with backoff
            log.warning("Outbox message %s not delivered (attempt %s): %s", message.id, message.attempts + 1, exc)
            outbox.mark_failed(message, f"{type(exc).__name__}: {exc}")
            return 0
        outbox.mark_delivered(message)
        return 1
