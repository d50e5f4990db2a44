"""Off-the-record reports: stored with no link to the person who made them.

- The report row has no person column; it keeps only the Monday of the week it arrived, so it
  cannot be matched to a conversation by its time. Its id is random, so the ids do not put reports in the
  order they arrived.
- The beheerder's copy goes through the outbox at the next of a few fixed moments of the day (at least an
  hour later), with a day-only creation time, for the same reason: its times say only which part of the day.
- The conversation in which the report was made is not stored at all (nlu/tracker_store.py).
- A contact is attached only when the professional chose to leave one.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, tzinfo
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.people import people_with_role
from buurtbot.safe_text import quoted
from buurtbot.storage.models import OffRecordReport, Role
from buurtbot.storage.types import MAX_ID, utcnow

SEND_HOURS = (9, 13, 17)  # local times at which the beheerders get the reports that came in before
MIN_DELAY = timedelta(hours=1)
OFF_RECORD_KIND = "offrecord"  # the outbox kind of a report's copy to the beheerders


def week_of(moment: datetime, zone: tzinfo) -> date:
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def save_report(
    session: Session, story: str, wijk: Optional[str], happened_on: Optional[date], contact: Optional[str], zone: tzinfo
) -> None:
    """Stores the report and queues it for every beheerder. Returns nothing on purpose: no id reaches the chat."""
    now = utcnow()
    report = OffRecordReport(
        id=_unused_id(session),
        story=story,
        wijk=wijk,
        happened_on=happened_on,
        received_on=week_of(now, zone),
        contact=contact,
    )
    session.add(report)
    session.flush()
    text = (
        "Nieuwe melding, off the record.\n"
        f"Wijk: {wijk or 'niet genoemd'}\nWanneer: {happened_on.strftime('%d-%m-%Y') if happened_on else 'niet genoemd'}\n"
        f"Verhaal: {quoted(story, limit=3000, one_line=False)}\n"
        + (
            f"Contact (gekozen door de melder): {quoted(contact, limit=200)}"
            if contact
            else "De melder blijft anoniem."
        )
    )
    send_at = next_send_moment(now, zone)
    midnight = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    for beheerder in people_with_role(session, Role.beheerder):
        key = f"offrecord:{secrets.token_hex(8)}"  # random: the report id would order reports by arrival
        outbox.enqueue(session, key, beheerder, OFF_RECORD_KIND, text, not_before=send_at, created_at=midnight)


def next_send_moment(now: datetime, tz: tzinfo) -> datetime:
    """The first of the fixed moments (SEND_HOURS, local time in `tz`) at least MIN_DELAY after `now`."""
    earliest = (now + MIN_DELAY).astimezone(tz)
    for days in (0, 1):
        day = earliest.date() + timedelta(days=days)
        for hour in SEND_HOURS:
            moment = datetime.combine(day, time(hour), tzinfo=tz)
            if moment >= earliest:
                return moment.astimezone(now.tzinfo)
    raise AssertionError("unreachable: tomorrow always has a moment")


def _unused_id(session: Session) -> int:
    while True:
        candidate = secrets.randbelow(MAX_ID) + 1
        if session.get(OffRecordReport, candidate) is None:
            return candidate


def reports_before(session: Session, monday: date, limit: int = 500) -> List[OffRecordReport]:
    """Reports of the weeks before `monday`, newest week first; within a week by wijk and story, so the order
    says nothing about when each came in."""
    query = (
        select(OffRecordReport)
        .where(OffRecordReport.received_on < monday)
        .order_by(OffRecordReport.received_on.desc(), OffRecordReport.wijk, OffRecordReport.story)
        .limit(limit)
    )
    return list(session.execute(query).scalars())
