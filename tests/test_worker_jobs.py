"""The scheduled work (worker/jobs.py): start_jobs schedules outbox delivery, the reminder sweep, retention and the
digest; stop_jobs lets the message in flight finish and be marked, and leaves nothing running."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Dict, List, Tuple

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from sqlalchemy import func, select

from buurtbot import outbox
from buurtbot.config import Settings
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_or_create_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import Digest, OutboxMessage, Role
from tests.actions_helpers import make_person
from tests.databases import server_url
from worker.delivery import ListSink, deliver_due
from worker.jobs import DELIVERY_INTERVAL_SECONDS, start_jobs, stop_jobs
from worker.runs import run_once

WAIT = 4 * DELIVERY_INTERVAL_SECONDS + 5  # seconds: long enough for the scheduler to run the delivery job


class HeldSink(ListSink):
    """A channel whose sends hang until the test lets them go: a message stays in flight as long as it wants."""

    def __init__(self) -> None:
        super().__init__()
        self.started: List[str] = []
        self.release = asyncio.Event()

    async def send(self, sender_id: str, payload: Dict[str, Any]) -> None:
        self.started.append(payload["text"])
        await self.release.wait()
        await super().send(sender_id, payload)


def queue(settings: Settings, *texts: str) -> None:
    with session_scope(settings) as session:
        for n, text in enumerate(texts):
            outbox.enqueue(session, f"jobs-test:{n}", get_or_create_person(session, f"90{n}"), "notification", text)


def delivered(settings: Settings) -> List[Tuple[str, bool]]:
    with session_scope(settings) as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
        return [(m.payload["text"], m.delivered_at is not None) for m in rows]


async def until(condition: Any, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s"
        await asyncio.sleep(0.05)


def record_runs(scheduler: AsyncIOScheduler) -> List[str]:
    """The ids of the jobs that ran, in order ("<id> failed" for one that raised or was cancelled). Call it right
    after start_jobs, before anything awaits: the first jobs run at the loop's next turn."""
    runs: List[str] = []

    def ran(event: JobExecutionEvent) -> None:
        runs.append(event.job_id if event.exception is None else f"{event.job_id} failed")

    scheduler.add_listener(ran, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return runs


async def test_start_schedules_the_four_jobs_and_runs_reminders_and_retention_at_once(app_db: Settings) -> None:
    scheduler, delivery = start_jobs(app_db, ListSink())
    runs = record_runs(scheduler)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"outbox", "reminders", "retention", "digest"}
        assert jobs["outbox"].trigger.interval.total_seconds() == DELIVERY_INTERVAL_SECONDS
        assert jobs["reminders"].trigger.interval.total_seconds() == 60
        digest_at = jobs["digest"].next_run_time.astimezone(app_db.timezone)
        assert (digest_at.weekday(), digest_at.hour, digest_at.minute) == (0, 9, 0)  # DIGEST_CRON: Monday 09:00
        retention_trigger = str(jobs["retention"].trigger)
        assert "hour='3'" in retention_trigger and "minute='30'" in retention_trigger  # every night at 03:30
        await until(lambda: {"reminders", "retention"} <= set(runs))
        await until(lambda: "outbox" in runs)
    finally:
        await stop_jobs(scheduler, delivery)
    assert not [run for run in runs if run.endswith("failed")]


async def test_an_idle_stop_is_immediate_and_nothing_runs_afterwards(app_db: Settings) -> None:
    scheduler, delivery = start_jobs(app_db, ListSink())
    runs = record_runs(scheduler)
    await until(lambda: {"reminders", "retention"} <= set(runs))
    started = time.monotonic()
    await stop_jobs(scheduler, delivery)
    assert time.monotonic() - started < 1
    await asyncio.sleep(0)  # AsyncIOScheduler.shutdown runs at the loop's next turn
    assert scheduler.state == STATE_STOPPED
    ran_before = list(runs)
    await asyncio.sleep(2 * DELIVERY_INTERVAL_SECONDS + 1)
    assert runs == ran_before  # not even the delivery job, which runs every few seconds
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_a_stop_while_jobs_run_waits_for_them(app_db: Settings) -> None:
    scheduler, delivery = start_jobs(app_db, ListSink())
    runs = record_runs(scheduler)
    await asyncio.sleep(0)  # the jobs due at start (reminders, retention) are handed to their threads
    await stop_jobs(scheduler, delivery)  # as a SIGTERM right after start would
    state, finished = scheduler.state, sorted(runs)  # what stop_jobs left when it returned
    await asyncio.sleep(1)
    assert sorted(runs) == ["reminders", "retention"]  # neither failed nor was cut off
    assert (state, finished) == (STATE_STOPPED, sorted(runs))  # and both were over when stop_jobs returned


