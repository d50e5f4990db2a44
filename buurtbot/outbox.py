"""The outbox: pushed messages are rows, written in the transaction of the data they are about.

The front end delivers them (bot/); a unique key per logical message makes enqueueing twice a no-op,
which together gives "nothing lost, nothing twice" across restarts.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, tzinfo
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buurtbot.storage.models import OutboxMessage, Person
from buurtbot.storage.types import utcnow

MAX_BACKOFF = timedelta(hours=1)

# A button in a queued message is stored as data, {"title", "does", "args"}: what it does, not which Rasa intent
# does it. The intent is looked up here when the message is sent, so renaming an intent (only this table changes)
# never breaks a message that is already queued.
CHOICE_INTENTS: Dict[str, str] = {
    "decide_meetup": "approve_meetup",
    "decide_veto": "set_veto_status",
    "show_wishes": "show_wishes",
    "open_wish": "open_wish",
    "set_wish_status": "set_wish_status",
    "withdraw_wish": "withdraw_wish",
    "withdraw_pearl": "withdraw_pearl",
    "show_wish_groups": "show_wish_groups",
    "show_group_pearls": "show_group_pearls",
    "plan_for_group": "plan_group_meetup",
    "ask_pearl": "ask_pearl",
    "ask_expert": "ask_expert",
    "answer_help_ask": "answer_help_ask",
    "join_meetup": "rsvp_meetup",
}


def choice(title: str, does: str, **args: str) -> Dict[str, Any]:
    if does not in CHOICE_INTENTS:
        raise ValueError(f"unknown choice {does!r}: add it to CHOICE_INTENTS")
    return {"title": title, "does": does, "args": args}


def as_buttons(choices: Iterable[Dict[str, Any]]) -> List[Dict[str, str]]:
    """Stored choices as chat buttons: a title and the payload of today's intent."""
    return [
        {"title": c["title"], "payload": f"/{CHOICE_INTENTS[c['does']]}{json.dumps(c['args'])}"} if "does" in c else c
        for c in choices
    ]


def enqueue(
    session: Session,
    key: str,
    recipient: Person,
    kind: str,
    text: str,
    buttons: Optional[List[Dict[str, Any]]] = None,
    not_before: Optional[datetime] = None,
    created_at: Optional[datetime] = None,
    subject: Optional[Person] = None,
    digest_id: Optional[int] = None,
) -> bool:
    """Adds a message unless one with `key` exists. Returns whether it was added.
    `subject`: the person the text quotes or is about, when that is not the recipient ("vergeet mij" of the
    subject deletes the message). `created_at` may be coarsened on purpose (off-the-record copies carry only the day).
    `buttons` are choices made with `choice`."""
    if session.execute(select(OutboxMessage.id).where(OutboxMessage.key == key)).first():
        return False
    when = not_before or utcnow()
    payload: Dict[str, Any] = {"digest_id": digest_id} if digest_id is not None else {"text": text}
    if buttons:
        payload["buttons"] = buttons
    try:
        with session.begin_nested():
            session.add(
                OutboxMessage(
                    key=key,
                    recipient_id=recipient.id,
                    subject_id=subject.id if subject else None,
                    kind=kind,
                    payload=payload,
                    not_before=when,
                    next_attempt_at=when,
                    created_at=created_at or utcnow(),
                )
            )
    except IntegrityError:  # a concurrent enqueue of the same key won
        return False
    return True


def enqueue_for_each(
    session: Session,
    recipients: Iterable[Person],
    key: str,
    kind: str,
    text: str,
    buttons: Optional[List[Dict[str, Any]]] = None,
    subject: Optional[Person] = None,
    digest_id: Optional[int] = None,
) -> int:
    """The same message for several people; each gets key '<key>:<their id>'. Returns how many were added."""
    return sum(
        enqueue(
            session, f"{key}:{person.id}", person, kind, text, buttons=buttons, subject=subject, digest_id=digest_id
        )
        for person in recipients
    )


def payload_for(session: Session, message: OutboxMessage, zone: tzinfo) -> Optional[Dict[str, Any]]:
    """What to send now. A digest is made at this moment from the wishes still stored (None: nothing left)."""
    if "digest_id" in message.payload:
        from buurtbot.dreams.digest import (
            digest_payload,  # the digest module queues through this one
        )

        return digest_payload(session, message.payload["digest_id"], zone)
    if "buttons" in message.payload:
        return {**message.payload, "buttons": as_buttons(message.payload["buttons"])}
    return message.payload


def due(session: Session, limit: int = 100, now: Optional[datetime] = None, after_id: int = 0) -> List[OutboxMessage]:
    """Undelivered messages whose time has come, oldest first; `after_id` pages on from the last one seen."""
    now = now or utcnow()
    return list(
        session.execute(
            select(OutboxMessage)
            .where(
                OutboxMessage.delivered_at.is_(None),
                OutboxMessage.skipped_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.id > after_id,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).scalars()
    )


def mark_delivered(message: OutboxMessage) -> None:
    message.delivered_at = utcnow()


def mark_failed(message: OutboxMessage, error: str, retry_after: Optional[float] = None) -> None:
    """Schedules another attempt with exponential backoff; a message is never dropped silently."""
    message.attempts += 1
    message.last_error = error[:500]
    if retry_after is not None:  # the channel said how long to wait
        backoff = timedelta(seconds=retry_after)
    else:
        backoff = timedelta(seconds=min(2**message.attempts, MAX_BACKOFF.total_seconds()))
    message.next_attempt_at = utcnow() + backoff


def mark_skipped(message: OutboxMessage, reason: str) -> None:
    message.skipped_at = utcnow()
    message.last_error = reason[:500]
