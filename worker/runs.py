"""Each periodic job once per period, however many workers run (several hosts on PostgreSQL).

APScheduler 3 keeps its schedule in each process, so every worker fires every job. Before the work, a worker
stores the row (job, period) in the same transaction as the work itself: the unique key lets exactly one of
them through (on PostgreSQL a second worker waits for the first to commit, then finds the row and skips). A
worker that crashes in the middle rolls its row back with its work, so the period is not lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable, Optional, TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buurtbot.config import Settings
from buurtbot.storage import session_scope
from buurtbot.storage.models import JobRun
from buurtbot.storage.types import utcnow

log = logging.getLogger(__name__)
KEEP = timedelta(days=31)
T = TypeVar("T")


def run_once(settings: Settings, job: str, period: str, work: Callable[[Session], T]) -> Optional[T]:
    """`work(session)` if no worker ran `job` for `period` yet, else None."""
    with session_scope(settings) as session:
        session.add(JobRun(job=job, period=period))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            log.info("%s for %s: another worker ran it", job, period)
            return None
        return work(session)


def forget_old_runs(session: Session) -> int:
    return session.execute(delete(JobRun).where(JobRun.ran_at < utcnow() - KEEP)).rowcount