async def test_the_message_in_flight_is_finished_and_marked_and_nothing_runs_after_stop(app_db: Settings) -> None:
    queue(app_db, "Eerste bericht.", "Tweede bericht.")
    sink = HeldSink()
    scheduler, delivery = start_jobs(app_db, sink)
    await until(lambda: sink.started)  # the scheduler's delivery run is sending the first message
    stopping = asyncio.create_task(stop_jobs(scheduler, delivery))
    await asyncio.sleep(0.5)
    assert not stopping.done()  # stop waits for the send in flight
    sink.release.set()
    await asyncio.wait_for(stopping, timeout=10)
    assert delivered(app_db) == [("Eerste bericht.", True), ("Tweede bericht.", False)]  # marked; no new one begun
    assert scheduler.state == STATE_STOPPED

    await asyncio.sleep(2 * DELIVERY_INTERVAL_SECONDS + 1)  # had anything kept running, it would deliver now
    assert [payload["text"] for _, payload in sink.sent] == ["Eerste bericht."]
    assert delivered(app_db)[1] == ("Tweede bericht.", False)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_after_a_restart_only_what_was_not_sent_goes_out(app_db: Settings) -> None:
    queue(app_db, "Eerste bericht.", "Tweede bericht.")
    first = HeldSink()
    scheduler, delivery = start_jobs(app_db, first)
    await until(lambda: first.started)
    stopping = asyncio.create_task(stop_jobs(scheduler, delivery))
    first.release.set()
    await stopping

    second = ListSink()
    scheduler, delivery = start_jobs(app_db, second)
    try:
        await until(lambda: second.sent)
    finally:
        await stop_jobs(scheduler, delivery)
    assert [payload["text"] for _, payload in second.sent] == ["Tweede bericht."]  # the first is not sent twice
    assert delivered(app_db) == [("Eerste bericht.", True), ("Tweede bericht.", True)]


async def test_start_sends_a_digest_that_was_missed(app_db: Settings) -> None:
    make_person("dm", Role.droommakelaar, "Zuidwijk")
    with session_scope(app_db) as session:
        bewoner = get_or_create_person(session, "bew-j1")
        save_wish(session, bewoner, "Meer groen op het plein.", "straat", "Zuidwijk", None, False)
    scheduler, delivery = start_jobs(app_db, ListSink())  # no digest was ever sent: the last Monday 09:00 was missed
    await stop_jobs(scheduler, delivery)
    with session_scope(app_db) as session:
        assert session.execute(select(func.count(Digest.id))).scalar() == 1
        assert session.execute(select(OutboxMessage.kind)).scalars().all() == ["digest"]


async def test_messages_this_sink_cannot_reach_never_hold_up_the_others(app_db: Settings) -> None:
    with session_scope(app_db) as session:
        elsewhere = get_or_create_person(session, "terminal:ander")
        for number in range(120):  # more than one delivery run takes at a time
            outbox.enqueue(session, f"elsewhere:{number}", elsewhere, "test", f"Voor de terminal {number}.")
        here = get_or_create_person(session, "4242")
        outbox.enqueue(session, "here", here, "test", "Voor Telegram.")
    sink = ListSink(reachable={"4242"})
    assert await deliver_due(app_db, sink, limit=50) == 1
    assert [(sender, payload["text"]) for sender, payload in sink.sent] == [("4242", "Voor Telegram.")]


class SlowSink(ListSink):
    """Takes a moment per message, as Telegram does: long enough for another worker to reach the same row."""

    async def send(self, sender_id: str, payload: Dict[str, Any]) -> None:
        await asyncio.sleep(0.02)
        await super().send(sender_id, payload)


async def test_two_workers_deliver_each_message_exactly_once_on_postgresql(settings: Settings) -> None:
    if server_url() is None:
        pytest.skip("SKIP LOCKED is PostgreSQL's; with SQLite one process delivers")
    with session_scope(settings) as session:
        for number in range(40):
            outbox.enqueue(
                session, f"twice:{number}", get_or_create_person(session, str(6000 + number)), "t", f"{number}"
            )
    first, second = SlowSink(), SlowSink()
    delivered = await asyncio.gather(deliver_due(settings, first), deliver_due(settings, second))
    texts = [payload["text"] for _, payload in first.sent + second.sent]
    assert sorted(texts, key=int) == [str(number) for number in range(40)]  # every one, none twice
    assert sum(delivered) == 40 and first.sent and second.sent  # and both workers did part of it


def test_each_periodic_job_runs_once_per_period_however_many_workers_fire_it(settings: Settings) -> None:
    """Three workers fire the same job for the same period at the same moment: one does the work. A next
    period runs again; a crash in the middle leaves the period to the next worker."""
    ran: List[str] = []

    def work(session) -> str:
        time.sleep(0.3)  # long enough for the others to arrive while the first one works
        ran.append(threading.current_thread().name)
        return "done"

    workers = [
        threading.Thread(target=lambda: run_once(settings, "digest", "2026-12-07T09:00", work), name=f"worker-{n}")
        for n in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(ran) == 1
    assert run_once(settings, "digest", "2026-12-07T09:00", work) is None and len(ran) == 1
    assert run_once(settings, "digest", "2026-12-14T09:00", work) == "done" and len(ran) == 2

    def crash(session) -> None:
        raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        run_once(settings, "retention", "2026-12-08", crash)
    assert run_once(settings, "retention", "2026-12-08", lambda session: "purged") == "purged"
