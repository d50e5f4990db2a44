"""What the tracker store never writes: the turns of an off-the-record report (kept in memory only, whatever
slots they set), and the turns of a form dropped unsaved. Through a real tracker store on the test database."""

import asyncio
from datetime import datetime, timedelta, timezone
from typing import List

import pytest
import time_machine
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from buurtbot.config import PROJECT_ROOT
from nlu.tracker_store import PRIVATE_TTL, BuurtbotTrackerStore

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
STORY = "Bij het huisbezoek dreigde de bewoner van nummer 8 met een hamer"


def user(text: str, intent: str = "inform", entities: List[dict] = ()) -> UserUttered:
    return UserUttered(
        text, {"name": intent, "confidence": 1.0}, list(entities), {"text": text, "intent": {"name": intent}}
    )


def hello() -> List[Event]:
    return [user("hoi", "greet"), ActionExecuted("action_greet"), BotUttered("Hoi!"), ActionExecuted("action_listen")]


def start_report() -> List[Event]:
    return [
        user("ik wil iets off the record melden", "report_off_record"),
        ActionExecuted("off_record_form"),
        ActiveLoop("off_record_form"),
        SlotSet("requested_slot", "offrecord_wijk"),
        BotUttered("Over welke wijk gaat het?"),
        ActionExecuted("action_listen"),
    ]


def answer(value: str, slot: str, next_slot: str) -> List[Event]:
    return [
        user(value, "inform", [{"entity": "wijk", "value": value}]),
        ActionExecuted("off_record_form"),
        SlotSet(slot, value),
        SlotSet("requested_slot", next_slot),
        ActionExecuted("action_listen"),
    ]


def finish(story: str) -> List[Event]:
    return [
        user(story, "inform"),
        ActionExecuted("off_record_form"),
        SlotSet("offrecord_story", story),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        ActionExecuted("action_submit_off_record"),
        BotUttered("Dank je. Je melding is opgeslagen zonder je naam."),
        SlotSet("offrecord_story", None),
        ActionExecuted("action_listen"),
    ]


@pytest.fixture
def store(app_db) -> BuurtbotTrackerStore:
    return BuurtbotTrackerStore(domain=DOMAIN)


def rows(store: BuurtbotTrackerStore, sender: str) -> List[str]:
    with store.session_scope() as session:
        return [
            d
            for (d,) in session.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
        ]


def turn(store: BuurtbotTrackerStore, sender: str, events: List[Event]) -> DialogueStateTracker:
    """One turn as Rasa runs it: load, add the turn's events, save."""
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker.from_events(sender, [], DOMAIN.slots)
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_no_turn_of_a_report_is_written_but_the_form_goes_on_in_memory(store) -> None:
    turn(store, "pro", hello())
    before = rows(store, "pro")
    turn(store, "pro", start_report())
    turn(store, "pro", answer("Zuidwijk", "offrecord_wijk", "offrecord_when"))
    # A slot the form does not even have, set in the middle of it, is no more stored than the others.
    turn(store, "pro", answer("gisteren", "brand_new_slot", "offrecord_story"))
    loaded = asyncio.run(store.retrieve("pro"))
    assert loaded.active_loop_name == "off_record_form"  # the form goes on: its turns are in memory
    assert loaded.get_slot("offrecord_wijk") == "Zuidwijk"
    assert rows(store, "pro") == before  # and nothing of them is in the database
    turn(store, "pro", finish(STORY))
    assert rows(store, "pro") == before
    after = asyncio.run(store.retrieve("pro"))
    assert after.active_loop_name is None and after.get_slot("offrecord_wijk") is None
    turn(store, "pro", hello())  # the conversation goes on, from the state before the report
    stored = " ".join(rows(store, "pro"))
    for trace in (STORY, "Zuidwijk", "gisteren", "offrecord", "off_record", "report_off_record", "brand_new_slot"):
        assert trace not in stored, trace


def test_a_report_left_halfway_is_dropped_from_memory_too(store) -> None:
    start = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False):
        turn(store, "pro-2", hello())
        turn(store, "pro-2", start_report())
        turn(store, "pro-2", answer(STORY, "offrecord_wijk", "offrecord_when"))
    with time_machine.travel(start + timedelta(seconds=PRIVATE_TTL + 60), tick=False):
        loaded = asyncio.run(store.retrieve("pro-2"))
        assert loaded.active_loop_name is None and loaded.get_slot("offrecord_wijk") is None
        assert "pro-2" not in store._private  # nothing of the report is held anywhere any more
    assert STORY not in " ".join(rows(store, "pro-2"))


def test_a_restart_loses_an_unfinished_report_and_stores_nothing_of_it(app_db, store) -> None:
    turn(store, "pro-3", hello())
    turn(store, "pro-3", start_report())
    restarted = BuurtbotTrackerStore(domain=DOMAIN)
    loaded = asyncio.run(restarted.retrieve("pro-3"))
    assert loaded.active_loop_name is None
    assert "off_record" not in " ".join(rows(restarted, "pro-3"))


def test_a_stopped_form_is_taken_out_of_the_history_from_its_first_message(store) -> None:
    wish = "Een moestuin achter de flat"
    turn(store, "tenant", hello())
    before = rows(store, "tenant")
    turn(
        store,
        "tenant",
        [
            user("ik heb een wens", "share_dream"),
            ActionExecuted("dream_form"),
            ActiveLoop("dream_form"),
            SlotSet("requested_slot", "dream_wish"),
            ActionExecuted("action_listen"),
        ],
    )
    turn(
        store,
        "tenant",
        [
            user(wish),
            ActionExecuted("dream_form"),
            SlotSet("dream_wish", wish),
            SlotSet("requested_slot", "dream_place"),
            ActionExecuted("action_listen"),
        ],
    )
    assert wish in " ".join(rows(store, "tenant"))  # an ordinary form is stored: it survives a restart
    turn(
        store,
        "tenant",
        [
            user("stop", "stop"),
            ActionExecuted("action_stop_form"),
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("dream_wish", None),
            SlotSet("form_discarded", True),
            BotUttered("Er is niets opgeslagen."),
            ActionExecuted("action_listen"),
        ],
    )
    assert rows(store, "tenant") == before
    assert asyncio.run(store.retrieve("tenant")).active_loop_name is None


def test_a_form_started_and_dropped_in_one_turn_leaves_only_what_came_before_it(store) -> None:
    turn(store, "tenant-2", hello())
    before = rows(store, "tenant-2")
    turn(
        store,
        "tenant-2",
        [
            user("ik ben 14 en wil meedoen", "youth_signup"),
            ActionExecuted("youth_form"),
            ActiveLoop("youth_form"),
            SlotSet("youth_age", "14"),
            ActiveLoop(None),
            ActionExecuted("action_submit_youth"),
            SlotSet("youth_age", None),
            SlotSet("form_discarded", True),
            BotUttered("Ik heb niets opgeslagen."),
            ActionExecuted("action_listen"),
        ],
    )
    assert rows(store, "tenant-2") == before
