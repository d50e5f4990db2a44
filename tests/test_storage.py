"""The data layer: migrations, timezone-aware times, people, invites and the outbox."""

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from buurtbot import outbox
from buurtbot.config import ConfigError
from buurtbot.invites import create_invite, hash_code, redeem_invite
from buurtbot.people import get_or_create_person, role_of
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.migrate import upgrade
from buurtbot.storage.models import Invite, Meetup, OffRecordReport, OutboxMessage, Person, Role, StripCard
from tests.conftest import make_settings

EXPECTED_TABLES = {
    "people",
    "invites",
    "referral_partners",
    "strip_cards",
    "strip_uses",
    "off_record_reports",
    "vetoes",
    "dream_wishes",
    "digests",
    "meetups",
    "rsvps",
    "youth_signups",
    "outbox",
    "alembic_version",
}


def test_migrations_create_every_table_and_are_idempotent(settings) -> None:
    upgrade(settings)  # second run: nothing to do, no error
    tables = set(inspect(get_engine(settings.database_url)).get_table_names())
    assert EXPECTED_TABLES <= tables


def test_off_record_reports_cannot_point_to_a_person(settings) -> None:
    columns = {c["name"] for c in inspect(get_engine(settings.database_url)).get_columns("off_record_reports")}
    assert columns == {"id", "story", "wijk", "happened_on", "received_on", "contact"}


def test_bad_database_url_is_one_clear_sentence(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not a database URL"):
        upgrade(make_settings(tmp_path, DATABASE_URL="no-such-thing"))


def test_unreachable_database_is_one_clear_sentence(tmp_path) -> None:
    bad = make_settings(tmp_path, DATABASE_URL="postgresql://nobody:x@127.0.0.1:1/buurtbot")
    with pytest.raises(ConfigError, match="Cannot connect to the database"):
        upgrade(bad)


def test_times_are_stored_timezone_aware(settings) -> None:
    amsterdam = datetime(2026, 12, 14, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with session_scope(settings) as session:
        organiser = get_or_create_person(session, "42")
        session.add(
            Meetup(
                title="Koffieochtend",
                starts_at=amsterdam,
                place="Buurthuis",
                wijk="Zuidwijk",
                organiser_id=organiser.id,
            )
        )
    with session_scope(settings) as session:
        stored = session.execute(select(Meetup)).scalar_one().starts_at
    assert stored.tzinfo is not None
    assert stored == amsterdam and stored.utcoffset() == timedelta(0)
    assert stored.astimezone(ZoneInfo("Europe/Amsterdam")).hour == 10


def test_a_nul_character_typed_in_a_chat_is_dropped_on_every_backend(settings) -> None:
    # PostgreSQL refuses NUL in text; several rows at once take the executemany path.
    stories = ["hoi\x00daar", "\x00", "gewoon"]
    with session_scope(settings) as session:
        session.add_all([OffRecordReport(story=story, received_on=date(2026, 1, 5)) for story in stories])
    with session_scope(settings) as session:
        stored = session.execute(select(OffRecordReport.story).order_by(OffRecordReport.id)).scalars().all()
    assert stored == ["hoidaar", "", "gewoon"]


def test_naive_datetimes_are_refused(session) -> None:
    person = get_or_create_person(session, "1")
    session.add(Meetup(title="x", starts_at=datetime(2026, 1, 1, 10), place="p", wijk="w", organiser_id=person.id))
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()


def test_everyone_starts_as_bewoner_and_is_created_once(session) -> None:
    first = get_or_create_person(session, "1001")
    again = get_or_create_person(session, "1001")
    assert first.id == again.id and first.role == Role.bewoner
    assert role_of(session, "unknown") == Role.bewoner


def test_strip_balance_can_never_go_below_zero(session) -> None:
    person = get_or_create_person(session, "5")
    session.add(StripCard(person_id=person.id, period="2026-Q4", balance=-1))
    with pytest.raises(IntegrityError):
        session.flush()


def test_deleting_a_person_deletes_what_hangs_off_them(settings) -> None:
    with session_scope(settings) as session:
        person = get_or_create_person(session, "7")
        session.flush()
        session.add(StripCard(person_id=person.id, period="2026-Q4", balance=3))
        outbox.enqueue(session, "k1", person, "notification", "Hallo")
    with session_scope(settings) as session:
        session.delete(session.execute(select(Person)).scalar_one())
    with session_scope(settings) as session:
        assert session.execute(select(StripCard)).first() is None
        assert session.execute(select(OutboxMessage)).first() is None


class TestInvites:
    def test_a_code_gives_its_role_once_and_only_its_hash_is_stored(self, session) -> None:
        code = create_invite(session, Role.professional, wijk="Nieuw-West")
        person = get_or_create_person(session, "200")
        redeemed = redeem_invite(session, person, code.lower())  # typed in lower case still works
        assert redeemed and redeemed.role == Role.professional
        assert person.role == Role.professional and person.wijk == "Nieuw-West"
        stored = session.execute(select(Invite)).scalar_one()
        assert stored.code_hash == hash_code(code) and code not in stored.code_hash
        other = get_or_create_person(session, "201")
        assert redeem_invite(session, other, code) is None
        assert other.role == Role.bewoner

    def test_a_wrong_code_changes_nothing(self, session) -> None:
        person = get_or_create_person(session, "202")
        assert redeem_invite(session, person, "WRONGCODE1") is None
        assert person.role == Role.bewoner

    def test_an_expired_code_is_refused(self, session) -> None:
        with time_machine.travel(datetime(2026, 1, 1, tzinfo=timezone.utc), tick=False):
            code = create_invite(session, Role.beheerder, valid_for=timedelta(days=1))
        person = get_or_create_person(session, "203")
        with time_machine.travel(datetime(2026, 1, 3, tzinfo=timezone.utc), tick=False):
            assert redeem_invite(session, person, code) is None


class TestOutbox:
    def test_the_same_key_is_enqueued_once(self, session) -> None:
        person = get_or_create_person(session, "300")
        session.flush()
        assert outbox.enqueue(session, "reminder:24h:1:300", person, "reminder", "Morgen is de koffieochtend.")
        assert not outbox.enqueue(session, "reminder:24h:1:300", person, "reminder", "Morgen is de koffieochtend.")
        assert session.execute(text("SELECT count(*) FROM outbox")).scalar() == 1

    def test_failed_delivery_is_retried_later_and_never_dropped(self, session) -> None:
        person = get_or_create_person(session, "301")
        session.flush()
        outbox.enqueue(session, "n:1", person, "notification", "Hallo")
        message = outbox.due(session)[0]
        outbox.mark_failed(message, "network down")
        assert outbox.due(session) == []
        later = datetime.now(timezone.utc) + timedelta(seconds=3)
        assert outbox.due(session, now=later) == [message]
        outbox.mark_delivered(message)
        assert outbox.due(session, now=later) == []

    def test_messages_wait_for_their_time(self, session) -> None:
        person = get_or_create_person(session, "302")
        session.flush()
        tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
        outbox.enqueue(session, "r:1", person, "reminder", "Later", not_before=tomorrow)
        assert outbox.due(session) == []
        assert len(outbox.due(session, now=tomorrow)) == 1


@pytest.mark.rasa
def test_the_migration_to_0003_deletes_what_old_versions_kept_of_off_record_reports(tmp_path) -> None:
    """Earlier versions stored the report's turns with the text redacted but the wijk, day and times kept."""
    import json

    from alembic import command

    SQLTrackerStore = pytest.importorskip(
        "rasa.core.tracker_store", reason="needs Rasa's tracker store: runs in the Rasa environment"
    ).SQLTrackerStore

    from buurtbot.storage.migrate import alembic_config

    settings = make_settings(tmp_path)
    config = alembic_config(settings.database_url)
    command.upgrade(config, "0002")
    engine = get_engine(settings.database_url)
    SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)
    old = [  # (type, intent, data): a greeting, a report with its slots, then an ordinary question
        ("user", "greet", {"event": "user", "text": "hoi"}),
        ("bot", None, {"event": "bot", "text": "Hoi!"}),
        ("user", "report_off_record", {"event": "user", "text": "[off the record]"}),
        ("active_loop", None, {"event": "active_loop", "name": "off_record_form"}),
        ("user", "inform", {"event": "user", "text": "[off the record]"}),
        ("slot", None, {"event": "slot", "name": "offrecord_wijk", "value": "Zuidwijk"}),
        ("active_loop", None, {"event": "active_loop", "name": None}),
        ("bot", None, {"event": "bot", "text": "Dank je. Je melding is opgeslagen met het contact dat je gaf."}),
        ("user", "ask_referral", {"event": "user", "text": "wie helpt bij schulden"}),
    ]
    with engine.begin() as conn:
        for type_name, intent, data in old:
            conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, intent_name, timestamp, data) VALUES ('pro', :t, :i, 1, :d)"
                ),
                {"t": type_name, "i": intent, "d": json.dumps(data)},
            )
    command.upgrade(config, "head")
    with engine.connect() as conn:
        kept = [json.loads(d)["text"] for (d,) in conn.execute(text("SELECT data FROM events ORDER BY id"))]
    assert kept == ["hoi", "Hoi!", "wie helpt bij schulden"]


