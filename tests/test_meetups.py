"""Meetups: approval, listing, capacity under races, reminders exactly once, calendar files, youth sign-up."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import func, select

from actions.meetups import (
    ActionApproveMeetup,
    ActionCancelMeetup,
    ActionCancelRsvp,
    ActionListMeetups,
    ActionRsvp,
    ActionSubmitYouth,
    party_size,
)
from buurtbot import meetups
from buurtbot.people import get_person
from buurtbot.privacy import forget
from buurtbot.storage import session_scope
from buurtbot.storage.models import Meetup, MeetupStatus, OutboxMessage, Role, Rsvp, YouthSignup
from tests.actions_helpers import make_person, run, texts, tracker
from tests.threads import race

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 19, 15, 30, tzinfo=AMS)  # a Thursday


def new_meetup(
    organiser: str = "pro-m", capacity=None, when=datetime(2026, 11, 21, 10, 0, tzinfo=AMS), role=Role.professional
) -> int:
    make_person(organiser, role, "Zuidwijk")
    with session_scope() as session:
        meetup = meetups.plan(
            session,
            get_person(session, organiser),
            "Koffieochtend in de huiskamer",
            when,
            "Buurthuis",
            "Zuidwijk",
            zone=AMS_ZONE,
            capacity=capacity,
        )
        return meetup.id


def keys() -> list:
    with session_scope() as session:
        return sorted(session.execute(select(OutboxMessage.key)).scalars())


def boss_id() -> int:
    with session_scope() as session:
        return get_person(session, "boss").id


class TestPlanning:
    def test_professionals_publish_directly(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup()
            messages, _ = run(
                ActionListMeetups(), tracker("bew-m1", entities=[{"entity": "wijk", "value": "Zuidwijk"}])
            )
        assert "za 21 nov, 10:00, Buurthuis (Zuidwijk)" in texts(messages)
        assert any(
            b["payload"] == f'/rsvp_meetup{{"meetup_id": "{meetup_id}"}}'
            for m in messages
            for b in m.get("buttons", [])
        )

    def test_a_bewoners_proposal_waits_for_the_beheerder_and_the_proposer_hears_the_outcome(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup("bew-m2", role=Role.bewoner)
            assert "geen activiteiten" in texts(
                run(ActionListMeetups(), tracker("bew-m3", entities=[{"entity": "wijk", "value": "Zuidwijk"}]))[0]
            )
            forged = run(
                ActionApproveMeetup(),
                tracker(
                    "bew-m2",
                    entities=[
                        {"entity": "meetup_id", "value": str(meetup_id)},
                        {"entity": "decision", "value": "goedgekeurd"},
                    ],
                ),
            )[0]
            assert "alleen de beheerder" in texts(forged)
            with session_scope() as session:  # the proposer approved nothing: no decision, none pushed
                assert session.get(Meetup, meetup_id).status == MeetupStatus.voorgesteld
            assert keys() == [f"meetup:{meetup_id}:proposal:{boss_id()}"]
            assert "Koffieochtend" in texts(run(ActionApproveMeetup(), tracker("boss"))[0])  # the pending proposals
            decided = run(
                ActionApproveMeetup(),
                tracker(
                    "boss",
                    entities=[
                        {"entity": "meetup_id", "value": str(meetup_id)},
                        {"entity": "decision", "value": "goedgekeurd"},
                    ],
                ),
            )[0]
        assert "goedgekeurd" in texts(decided)
        with session_scope() as session:
            assert session.get(Meetup, meetup_id).status == MeetupStatus.goedgekeurd
            notes = {m.key: m.payload["text"] for m in session.execute(select(OutboxMessage)).scalars()}
        assert (
            f"meetup:{meetup_id}:decision" in notes and "staat nu in de agenda" in notes[f"meetup:{meetup_id}:decision"]
        )


class TestSigningUp:
    def test_sign_up_by_text_with_party_size_and_an_ics_that_parses_back(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup(capacity=10)
            messages, _ = run(
                ActionRsvp(), tracker("bew-m4", text="ik kom zaterdag naar de koffieochtend met 3 personen")
            )
        assert "jullie met 3 personen" in texts(messages)
        document = next(m["custom"]["document"] for m in messages if m.get("custom"))
        event = Calendar.from_ical(document["content"]).walk("VEVENT")[0]
        assert str(event["summary"]) == "Koffieochtend in de huiskamer"
        assert event.decoded("dtstart") == datetime(2026, 11, 21, 10, 0, tzinfo=AMS)
        assert "Buurthuis" in str(event["location"])
        with session_scope() as session:
            assert session.get(Meetup, meetup_id).seats_taken == 3

    def test_signing_up_twice_changes_nothing_and_cancelling_frees_the_places(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup(capacity=5)
            payload = [{"entity": "meetup_id", "value": str(meetup_id)}]
            run(ActionRsvp(), tracker("bew-m5", entities=payload))
            again, _ = run(ActionRsvp(), tracker("bew-m5", entities=payload))
            assert "al aangemeld" in texts(again)
            with session_scope() as session:
                assert session.get(Meetup, meetup_id).seats_taken == 1
            cancelled, _ = run(ActionCancelRsvp(), tracker("bew-m5", text="ik kan toch niet"))
            assert "afgemeld" in texts(cancelled)
        with session_scope() as session:
            assert session.get(Meetup, meetup_id).seats_taken == 0
            assert session.execute(select(func.count(Rsvp.id))).scalar() == 0

    def test_a_forged_cancel_payload_from_a_guest_changes_nothing(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup(capacity=5)
            payload = [{"entity": "meetup_id", "value": str(meetup_id)}]
            run(ActionRsvp(), tracker("bew-m8", entities=payload))
            messages, _ = run(
                ActionCancelMeetup(), tracker("bew-m8", entities=payload + [{"entity": "confirm", "value": "ja"}])
            )
        assert "Alleen de organisator" in texts(messages)
        with session_scope() as session:
            meetup = session.get(Meetup, meetup_id)
            assert (meetup.status, meetup.seats_taken) == (MeetupStatus.goedgekeurd, 1)
            assert session.execute(select(func.count(Rsvp.id))).scalar() == 1
        assert keys() == []  # no cancellation went out to the guests

    def test_capacity_holds_under_concurrent_sign_ups(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup(capacity=5)
        for n in range(12):
            make_person(f"racer-{n}", Role.bewoner)

        def sign_up(n: int) -> bool:
            with session_scope() as session:
                meetup = session.get(Meetup, meetup_id)
                return meetups.rsvp(session, meetup, get_person(session, f"racer-{n}"), 1 + n % 2).ok

        outcomes = race(sign_up, [(n,) for n in range(12)])
        with session_scope() as session:
            seats = session.get(Meetup, meetup_id).seats_taken
            booked = session.execute(select(func.sum(Rsvp.party_size))).scalar()
            signups = session.execute(select(func.count(Rsvp.id))).scalar()
        assert seats == booked <= 5 and seats >= 4  # full (or one place left that no party of 2 fits)
        assert outcomes.count(True) == signups and outcomes.count(False) == 12 - signups

    def test_party_size_words(self) -> None:
        assert party_size("ik kom") == 1
        assert party_size("ik kom met twee kinderen erbij") == 3
        assert party_size("we komen met 4") == 4
        assert party_size("5 personen") == 5


def cancel(sender: str, meetup_id: int, confirm: bool = True) -> str:
    """What `sender` is told after pressing "Activiteit afzeggen" (and, with `confirm`, "Ja, afzeggen")."""
    entities = [{"entity": "meetup_id", "value": str(meetup_id)}] + (
        [{"entity": "confirm", "value": "ja"}] if confirm else []
    )
    return texts(run(ActionCancelMeetup(), tracker(sender, entities=entities))[0])


def status_and_cancellations(meetup_id: int) -> tuple:
    with session_scope() as session:
        status = session.get(Meetup, meetup_id).status
    return status, [key for key in keys() if key.startswith(f"meetup:{meetup_id}:cancelled:")]


class TestCancellingAMeetup:
    """Only the organiser, whatever their role, or a beheerder may call a meetup off."""

    def test_the_organiser_is_asked_first_then_cancels_and_every_guest_hears_it(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup(capacity=10)
            for guest in ("bew-c1", "bew-c2"):
                run(ActionRsvp(), tracker(guest, entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
            asked = cancel("pro-m", meetup_id, confirm=False)
            assert "Weet je zeker" in asked and status_and_cancellations(meetup_id) == (MeetupStatus.goedgekeurd, [])
            assert "2 aanmelding(en) krijgen een bericht" in cancel("pro-m", meetup_id)
        status, cancellations = status_and_cancellations(meetup_id)
        assert status == MeetupStatus.geannuleerd and len(cancellations) == 2

    def test_a_bewoner_who_organised_it_may_cancel_it(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup("bew-c3", role=Role.bewoner)
            with session_scope() as session:
                meetups.decide(session, meetup_id, approve=True)
            assert "De activiteit is afgezegd" in cancel("bew-c3", meetup_id)
        assert status_and_cancellations(meetup_id)[0] == MeetupStatus.geannuleerd

    def test_a_beheerder_may_cancel_a_meetup_of_someone_else(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup()
            run(ActionRsvp(), tracker("bew-c4", entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
            assert "1 aanmelding(en) krijgen een bericht" in cancel("boss", meetup_id)
        assert status_and_cancellations(meetup_id)[0] == MeetupStatus.geannuleerd

    @pytest.mark.parametrize("role", [Role.professional, Role.droommakelaar, Role.bewoner])
    def test_nobody_else_may_cancel_it_even_with_a_forged_yes(self, app_db, role: Role) -> None:
        make_person("other", role, "Zuidwijk")
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup()
            run(ActionRsvp(), tracker("bew-c5", entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
            for confirm in (False, True):
                said = cancel("other", meetup_id, confirm=confirm)
                assert "Alleen de organisator" in said and "Koffieochtend" not in said
        assert status_and_cancellations(meetup_id) == (MeetupStatus.goedgekeurd, [])
        with session_scope() as session:
            assert session.get(Meetup, meetup_id).seats_taken == 1

    def test_after_the_organiser_is_forgotten_only_a_beheerder_may_cancel(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup("pro-c6")
            with session_scope() as session:
                forget(session, get_person(session, "pro-c6"))
            assert "Alleen de organisator" in cancel("pro-c6", meetup_id)  # the same Telegram id, now a new bewoner
            assert "De activiteit is afgezegd" in cancel("boss", meetup_id)
        assert status_and_cancellations(meetup_id)[0] == MeetupStatus.geannuleerd

    def test_a_proposal_or_a_cancelled_meetup_cannot_be_cancelled(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        with time_machine.travel(NOW, tick=False):
            proposal = new_meetup("bew-c7", role=Role.bewoner)
            assert "kan ik niet vinden" in cancel("bew-c7", proposal)
            meetup_id = new_meetup()
            run(ActionRsvp(), tracker("bew-c8", entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
            cancel("pro-m", meetup_id)
            assert "kan ik niet vinden" in cancel("pro-m", meetup_id)  # a second yes sends nothing again
        assert status_and_cancellations(proposal)[0] == MeetupStatus.voorgesteld
        assert len(status_and_cancellations(meetup_id)[1]) == 1


class TestReminders:
    def test_each_reminder_is_queued_once_also_across_restarts(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup()
            run(ActionRsvp(), tracker("bew-m6", entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
        start = datetime(2026, 11, 21, 10, 0, tzinfo=AMS)
        for moment in (
            start - timedelta(hours=30),
            start - timedelta(hours=23),
            start - timedelta(hours=22),
            start - timedelta(minutes=50),
        ):
            with time_machine.travel(moment, tick=False), session_scope() as session:  # each sweep as after a restart
                meetups.queue_reminders(session, AMS_ZONE)
        with session_scope() as session:
            person = get_person(session, "bew-m6").id
            rows = {m.key: m for m in session.execute(select(OutboxMessage)).scalars()}
        assert sorted(rows) == [f"reminder:1h:{meetup_id}:{person}", f"reminder:24h:{meetup_id}:{person}"]
        assert rows[f"reminder:1h:{meetup_id}:{person}"].not_before == start - timedelta(hours=1)
        assert "za 21 nov, 10:00" in rows[f"reminder:24h:{meetup_id}:{person}"].payload["text"]

    def test_cancelling_a_meetup_sends_a_cancellation_instead_of_reminders(self, app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            meetup_id = new_meetup()
            run(ActionRsvp(), tracker("bew-m7", entities=[{"entity": "meetup_id", "value": str(meetup_id)}]))
        with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=AMS), tick=False):
            with session_scope() as session:
                meetups.queue_reminders(session, AMS_ZONE)
                meetups.cancel_meetup(session, session.get(Meetup, meetup_id), AMS_ZONE)
            with session_scope() as session:
                assert meetups.queue_reminders(session, AMS_ZONE) == 0
                rows = list(session.execute(select(OutboxMessage)).scalars())
        pending = [m.key.split(":")[0] + ":" + m.key.split(":")[1] for m in rows if m.skipped_at is None]
        assert (
            pending == ["meetup:" + str(meetup_id)]
            and "gaat niet door" in [m for m in rows if m.skipped_at is None][0].payload["text"]
        )


class TestYouth:
    def test_under_16_gets_a_kind_answer_and_nothing_is_stored(self, app_db) -> None:
        messages, _ = run(ActionSubmitYouth(), tracker("y-1", slots={"youth_age": "14"}))
        assert "vanaf 16 jaar" in texts(messages) and "niets opgeslagen" in texts(messages)
        with session_scope() as session:
            assert session.execute(select(func.count(YouthSignup.id))).scalar() == 0

    def test_a_sign_up_is_stored_and_the_beheerder_notified(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        slots = {
            "youth_age": "17",
            "youth_interests": "timmeren en schilderen",
            "youth_school": "ROC",
            "youth_consent": True,
        }
        messages, _ = run(ActionSubmitYouth(), tracker("y-2", slots=slots))
        assert "aangemeld" in texts(messages)
        with session_scope() as session:
            assert session.execute(select(YouthSignup.interests)).scalar() == "timmeren en schilderen"
            assert "17 jaar" in session.execute(select(OutboxMessage)).scalar_one().payload["text"]

    def test_without_consent_nothing_is_stored(self, app_db) -> None:
        messages, _ = run(
            ActionSubmitYouth(),
            tracker(
                "y-3", slots={"youth_age": "20", "youth_interests": "x", "youth_school": "-", "youth_consent": False}
            ),
        )
        assert "niets opgeslagen" in texts(messages)
