"""Retention: the daily job deletes what is past its term, and nothing younger (frozen time)."""

import asyncio
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from actions.dreams import ActionSubmitDream
from buurtbot import outbox
from buurtbot.config import ConfigError, Settings, get_settings
from buurtbot.dreams.digest import send_digests
from buurtbot.dreams.wishes import save_wish
from buurtbot.off_record import save_report
from buurtbot.people import get_person
from buurtbot.storage import session_scope
from buurtbot.storage.conversations import events_of
from buurtbot.storage.models import Digest, DreamWish, OffRecordReport, OutboxMessage, Role
from nlu.tracker_store import BuurtbotTrackerStore
from tests.actions_helpers import make_person, tracker
from tests.actions_helpers import run as run_action
from tests.privacy_checks import every_row, files_holding, fragments, rows_holding
from worker.delivery import ListSink, deliver_due
from worker.jobs import run_retention

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


AMS_ZONE = ZoneInfo("Europe/Amsterdam")


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def add_wish(text: str) -> None:
    with session_scope() as session:
        save_wish(session, get_person(session, "tenant"), text, "wijk", "Zuidwijk", None, contact_consent=False)


def save_conversation(sender: str, *turns: tuple) -> None:
    events = [UserUttered(text, timestamp=moment.timestamp()) for text, moment in turns]
    asyncio.run(BuurtbotTrackerStore(domain=Domain.empty()).save(DialogueStateTracker.from_events(sender, events)))


@pytest.fixture
def people(app_db):
    make_person("tenant", Role.bewoner, "Zuidwijk")
    make_person("boss", Role.beheerder, "Zuidwijk")
    return app_db


def test_defaults_are_90_days_2_years_and_1_year() -> None:
    terms = Settings.from_env({"RASA_AUTH_TOKEN": "x"}).retention
    assert (terms.conversations_days, terms.wishes_days, terms.off_record_days) == (90, 730, 365)


def test_a_term_that_is_not_a_number_of_days_is_refused() -> None:
    with pytest.raises(ConfigError, match="RETAIN_WISHES_DAYS"):
        Settings.from_env({"RASA_AUTH_TOKEN": "x", "RETAIN_WISHES_DAYS": "twee jaar"})


def test_each_kind_of_data_goes_after_its_own_term_and_not_before(people) -> None:
    with at(NOW - timedelta(days=731)):
        add_wish("Een bankje bij de speeltuin")
    with at(NOW - timedelta(days=729)):
        add_wish("Meer groen in de straat")
    with at(NOW - timedelta(days=372)):  # a week more than a year: reports only know their week
        with session_scope() as session:
            save_report(session, "Oud verhaal", "Zuidwijk", None, None, AMS_ZONE)
    with at(NOW - timedelta(days=300)):
        with session_scope() as session:
            save_report(session, "Recent verhaal", "Zuidwijk", None, None, AMS_ZONE)
    save_conversation("tenant", ("oud gesprek", NOW - timedelta(days=91)), ("nieuw gesprek", NOW - timedelta(days=89)))

    with at(NOW):
        run_retention(people)

    with session_scope() as session:
        assert [w.wish for w in session.execute(select(DreamWish)).scalars()] == ["Meer groen in de straat"]
        assert [r.story for r in session.execute(select(OffRecordReport)).scalars()] == ["Recent verhaal"]
        assert [e.get("text") for e in events_of(session, "tenant") if e["event"] == "user"] == ["nieuw gesprek"]


def test_pushed_messages_go_30_days_after_delivery_or_creation(people) -> None:
    """A message goes out within hours; one that waited 30 days only keeps a copy of what it quotes."""
    with at(NOW - timedelta(days=40)):
        with session_scope() as session:
            boss = get_person(session, "boss")
            for key in ("delivered", "never delivered"):
                outbox.enqueue(session, key, boss, "notification", f"Bericht {key}")
            delivered = session.execute(select(OutboxMessage).where(OutboxMessage.key == "delivered")).scalar_one()
            outbox.mark_delivered(delivered)
    with at(NOW - timedelta(days=10)):
        with session_scope() as session:
            outbox.enqueue(session, "still waiting", get_person(session, "boss"), "notification", "Bericht")
    with at(NOW):
        run_retention(people)
    with session_scope() as session:
        assert [m.key for m in session.execute(select(OutboxMessage)).scalars()] == ["still waiting"]


def test_digest_counts_stay_when_their_wishes_go(people) -> None:
    with at(NOW - timedelta(days=800)):
        add_wish("Een moestuin op het plein")
        with session_scope() as session:
            session.add(Digest(wijk="Zuidwijk", wish_count=1, signal_count=0))
    with at(NOW):
        run_retention(people)
    with session_scope() as session:
        assert session.execute(select(DreamWish)).first() is None
        assert session.execute(select(Digest.wish_count)).scalar_one() == 1


def test_terms_are_configurable(people, monkeypatch) -> None:
    with at(NOW - timedelta(days=10)):
        add_wish("Een buurtfeest in de zomer")
    monkeypatch.setenv("RETAIN_WISHES_DAYS", "7")
    settings = Settings.from_env()
    with at(NOW):
        run_retention(settings)
    with session_scope() as session:
        assert session.execute(select(DreamWish)).first() is None


def test_at_its_term_a_wish_is_gone_from_every_table_and_every_file(people) -> None:
    """The wish reached the droommakelaar as an early signal and in a digest, and an older version left the digest
    as files under var/digests: at the wishes' term none of it is left, in the database file either."""
    make_person("dm", Role.droommakelaar, "Zuidwijk")
    wish = "Sinds mijn man is overleden zie ik niemand meer. Een koffieochtend in de buurt zou fijn zijn."
    old_files = people.var_dir / "digests" / "1"
    with at(NOW - timedelta(days=731)):
        slots = {
            "dream_wish": wish,
            "dream_place": "wijk",
            "dream_wijk": "Zuidwijk",
            "dream_contribution": "-",
            "dream_consent": True,
            "dream_confirm": True,
        }
        run_action(ActionSubmitDream(), tracker("tenant", slots=slots))
        with session_scope() as session:
            send_digests(session)
        sink = ListSink()
        asyncio.run(deliver_due(get_settings(), sink))
        old_files.mkdir(parents=True)
        (old_files / "wensen-Zuidwijk.csv").write_text(f"datum;wens\n2024-11-20;{wish}\n", encoding="utf-8")
    save_conversation("tenant", (wish, NOW - timedelta(days=731)))
    assert sum(wish[:40] in payload["text"] for _, payload in sink.sent) == 2  # the signal and the digest
    assert rows_holding(every_row(people), [wish[:40]]) and files_holding(people.var_dir, [wish[:40]])

    with at(NOW):
        run_retention(people)

    assert rows_holding(every_row(people), fragments(wish, words=5)) == []  # (3 words: "in de buurt" is everywhere)
    assert files_holding(people.var_dir, fragments(wish, words=5)) == []
