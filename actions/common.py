"""What every action needs: the user's stored profile and role, and polite refusals."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from buurtbot.people import get_or_create_person
from buurtbot.storage.conversations import DISCARDED_SLOT
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person, Role

REFUSAL = {
    Role.professional: "Dit is alleen voor professionals in de wijk. Heb je een uitnodigingscode? Typ dan: /code en je code.",
    Role.beheerder: "Dit kan alleen de beheerder van Buurtbot doen.",
    Role.droommakelaar: "Dit is alleen voor de droommakelaar.",
}


@contextmanager
def person_session(tracker: Tracker) -> Iterator[Tuple[Session, Person]]:
    """A transaction with the sender's stored profile (created as bewoner on first contact)."""
    with session_scope() as session:
        yield session, get_or_create_person(session, tracker.sender_id)


def refuse(dispatcher: CollectingDispatcher, needed: Role) -> List[Dict[Text, Any]]:
    """The polite refusal for a role-gated feature: it never shows any data."""
    dispatcher.utter_message(text=REFUSAL[needed])
    return []


def first_name(tracker: Tracker) -> Optional[str]:
    metadata = tracker.latest_message.get("metadata") or {}
    name = str(metadata.get("first_name") or "").strip()
    return name[:40] or None


def entity(tracker: Tracker, name: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value).strip()[:200] if value is not None else None


MAX_ID = 2**31 - 1  # the largest id a database INTEGER column holds


def record_id(value: Any) -> Optional[int]:
    """The id in a (possibly forged) button payload, or None when it cannot be one."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_ID else None


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
