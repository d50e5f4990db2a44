"""What waits in the database is data, not code: an outbox row names what its buttons do, not the Rasa intent
(so renaming an intent never breaks a queued message), and a meetup keeps the organiser's plain text, which the
calendar file carries as written while chat messages show it defused."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from buurtbot import meetups, outbox
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Meetup, OutboxMessage, Role

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

AMS = ZoneInfo("Europe/Amsterdam")
TITLE = "Koffie met buurt.nl en @jan"


def propose(title: str = TITLE) -> int:
    """A bewoner's proposal: the beheerder gets an approval message with two buttons."""
    with session_scope() as session:
        set_role(session, get_or_create_person(session, "queue-boss"), Role.beheerder, None)
        bewoner = get_or_create_person(session, "queue-bewoner")
        meetup = meetups.plan(
            session, bewoner, title, datetime(2027, 1, 9, 10, 0, tzinfo=AMS), "Buurthuis", "Zuidwijk", zone=AMS_ZONE
        )
        return meetup.id


def approval_row(session) -> OutboxMessage:
    return session.execute(select(OutboxMessage).where(OutboxMessage.kind == "approval")).scalars().one()


def test_a_queued_button_names_what_it_does_and_not_the_intent(app_db) -> None:
    meetup_id = propose()
    with session_scope() as session:
        stored = approval_row(session).payload["buttons"]
        assert stored[0] == {
            "title": "Goedkeuren",
            "does": "decide_meetup",
            "args": {"meetup_id": str(meetup_id), "decision": "goedgekeurd"},
        }
        assert "approve_meetup" not in str(stored)
        sent = outbox.payload_for(session, approval_row(session), AMS_ZONE)["buttons"]
    assert sent[0]["payload"] == f'/approve_meetup{{"meetup_id": "{meetup_id}", "decision": "goedgekeurd"}}'


def test_renaming_an_intent_keeps_a_queued_message_working(app_db, monkeypatch: pytest.MonkeyPatch) -> None:
    propose()
    monkeypatch.setitem(outbox.CHOICE_INTENTS, "decide_meetup", "judge_meetup")  # the intent renamed later
    with session_scope() as session:
        sent = outbox.payload_for(session, approval_row(session), AMS_ZONE)["buttons"]
    assert [b["payload"].split("{")[0] for b in sent] == ["/judge_meetup", "/judge_meetup"]


def test_an_unknown_choice_is_refused_when_queued_not_when_sent() -> None:
    with pytest.raises(ValueError):
        outbox.choice("Doe iets", "no_such_thing")


def test_the_calendar_file_carries_the_plain_text_and_the_chat_the_defused_one(app_db) -> None:
    meetup_id = propose()
    with session_scope() as session:
        meetup = session.get(Meetup, meetup_id)
        assert meetup.title == TITLE
        event = next(c for c in Calendar.from_ical(meetups.ics(meetup)).walk() if c.name == "VEVENT")
        shown = meetups.describe(meetup, AMS_ZONE)
        proposal_text = approval_row(session).payload["text"]
    assert str(event["summary"]) == TITLE
    assert "buurt[.]nl" in shown and "[at]jan" in shown and "buurt.nl" not in shown
    assert "buurt[.]nl" in proposal_text and "@jan" not in proposal_text
