"""Off the record: the story is stored without any link to the person who told it."""
from datetime import datetime, timedelta, timezone

import time_machine
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from sqlalchemy import select

from actions.off_record import ActionSubmitOffRecord, parse_past_day
from buurtbot.storage import session_scope
from buurtbot.storage.models import OffRecordReport, OutboxMessage, Role
from buurtbot.storage.tracker_store import REDACTED, private_flags, redact
from tests.actions_helpers import make_person, run, texts, tracker

STORY = "De dealer van nummer 12 wachtte me op bij de lift en zei dat hij weet waar mijn kinderen op school zitten."


def user(text: str, intent: str) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, [], {"text": text, "intent": {"name": intent}}, metadata={"first_name": "Sanne"})


def test_every_user_text_of_the_form_is_redacted_but_nothing_else() -> None:
    events = [
        user("hoi", "greet"), BotUttered("Hoi!"),
        user("ik wil iets off the record kwijt over de dealer", "report_off_record"),
        ActionExecuted("off_record_form"), ActiveLoop("off_record_form"),
        user("Zuidwijk", "inform"), SlotSet("offrecord_wijk", "Zuidwijk"),
        user(STORY, "emergency"), SlotSet("offrecord_story", STORY),
        ActiveLoop(None), SlotSet("offrecord_story", None),
        user("dank je", "thank"),
    ]  # fmt: skip
    flags = private_flags(events)
    kept = [redact(e) if f else e for e, f in zip(events, flags)]
    stored_texts = [e.text for e in kept if isinstance(e, UserUttered)]
    assert stored_texts == ["hoi", REDACTED, REDACTED, REDACTED, "dank je"]
    assert all(e.metadata == {} for e, f in zip(kept, flags) if f and isinstance(e, UserUttered))
    assert [e.value for e in kept if isinstance(e, SlotSet)] == ["Zuidwijk", REDACTED, None]
    assert STORY not in repr([e.as_dict() for e in kept])


def test_the_report_has_no_person_and_only_the_week(app_db) -> None:
    make_person("boss", Role.beheerder)
    make_person("pro-9", Role.professional)
    slots = {"offrecord_wijk": "Zuidwijk", "offrecord_when": "2026-11-18", "offrecord_contact_choice": False, "offrecord_story": STORY}
    arrival = datetime(2026, 11, 20, 15, 42, tzinfo=timezone.utc)
    with time_machine.travel(arrival, tick=False):
        messages, events = run(ActionSubmitOffRecord(), tracker("pro-9", slots=slots))
    assert "zonder je naam" in texts(messages)
    assert all(e["value"] is None for e in events if e["event"] == "slot")
    with session_scope() as session:
        report = session.execute(select(OffRecordReport)).scalar_one()
        assert report.story == STORY and report.contact is None
        assert report.received_on.isoformat() == "2026-11-16"  # the Monday of that week, no time
        note = session.execute(select(OutboxMessage)).scalar_one()
        assert STORY in note.payload["text"]
        assert note.created_at == datetime(2026, 11, 20, tzinfo=timezone.utc)  # the day only
        assert timedelta(minutes=5) <= note.not_before - arrival < timedelta(minutes=95)  # a random delay


def test_a_contact_is_attached_only_when_chosen(app_db) -> None:
    make_person("pro-10", Role.professional)
    slots = {"offrecord_wijk": "-", "offrecord_when": "-", "offrecord_contact_choice": True, "offrecord_contact": "06 11112222", "offrecord_story": STORY}
    messages, _ = run(ActionSubmitOffRecord(), tracker("pro-10", slots=slots))
    assert "met het contact dat je gaf" in texts(messages)
    with session_scope() as session:
        report = session.execute(select(OffRecordReport)).scalar_one()
        assert report.contact == "06 11112222" and report.wijk is None and report.happened_on is None


def test_a_bewoner_cannot_file_one(app_db) -> None:
    messages, _ = run(ActionSubmitOffRecord(), tracker("bew-9", slots={"offrecord_story": STORY}))
    assert "alleen voor professionals" in texts(messages)
    with session_scope() as session:
        assert session.execute(select(OffRecordReport)).first() is None


def test_past_days() -> None:
    today = datetime(2026, 11, 20).date()
    assert parse_past_day("vandaag", today).isoformat() == "2026-11-20"
    assert parse_past_day("gisteren", today).isoformat() == "2026-11-19"
    assert parse_past_day("12-11", today).isoformat() == "2026-11-12"
    assert parse_past_day("morgen", today) is None
    assert parse_past_day("blabla", today) is None
