"""What every action needs: the user's stored profile and role, and the guard for role-gated features."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from buurtbot.people import get_or_create_person
from buurtbot.roles import may, refusal
from buurtbot.storage import session_scope
from buurtbot.storage.conversations import DISCARDED_SLOT
from buurtbot.storage.models import Person
from buurtbot.storage.types import record_id  # noqa: F401  (the actions' import of the one id check)


@contextmanager
def person_session(tracker: Tracker) -> Iterator[Tuple[Session, Person]]:
    """A transaction with the sender's stored profile (created as bewoner on first contact)."""
    with session_scope() as session:
        yield session, get_or_create_person(session, tracker.sender_id)


def without_known_wijk(tracker: Tracker, slots: List[Text], wijk_slot: str) -> List[Text]:
    """A form's slots without its wijk question when the person's wijk is known: asked once, then known."""
    if tracker.get_slot(wijk_slot) is None:
        with person_session(tracker) as (_, person):
            if person.wijk:
                return [s for s in slots if s != wijk_slot]
    return slots


def permitted(dispatcher: CollectingDispatcher, person: Person, what: str) -> bool:
    """The guard of every role-gated action (buurtbot/roles.py): False, after a polite refusal that shows
    no data, when the person's role may not do `what`."""
    if may(person.role, what):
        return True
    dispatcher.utter_message(text=refusal(what))
    return False


def first_name(tracker: Tracker) -> Optional[str]:
    metadata = tracker.latest_message.get("metadata") or {}
    name = str(metadata.get("first_name") or "").strip()
    return name[:40] or None


def entity(tracker: Tracker, name: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value).strip()[:200] if value is not None else None


def emergency_first(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """If the message that ended a form sounded like acute danger, say 112 before anything else."""
    if (tracker.latest_message.get("intent") or {}).get("name") == "emergency":
        dispatcher.utter_message(response="utter_emergency")


def clear(*slots: str) -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in slots]


def discard(*slots: str) -> List[Dict[Text, Any]]:
    """A form dropped unsaved: its answers are cleared, and the tracker store takes its turns out of the
    conversation history (nlu.tracker_store), so "niets opgeslagen" is true there too."""
    return clear(*slots) + [SlotSet(DISCARDED_SLOT, True)]
