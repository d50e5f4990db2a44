"""Rasa's tracker store for Buurtbot: conversations live in the same database as everything else,
and what a professional tells off the record never lands next to their sender id.

endpoints.yml names this class; it takes the database from DATABASE_URL like every other process.
Before events are written, every user message that starts or answers the off-record form is
replaced by a placeholder (text, entities and metadata), and so is the slot that holds the story.
The answers the form still needs in a later turn (wijk, date, chosen contact) are kept.
"""
from __future__ import annotations

from typing import Any, Iterator, List, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from buurtbot.config import get_settings
from buurtbot.storage import drop_nul_characters, get_engine

PRIVATE_FORM = "off_record_form"
PRIVATE_INTENT = "report_off_record"
PRIVATE_SLOTS = frozenset({"offrecord_story"})
REDACTED = "[off the record]"
FORGOTTEN_SLOT = "forgotten"  # set by action_forget_me


class BuurtbotTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None, **kwargs: Any
    ) -> None:
        url = get_settings().database_url
        get_engine(url)  # fails with one clear sentence on a bad URL, and sets up SQLite's WAL mode
        kwargs.pop("host", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)  # a full URL is used as is
        drop_nul_characters(self.engine)  # a sender id may hold one (REST channel); PostgreSQL refuses it

    async def save(self, tracker: DialogueStateTracker) -> None:
        """After "vergeet mij" nothing of the conversation is kept: the turn is not stored, old events go."""
        if forgotten_in_last_turn(list(tracker.events)):
            with self.session_scope() as session:
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
                session.commit()
            return
        await super().save(tracker)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        new = list(super()._additional_events(session, tracker))
        private = private_flags(list(tracker.events))
        offset = len(private) - len(new)
        return iter(redact(event) if private[offset + i] else event for i, event in enumerate(new))


def forgotten_in_last_turn(events: List[Event]) -> bool:
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == FORGOTTEN_SLOT and event.value:
            return True
    return False


def private_flags(events: List[Event]) -> List[bool]:
    """For each event: does it carry off-the-record content?"""
    flags, in_form = [], False
    for event in events:
        if isinstance(event, ActiveLoop):
            in_form = event.name == PRIVATE_FORM
        if isinstance(event, UserUttered):
            flags.append(in_form or (event.intent or {}).get("name") == PRIVATE_INTENT)
        else:
            flags.append(isinstance(event, SlotSet) and event.key in PRIVATE_SLOTS and event.value is not None)
    return flags


def redact(event: Event) -> Event:
    if isinstance(event, SlotSet):
        return SlotSet(event.key, REDACTED, timestamp=event.timestamp, metadata={})
    assert isinstance(event, UserUttered)
    parse_data = {"text": REDACTED, "intent": event.intent, "entities": [], "intent_ranking": []}
    return UserUttered(
        REDACTED, event.intent, [], parse_data, timestamp=event.timestamp, input_channel=event.input_channel,
        message_id=event.message_id, metadata={},
    )  # fmt: skip
