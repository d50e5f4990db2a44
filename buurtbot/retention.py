"""Retention (AVG art. 5 storage limitation): a daily job deletes what is older than its term.

Terms come from the settings (RETAIN_*_DAYS; defaults: conversations 90 days, wishes and pearls 2 years,
off-the-record reports 1 year, delivered pushed messages 30 days, and the droommakelaar's questions to tenants
as long as the messages that carried them). Digest counts stay: they hold no person.
Digests are made when they are sent and never kept as files; earlier versions kept them under
var/digests, and the job removes those.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from buurtbot.config import Retention
from buurtbot.invites import forget_wrong_codes
from buurtbot.storage.conversations import delete_events_before
from buurtbot.storage.models import DreamWish, HelpAsk, OffRecordReport, OutboxMessage, Pearl
from buurtbot.storage.types import utcnow
from buurtbot.web_access import forget_expired


@dataclass(frozen=True)
class Purged:
    conversation_events: int
    wishes: int
    pearls: int
    help_asks: int
    off_record_reports: int
    outbox_messages: int
    dashboard_sign_ins: int = 0  # used or expired links and idle sessions of the staff dashboard
    wrong_codes: int = 0  # wrong invite codes typed, kept a day to stop guessing


def purge_expired(session: Session, terms: Retention, now: Optional[datetime] = None) -> Purged:
    now = now or utcnow()
    wishes = session.execute(delete(DreamWish).where(DreamWish.created_at < now - timedelta(days=terms.wishes_days)))
    pearls = session.execute(delete(Pearl).where(Pearl.created_at < now - timedelta(days=terms.pearls_days)))
    asks = session.execute(delete(HelpAsk).where(HelpAsk.asked_at < now - timedelta(days=terms.outbox_days)))
    # Reports only know their day (see OffRecordReport), so the term is counted in whole days.
    reports = session.execute(
        delete(OffRecordReport).where(
            OffRecordReport.received_on < (now - timedelta(days=terms.off_record_days)).date()
        )
    )
    outbox_cutoff = now - timedelta(days=terms.outbox_days)
    # Also what never went out: a message is sent within minutes or hours, so one this old only keeps a copy.
    outbox = session.execute(
        delete(OutboxMessage).where(
            or_(
                OutboxMessage.delivered_at < outbox_cutoff,
                OutboxMessage.skipped_at < outbox_cutoff,
                OutboxMessage.created_at < outbox_cutoff,
            )
        )
    )
    return Purged(
        conversation_events=delete_events_before(session, now - timedelta(days=terms.conversations_days)),
        wishes=wishes.rowcount,
        pearls=pearls.rowcount,
        help_asks=asks.rowcount,
        off_record_reports=reports.rowcount,
        outbox_messages=outbox.rowcount,
        dashboard_sign_ins=forget_expired(session, now),
        wrong_codes=forget_wrong_codes(session, before=now - timedelta(days=1)),
    )


def remove_old_digest_files(var_dir: Path) -> None:
    """Digest charts and CSVs that versions before December 2026 wrote to disk, wishes and contact links included."""
    shutil.rmtree(var_dir / "digests", ignore_errors=True)
