"""Rasa's tracker store for Buurtbot: conversations live in the same database as everything else,
and what a professional tells off the record never lands next to their sender id.

endpoints.yml names this class; it takes the database from DATABASE_URL like every other process.
Before events are written, every user message that starts or answers the off-record form is
replaced by a placeholder (text, entities and metadata), and so is the slot that holds the story.
The answers the form still needs in a later turn (wijk, date, chosen contact) are kept.

For each message Rasa loads the conversation, and its policies go over every loaded event several times per
turn: the work per message grew with the length of the conversation. The policies only look a few turns back
(MemoizationPolicy 5, the rules fewer), so `retrieve` replays the whole session but keeps only the recent
events, starting with the state before them (slots, the active form). `save` writes exactly the events that
came after the loaded ones. docs/benchmarks.md has the measurements.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

from buurtbot.config import get_settings
from buurtbot.storage import drop_nul_characters, get_engine

PRIVATE_FORM = "off_record_form"
PRIVATE_INTENT = "report_off_record"
PRIVATE_SLOTS = frozenset({"offrecord_story"})
REDACTED = "[off the record]"
FORGOTTEN_SLOT = "forgotten"  # set by action_forget_me
RECENT_EVENTS = 100  # about 10 turns; the policies look back at most 5
LOADED = "_buurtbot_loaded"  # attribute on a tracker from `retrieve`

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """What `save` needs to know about a tracker that `retrieve` built."""

    last: Event  # the last stored event: everything after it is new
    in_private_form: bool  # the off-record form was active when the tracker was loaded


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

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest session, in its full state, holding only its recent events (see the module text)."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            stored = [json.loads(row.data) for row in rows]
        if not self.domain or not stored:
            return None
        tracker = recent_tracker(sender_id, deserialise_events(stored), self.domain.slots)
        setattr(tracker, LOADED, Loaded(tracker.events[-1], tracker.active_loop_name == PRIVATE_FORM))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        new, private = self._new_events(session, tracker)
        return iter(redact(event) if is_private else event for event, is_private in zip(new, private))

    def _new_events(self, session: Any, tracker: DialogueStateTracker) -> Tuple[List[Event], List[bool]]:
        """The events to store, and for each whether it is off the record."""
        events = list(tracker.events)
        loaded: Optional[Loaded] = getattr(tracker, LOADED, None)
        if loaded is not None:
            position = next((i for i in range(len(events) - 1, -1, -1) if events[i] is loaded.last), None)
            if position is None:  # cannot happen: a turn adds far fewer than RECENT_EVENTS events
                log.error("The last loaded event of a conversation is gone; storing only the newer events.")
                new = [e for e in events if (e.timestamp or 0) > (loaded.last.timestamp or 0)]
            else:
                new = events[position + 1 :]
            return new, private_flags(new, in_form=loaded.in_private_form)
        # A tracker that did not come from `retrieve` (a new conversation, Rasa's HTTP API): count what is stored.
        new = list(super()._additional_events(session, tracker))
        return new, private_flags(events)[len(events) - len(new) :]


def forgotten_in_last_turn(events: List[Event]) -> bool:
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == FORGOTTEN_SLOT and event.value:
            return True
    return False


def recent_tracker(sender_id: str, events: Sequence[Event], slots: Sequence[Slot], keep: int = RECENT_EVENTS) -> DialogueStateTracker:
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
        for name, slot in tracker.slots.items() if slot.value != slot.initial_value
    ]  # fmt: skip
    if tracker.active_loop_name:
        events.append(ActiveLoop(tracker.active_loop_name, timestamp=timestamp))
    if tracker.is_paused():
        events.append(ConversationPaused(timestamp=timestamp))
    return events


def private_flags(events: List[Event], in_form: bool = False) -> List[bool]:
    """For each event: does it carry off-the-record content? `in_form`: the off-record form is active before them."""
    flags = []
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
