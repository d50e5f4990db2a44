"""The tracker store keeps only the recent events of a long conversation in memory, in the full state,
and stores exactly what a turn adds (tests through a real SQLite tracker store and Rasa's own tracker)."""

import asyncio
from typing import List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from buurtbot.config import PROJECT_ROOT
from nlu.tracker_store import RECENT_EVENTS, BuurtbotTrackerStore, recent_tracker

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def user(text: str, intent: str = "inform") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, [], {"text": text, "intent": {"name": intent}})


def turn(text: str, intent: str = "greet") -> List[Event]:
    return [
        user(text, intent),
        ActionExecuted("utter_iamabot"),
        BotUttered("Ik ben Buurtbot."),
        ActionExecuted("action_listen"),
    ]


def long_conversation(turns: int) -> List[Event]:
    """A wijk set early, then the dream form started, then many small turns inside it."""
    events: List[Event] = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    events += [
        user("ik zoek hulp in Zuidwijk", "ask_referral"),
        SlotSet("wijk", "Zuidwijk"),
        ActionExecuted("action_listen"),
    ]
    events += [user("ik heb een wens", "share_dream"), ActionExecuted("dream_form"), ActiveLoop("dream_form")]
    events += [SlotSet("requested_slot", "dream_wish"), ActionExecuted("action_listen")]
    for i in range(turns):
        events += turn(f"bericht {i}")
    return events


def test_a_long_conversation_is_held_from_a_recent_turn_in_its_full_state() -> None:
    events = long_conversation(100)
    full = DialogueStateTracker.from_events("u", events, DOMAIN.slots)
    recent = recent_tracker("u", events, DOMAIN.slots)
    assert len(recent.events) < RECENT_EVENTS + 10 < len(full.events)
    assert recent.current_slot_values() == full.current_slot_values()
    assert recent.current_slot_values()["wijk"] == "Zuidwijk"  # set long before the window
    assert recent.active_loop_name == full.active_loop_name == "dream_form"
    assert recent.latest_message.text == full.latest_message.text
    held = [e for e in recent.events if isinstance(e, ActionExecuted)]
    assert held[0].action_name == "action_listen"  # the window starts at a turn
    # What the policies see of the last turns is the same.
    assert recent.past_states(DOMAIN)[-12:] == full.past_states(DOMAIN)[-12:]


def test_an_undo_gives_the_same_state_as_with_the_whole_conversation() -> None:
    events = long_conversation(100)
    full = DialogueStateTracker.from_events("u", events, DOMAIN.slots)
    recent = recent_tracker("u", events, DOMAIN.slots)
    for tracker in (full, recent):
        tracker.update(user("nog iets"))
        tracker.update(UserUtteranceReverted())  # replays the held events from a reset
    assert recent.current_slot_values() == full.current_slot_values()
    assert recent.active_loop_name == full.active_loop_name


def test_a_short_conversation_is_held_whole() -> None:
    events = long_conversation(3)
    assert list(recent_tracker("u", events, DOMAIN.slots).events) == events


@pytest.fixture
def store(app_db) -> BuurtbotTrackerStore:
    return BuurtbotTrackerStore(domain=DOMAIN)


def stored(store: BuurtbotTrackerStore, sender: str) -> List[dict]:
    with store.session_scope() as session:
        rows = session.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        return [{"type": t, "data": d} for t, d in rows]


def test_a_turn_on_a_long_conversation_stores_exactly_its_new_events(store: BuurtbotTrackerStore) -> None:
    first = DialogueStateTracker.from_events("long", long_conversation(100), DOMAIN.slots)
    asyncio.run(store.save(first))
    before = stored(store, "long")
    assert len(before) == len(first.events)

    loaded = asyncio.run(store.retrieve("long"))
    assert len(loaded.events) < len(before)
    for event in turn("ben jij een robot", "bot_challenge"):
        loaded.update(event)
    asyncio.run(store.save(loaded))
    after = stored(store, "long")
    assert after[: len(before)] == before  # nothing rewritten, no state events written
    assert [row["type"] for row in after[len(before) :]] == ["user", "action", "bot", "action"]

    again = asyncio.run(store.retrieve("long"))
    assert again.current_slot_values()["wijk"] == "Zuidwijk" and again.active_loop_name == "dream_form"
    asyncio.run(store.save(again))  # nothing new: nothing stored
    assert len(stored(store, "long")) == len(after)
