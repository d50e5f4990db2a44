"""Off the record: the story is stored without any link to the person who told it."""

from datetime import datetime, timezone

import time_machine
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.off_record import ActionSubmitOffRecord, ValidateOffRecordForm
from buurtbot.storage import session_scope
from buurtbot.storage.models import OffRecordReport, OutboxMessage, Role
from tests.actions_helpers import make_person, run, texts, tracker

STORY = "De dealer van nummer 12 wachtte me op bij de lift en zei dat hij weet waar mijn kinderen op school zitten."


def validate(slot: str, value: str, sender: str = "pro-v") -> tuple:
    """Runs the form's validation of one answer; returns (the slot's new value, what the bot said)."""
    form = ValidateOffRecordForm()
    dispatcher = CollectingDispatcher()
    result = getattr(form, f"validate_{slot}")(value, dispatcher, tracker(sender), {})
    return result[slot], texts(dispatcher.messages)


def test_the_wijk_answer_is_a_wijk_a_synonym_or_not_given(app_db) -> None:
    assert validate("offrecord_wijk", "Zuidwijk")[0] == "Zuidwijk"
    assert validate("offrecord_wijk", "nieuw west")[0] == "Nieuw-West"
    assert validate("offrecord_wijk", "osdorp")[0] == "Nieuw-West"  # another name for the wijk (the index's list)
    assert validate("offrecord_wijk", "-")[0] == "-"
    assert validate("offrecord_wijk", "weet niet")[0] == "-"


def test_a_story_told_as_the_wijk_is_not_taken_and_the_bot_says_the_story_comes_later(app_db) -> None:
    for early in (
        STORY,
        "Bij een huisbezoek werd ik bedreigd in Zuidwijk bij de kelderbox door een bewoner",
        "Utrecht",
    ):
        value, said = validate("offrecord_wijk", early)
        assert value is None and "Die wijk ken ik niet" in said and "vraag ik straks" in said
        assert early not in said


def test_a_story_told_as_the_day_or_the_contact_is_not_taken(app_db) -> None:
    value, said = validate("offrecord_when", "Gisteren werd ik bij de lift bedreigd door de man van nummer 12")
    assert value is None and "vraag ik straks" in said
    assert validate("offrecord_when", "gisteren")[0] is not None
    value, said = validate("offrecord_contact", STORY)
    assert value is None and "geen telefoonnummer of e-mailadres" in said
    # Only the number and the address are kept, never the words around them.
    assert (
        validate("offrecord_contact", "bel me op 06-1234 5678 of mail kees@corp.nl, ik werd bedreigd")[0]
        == "06-1234 5678, kees@corp.nl"
    )


def test_the_report_has_no_person_and_only_the_week(app_db) -> None:
    make_person("boss", Role.beheerder)
    make_person("pro-9", Role.professional)
    slots = {
        "offrecord_wijk": "Zuidwijk",
        "offrecord_when": "2026-11-18",
        "offrecord_contact_choice": False,
        "offrecord_story": STORY,
    }
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
        # 15:42 UTC is 16:42 in Amsterdam: the next fixed moment at least an hour later is 09:00 the next day.
        assert note.not_before == datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def test_the_copy_goes_out_at_a_fixed_moment_and_report_ids_do_not_count_up(app_db) -> None:
    make_person("boss", Role.beheerder)
    make_person("pro-11", Role.professional)
    slots = {"offrecord_wijk": "-", "offrecord_when": "-", "offrecord_contact_choice": False, "offrecord_story": STORY}
    with time_machine.travel(datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc), tick=False):  # 10:30 in Amsterdam
        for _ in range(5):
            run(ActionSubmitOffRecord(), tracker("pro-11", slots=slots))
    with session_scope() as session:
        sends = {m.not_before for m in session.execute(select(OutboxMessage)).scalars()}
        ids = [r.id for r in session.execute(select(OffRecordReport)).scalars()]
    assert sends == {datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)}  # 13:00 local, for all of them
    assert len(set(ids)) == 5 and max(ids) - min(ids) > 1000  # random, not 1, 2, 3, ... (chance of a miss: ~1e-24)


def test_a_contact_is_attached_only_when_chosen(app_db) -> None:
    make_person("pro-10", Role.professional)
    slots = {
        "offrecord_wijk": "-",
        "offrecord_when": "-",
        "offrecord_contact_choice": True,
        "offrecord_contact": "06 11112222",
        "offrecord_story": STORY,
    }
    messages, _ = run(ActionSubmitOffRecord(), tracker("pro-10", slots=slots))
    assert "met het contact dat je gaf" in texts(messages)
    with session_scope() as session:
        report = session.execute(select(OffRecordReport)).scalar_one()
        assert report.contact == "06 11112222" and report.wijk is None and report.happened_on is None


def test_a_bewoner_cannot_file_one(app_db) -> None:
    make_person("boss", Role.beheerder)  # who would get the copy
    messages, _ = run(ActionSubmitOffRecord(), tracker("bew-9", slots={"offrecord_story": STORY}))
    assert "alleen voor professionals" in texts(messages)
    with session_scope() as session:
        assert session.execute(select(OffRecordReport)).first() is None
        assert session.execute(select(OutboxMessage)).first() is None
