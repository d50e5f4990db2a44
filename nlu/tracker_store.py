"""Rasa's tracker store for Buurtbot: conversations live in the same database as everything else,
and what a professional tells off the record never lands next to their sender id.

endpoints.yml names this class; it takes the database from DATABASE_URL like every other process.

Off the record, by construction: from the turn that starts the off-record form until the turn it ends in,
nothing of the conversation is written. Those turns live only in this process's memory (`PrivateTurns`), and
when the form ends, or is left alone for PRIVATE_TTL, they are dropped. So no text, slot, entity, intent or
timestamp of the report is stored under the sender id, whatever slots the form gets later. The price: a Rasa
restart in the middle of a report loses the unfinished report, and the professional starts again. The front end
sends each user to one Rasa server (bot/rasa_client.py), so the turns of one report meet in one process.

A form that is dropped unsaved ("stop", no consent, no confirmation) is taken out of the history too: the
action sets the `form_discarded` slot, and the stored turns from the message that started that form onward
are deleted, so "er is niets opgeslagen" holds for the conversation history as well.

For each message Rasa loads the conversation, and its policies go over every loaded event several times per
turn: the work per message grew with the length of the conversation. The policies only look a few turns back
(MemoizationPolicy 5, the rules fewer), so `retrieve` replays the whole session but keeps only the recent
events, starting with the state before them (slots, the active form). `save` writes exactly the events that
came after the loaded ones. docs/benchmarks.md has the measurements.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    ConversationPaused,
    Event,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, func
from sqlalchemy.orm import sessionmaker

from buurtbot.config import get_settings
from buurtbot.storage import compact_sqlite, configure_engine, get_engine
from buurtbot.storage.conversations import DISCARDED_SLOT, FORGOTTEN_SLOT, PRIVATE_TURN_LOG

PRIVATE_FORM = "off_record_form"
PRIVATE_INTENT = "report_off_record"
PRIVATE_TTL = 60 * 60.0  # seconds without a message before an unfinished report is dropped (Rasa's session length)
RECENT_EVENTS = 100  # about 10 turns; the policies look back at most 5
LOADED = "_buurtbot_loaded"  # attribute on a tracker from `retrieve`

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """What `save` needs to know about a tracker that `retrieve` built from the database."""

    last: Event  # the last stored event: everything after it is new


@dataclass
class PrivateTurns:
    """The turns of an unfinished off-record report: held in memory only, never written."""

    events: List[Event]
    expires_at: float


class BuurtbotTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None, **kwargs: Any
    ) -> None:
        url = get_settings().database_url
        get_engine(url)  # fails with one clear sentence on a bad URL
        kwargs.pop("host", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)  # a full URL is used as is
        # Rasa's engine, with what it lacks: a connection PostgreSQL dropped (restart, failover) is noticed before
        # use instead of failing the next message, and our connection rules (NUL filter, SQLite pragmas).
        self.engine.dispose()
        self.engine = create_engine(self.engine.url, pool_pre_ping=True, **create_engine_kwargs(url))
        configure_engine(self.engine)
        self.sessionmaker = sessionmaker(bind=self.engine)
        self._private: Dict[str, PrivateTurns] = {}

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest session, in its full state, holding only its recent events (see the module text)."""
        return self._private_tracker(sender_id) or self._stored_tracker(sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return self._private_tracker(conversation_id) or await super().retrieve_full_tracker(conversation_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        if forgotten_in_last_turn(events):  # "vergeet mij": the turn is not stored, old events go
            self._private.pop(tracker.sender_id, None)
            self._delete_all(tracker.sender_id)
            compact_sqlite(self.engine)
            return
        with self.session_scope() as session:
            new = self._new_events(session, tracker)
            private = self._private.pop(tracker.sender_id, None) is not None
            if private or starts_private(new) or tracker.active_loop_name == PRIVATE_FORM:
                if tracker.active_loop_name == PRIVATE_FORM:  # the report goes on: its turns stay in memory only
                    self._private[tracker.sender_id] = PrivateTurns(events, time.time() + PRIVATE_TTL)
                log.debug("%s: an off-the-record turn, kept in memory only", PRIVATE_TURN_LOG)
                return  # ended or left: nothing of these turns is kept anywhere
            if discarded_in(new):
                new = self._discard_form(session, tracker.sender_id, events, new)
            self._add(session, tracker.sender_id, new)
            session.commit()
        if self.event_broker is not None:  # a broker gets exactly what is stored
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)

    def _private_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        self._drop_expired()
        turns = self._private.get(sender_id)
        if turns is None or not self.domain:
            return None
        turns.expires_at = time.time() + PRIVATE_TTL
        return DialogueStateTracker.from_events(sender_id, turns.events, self.domain.slots)

    def _drop_expired(self) -> None:
        now = time.time()
        for sender_id in [s for s, turns in self._private.items() if turns.expires_at < now]:
            del self._private[sender_id]

    def _stored_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            stored = [json.loads(row.data) for row in rows]
        if not self.domain or not stored:
            return None
        tracker = recent_tracker(sender_id, deserialise_events(stored), self.domain.slots)
        setattr(tracker, LOADED, Loaded(tracker.events[-1]))
        return tracker

    def _new_events(self, session: Any, tracker: DialogueStateTracker) -> List[Event]:
        """The events after the ones stored."""
        events = list(tracker.events)
        loaded: Optional[Loaded] = getattr(tracker, LOADED, None)
        if loaded is None:  # a tracker that did not come from the database (a new conversation, the HTTP API)
            return list(super()._additional_events(session, tracker))
        position = next((i for i in range(len(events) - 1, -1, -1) if events[i] is loaded.last), None)
        if position is None:  # cannot happen: a turn adds far fewer than RECENT_EVENTS events
            log.error("The last loaded event of a conversation is gone; storing only the newer events.")
            return [e for e in events if (e.timestamp or 0) > (loaded.last.timestamp or 0)]
        return events[position + 1 :]

    def _add(self, session: Any, sender_id: str, events: List[Event]) -> None:
        """The rows Rasa's own save writes, for exactly these events."""
        for event in events:
            data = event.as_dict()
            session.add(
                self.SQLEvent(
                    sender_id=sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                )
            )

    def _discard_form(self, session: Any, sender_id: str, events: List[Event], new: List[Event]) -> List[Event]:
        """Takes a form that was dropped unsaved out of the history, from the message that started it on.
        Returns what is left of this turn to store."""
        start = form_start(events)
        if start is not None and any(e is events[start] for e in new):  # the form started in this turn
            return new[: next(i for i, e in enumerate(new) if e is events[start])]
        first = self._stored_form_start(session, sender_id)
        if first is not None:
            self._events_of(session, sender_id).filter(self.SQLEvent.id >= first).delete(synchronize_session=False)
        return []

    def _stored_form_start(self, session: Any, sender_id: str) -> Optional[int]:
        """The row id of the user message that started the last form, as stored; None: not found."""
        loops = self._events_of(session, sender_id).filter(self.SQLEvent.type_name == ActiveLoop.type_name)
        loop_id = next(
            (row.id for row in loops.order_by(self.SQLEvent.id.desc()) if json.loads(row.data).get("name")), None
        )
        if loop_id is None:
            return None
        users = self._events_of(session, sender_id).filter(
            self.SQLEvent.type_name == UserUttered.type_name, self.SQLEvent.id < loop_id
        )
        return users.with_entities(func.max(self.SQLEvent.id)).scalar()

    def _events_of(self, session: Any, sender_id: str) -> Any:
        return session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)

    def _delete_all(self, sender_id: str) -> None:
        with self.session_scope() as session:
            self._events_of(session, sender_id).delete(synchronize_session=False)
            session.commit()


