"""Running rasa-sdk actions in tests: a Tracker built from dicts and a CollectingDispatcher."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role


def tracker(
    sender: str,
    text: str = "",
    intent: str = "",
    entities: Optional[List[dict]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    events: Optional[List[dict]] = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or [], "metadata": {}}
    return Tracker(
        sender,
        slots or {},
        latest,
        events or [],
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def run(action: Action, t: Tracker, domain: Optional[dict] = None) -> Tuple[List[dict], List[dict]]:
    """Runs the action; returns (messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, t, domain or {})
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def texts(messages: List[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def make_person(sender: str, role: Role, wijk: Optional[str] = None) -> None:
    with session_scope() as session:
        set_role(session, get_or_create_person(session, sender), role, wijk)