@pytest.mark.rasa
def test_the_schema_makes_rasas_history_table_as_rasa_would(tmp_path) -> None:
    """Two Rasa servers starting on a new database both created `events`, and the loser logged an ERROR. The
    schema makes it first; Rasa then finds a table it can use as its own."""
    tracker_store = pytest.importorskip("rasa.core.tracker_store", reason="runs in the Rasa environment")
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    settings = make_settings(tmp_path)
    upgrade(settings)
    engine = get_engine(settings.database_url)
    made = {c["name"]: (c["nullable"], c["type"].python_type) for c in inspect(engine).get_columns("events")}
    rasas = tracker_store.SQLTrackerStore.SQLEvent.__table__
    assert made == {c.name: (c.nullable, c.type.python_type) for c in rasas.columns}
    assert [i["column_names"] for i in inspect(engine).get_indexes("events")] == [["sender_id"]]
    stores = [tracker_store.SQLTrackerStore(host=settings.database_url) for _ in range(2)]
    asyncio.run(stores[0].save(DialogueStateTracker.from_events("tenant", [UserUttered("hoi")])))
    assert asyncio.run(stores[1].retrieve("tenant")).latest_message.text == "hoi"


def test_processes_that_start_at_once_on_postgresql_migrate_once(settings, tmp_path) -> None:
    """Front ends and workers on several hosts start together: all of them upgrade, none fails.
    (`settings` puts the test on the test backend; it upgrades a second, empty database of its own.)"""
    import threading

    from tests.databases import fresh_database, server_url

    if server_url() is None:
        pytest.skip("several processes share a database on PostgreSQL; SQLite has one host")
    with fresh_database(tmp_path / "empty") as url:
        settings = make_settings(tmp_path, DATABASE_URL=url)
        failures = []

        def start() -> None:
            try:
                upgrade(settings)
            except Exception as exc:  # the test reports what went wrong, in any thread
                failures.append(repr(exc))

        starting = [threading.Thread(target=start) for _ in range(4)]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join(timeout=120)
        assert failures == []
        assert "job_runs" in inspect(get_engine(url)).get_table_names()