def starts_private(events: Sequence[Event]) -> bool:
    """Does this turn start (or try to start) the off-record form?"""
    return any(
        (isinstance(e, ActiveLoop) and e.name == PRIVATE_FORM)
        or (isinstance(e, UserUttered) and (e.intent or {}).get("name") == PRIVATE_INTENT)
        for e in events
    )


def discarded_in(events: Sequence[Event]) -> bool:
    return any(isinstance(e, SlotSet) and e.key == DISCARDED_SLOT and e.value for e in events)


def form_start(events: Sequence[Event]) -> Optional[int]:
    """The index of the user message in whose turn the last form was activated; None when not in `events`."""
    activation = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], ActiveLoop) and events[i].name), None
    )
    if activation is None:
        return None
    return next((i for i in range(activation, -1, -1) if isinstance(events[i], UserUttered)), None)


def forgotten_in_last_turn(events: List[Event]) -> bool:
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == FORGOTTEN_SLOT and event.value:
            return True
    return False


def recent_tracker(
    sender_id: str, events: Sequence[Event], slots: Sequence[Slot], keep: int = RECENT_EVENTS
) -> DialogueStateTracker:
    """A tracker in the state after all `events` that holds only about the last `keep` of them.

    It starts at a turn (an action_listen), preceded by events that restore the state at that point: the
    slots, the active form, a pause. So an undo (UserUtteranceReverted replays the held events) gives the
    same state as with the whole conversation.
    """
    start = window_start(events, keep)
    if start == 0:
        return DialogueStateTracker.from_events(sender_id, list(events), slots)
    before = DialogueStateTracker.from_events(sender_id, list(events[:start]), slots)
    tracker = DialogueStateTracker(sender_id, slots)
    for event in state_events(before, events[start].timestamp):
        tracker.update(event)
    for event in events[start:]:
        tracker.update(event)
    return tracker


def window_start(events: Sequence[Event], keep: int) -> int:
    """The first action_listen among the last `keep` events; 0 (all) when the conversation is short or has none."""
    if len(events) <= keep:
        return 0
    for index in range(len(events) - keep, len(events)):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return index
    return 0


def state_events(tracker: DialogueStateTracker, timestamp: float) -> List[Event]:
    """Events that put a fresh tracker in the state of `tracker` (slots, active form, pause)."""
    events: List[Event] = [
        SlotSet(name, slot.value, timestamp=timestamp)
        for name, slot in tracker.slots.items()
        if slot.value != slot.initial_value
    ]
    if tracker.active_loop_name:
        events.append(ActiveLoop(tracker.active_loop_name, timestamp=timestamp))
    if tracker.is_paused():
        events.append(ConversationPaused(timestamp=timestamp))
    return events
