"""Rasa's conversation history: the tracker store's `events` table lives in the same database.

The schema creates the table (migration 0004) before Rasa starts; a database that has not been migrated yet
may lack it, so every function here copes with that.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import List

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

EVENTS = "events"
# Slots that an action sets to tell the tracker store (nlu/tracker_store.py) what not to keep.
FORGOTTEN_SLOT = "forgotten"  # "vergeet mij": nothing of the conversation is kept
DISCARDED_SLOT = "form_discarded"  # a form dropped unsaved: its turns leave the history
PRIVATE_TURN_LOG = "Not stored"  # starts the tracker store's debug line of a private turn (no id, no content)


def events_table_exists(session: Session) -> bool:
    return EVENTS in inspect(session.get_bind()).get_table_names()


def events_of(session: Session, sender_id: str) -> List[dict]:
    if not events_table_exists(session):
        return []
    rows = session.execute(text(f"SELECT data FROM {EVENTS} WHERE sender_id = :s ORDER BY id"), {"s": sender_id})
    return [json.loads(data) for (data,) in rows]


def delete_conversation(session: Session, sender_id: str) -> None:
    if events_table_exists(session):
        session.execute(text(f"DELETE FROM {EVENTS} WHERE sender_id = :s"), {"s": sender_id})


def delete_events_before(session: Session, cutoff: datetime) -> int:
    """Rasa stores each event with a Unix timestamp; events before the cutoff go."""
    if not events_table_exists(session):
        return 0
    return session.execute(text(f"DELETE FROM {EVENTS} WHERE timestamp < :t"), {"t": cutoff.timestamp()}).rowcount
