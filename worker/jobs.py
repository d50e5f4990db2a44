"""Scheduled work of the front-end process (APScheduler 3.9; Rasa forbids 3.10+, so python-telegram-bot's
job queue is not used): outbox delivery every few seconds, a sweep that queues meetup reminders every
minute (one key per reminder, so a restart never doubles one), the droommakelaar's digest, and the daily
retention job that deletes personal data past its term (at start and every night at 03:30).

The digest runs on a cron schedule in Europe/Amsterdam (DIGEST_CRON, default Monday 09:00). A digest
missed while the bot was down is sent at the next start.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional, Tuple

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buurtbot.config import Settings
from buurtbot.dreams.digest import send_digests
from buurtbot.meetups import queue_reminders
from buurtbot.retention import Purged, purge_expired, remove_old_digest_files
from buurtbot.storage import compact_sqlite, get_engine, session_scope
from buurtbot.storage.models import Digest
from buurtbot.storage.types import utcnow
from worker.delivery import DeliveryJob, Sink
from worker.runs import forget_old_runs, run_once

log = logging.getLogger(__name__)
DELIVERY_INTERVAL_SECONDS = 2
LOOP = "loop"  # the executor for coroutine jobs


def digest_trigger(settings: Settings) -> CronTrigger:
    return CronTrigger.from_crontab(settings.digest_cron, timezone=settings.timezone)


def previous_fire_time(trigger: CronTrigger, now: datetime) -> Optional[datetime]:
    """The last moment before `now` the trigger fired (looks back at most 32 days)."""
    moment, last = now - timedelta(days=32), None
    while True:
        moment = trigger.get_next_fire_time(last, moment)
        if moment is None or moment > now:
            return last
        last, moment = moment, moment + timedelta(seconds=1)


def sweep_reminders(settings: Settings) -> int:
    minute = utcnow().strftime("%Y-%m-%dT%H:%M")
    return run_once(settings, "reminders", minute, lambda session: queue_reminders(session, settings.timezone)) or 0


def run_digest(settings: Settings, now: Optional[datetime] = None) -> int:
    """The digest of the schedule's last fire time (the one now, or the one missed), once across workers."""
    due = previous_fire_time(digest_trigger(settings), (now or utcnow()) + timedelta(seconds=1))
    period = (due or now or utcnow()).isoformat(timespec="minutes")
    made = run_once(settings, "digest", period, send_digests) or 0
    log.info("Digest: %s made", made)
    return made


def run_retention(settings: Settings) -> None:
    today = utcnow().astimezone(settings.timezone).date().isoformat()

    def purge(session: Session) -> Purged:
        forget_old_runs(session)
        return purge_expired(session, settings.retention)

    purged = run_once(settings, "retention", today, purge)
    if purged is None:
        return
    remove_old_digest_files(settings.var_dir)
    compact_sqlite(get_engine(settings.database_url))
    log.info("Retention: deleted %s", purged)


def catch_up_digest(settings: Settings, now: Optional[datetime] = None) -> int:
    """Sends the digest now if its last scheduled time passed while nothing was sent."""
    now = now or utcnow()
    due = previous_fire_time(digest_trigger(settings), now)
    with session_scope(settings) as session:
        last = session.execute(select(func.max(Digest.created_at))).scalar()
    if due is not None and (last is None or last < due):
        return run_digest(settings, now)
    return 0


def start_jobs(settings: Settings, sink: Sink) -> Tuple[AsyncIOScheduler, DeliveryJob]:
    """Starts the scheduler on the running asyncio loop. Stop with `stop_jobs`."""
    # The database jobs run in a pool of threads whose shutdown can wait for them; delivery runs on the loop.
    executors = {"default": ThreadPoolExecutor(max_workers=3), LOOP: AsyncIOExecutor()}
    scheduler = AsyncIOScheduler(timezone=settings.timezone, executors=executors)
    delivery = DeliveryJob(settings, sink)
    scheduler.add_job(
        delivery.run,
        "interval",
        seconds=DELIVERY_INTERVAL_SECONDS,
        id="outbox",
        max_instances=1,
        coalesce=True,
        executor=LOOP,
    )
    scheduler.add_job(
        sweep_reminders,
        "interval",
        args=[settings],
        minutes=1,
        id="reminders",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    scheduler.add_job(
        run_retention,
        CronTrigger(hour=3, minute=30, timezone=settings.timezone),
        args=[settings],
        id="retention",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        next_run_time=utcnow(),
    )
    scheduler.add_job(
        run_digest,
        digest_trigger(settings),
        args=[settings],
        id="digest",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    scheduler.start()
    catch_up_digest(settings)
    return scheduler, delivery


async def stop_jobs(scheduler: AsyncIOScheduler, delivery: DeliveryJob) -> None:
    """No new jobs; the outbox message in flight is finished and marked, so a restart never resends it, and the
    jobs running in threads (reminders, retention, digest) finish before this returns.
    In this order: shutting the scheduler down first would cancel the delivery in the middle of a send."""
    await delivery.stop()
    # APScheduler's AsyncIOScheduler only schedules the shutdown for the loop's next turn: in 3.9 (the Rasa
    # environment) shutdown carries that wrapper, in 3.10+ (the app environment) _shutdown does. The wrapped
    # function shuts down here and now, waiting for the threads.
    deferred = getattr(AsyncIOScheduler, "_shutdown", AsyncIOScheduler.shutdown)
    getattr(deferred, "__wrapped__", deferred)(scheduler, wait=True)
