"""Off-the-record reports: stored with no link to the person who made them.

- The report row has no person column; it keeps only the Monday of the week it arrived, so it
  cannot be matched to a conversation by its time.
- The beheerder's copy goes through the outbox with a random delay and a day-only creation time,
  for the same reason.
- A contact is attached only when the professional chose to leave one.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.config import get_settings
from buurtbot.people import people_with_role
from buurtbot.safe_text import quoted
from buurtbot.storage.models import OffRecordReport, Role
from buurtbot.storage.types import utcnow

MAX_DELAY_MINUTES = 90


def week_of(moment: datetime) -> date:
    local = moment.astimezone(get_settings().timezone).date()
    return local - timedelta(days=local.weekday())


def save_report(
    session: Session, story: str, wijk: Optional[str], happened_on: Optional[date], contact: Optional[str]
) -> None:
    """Stores the report and queues it for every beheerder. Returns nothing on purpose: no id reaches the chat."""
    now = utcnow()
    report = OffRecordReport(story=story, wijk=wijk, happened_on=happened_on, received_on=week_of(now), contact=contact)
    session.add(report)
    session.flush()
    text = (
        "Nieuwe melding, off the record.\n"
        f"Wijk: {wijk or 'niet genoemd'}\nWanneer: {happened_on.strftime('%d-%m-%Y') if happened_on else 'niet genoemd'}\n"
        f"Verhaal: {quoted(story, limit=3000, one_line=False)}\n"
        + (f"Contact (gekozen door de melder): {quoted(contact, limit=200)}" if contact else "De melder blijft anoniem.")
    )
    send_at = now + timedelta(minutes=secrets.randbelow(MAX_DELAY_MINUTES) + 5)
    midnight = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    for beheerder in people_with_role(session, Role.beheerder):
        key = f"offrecord:{secrets.token_hex(8)}"  # random: the report id would order reports by arrival
        outbox.enqueue(session, key, beheerder, "offrecord", text, not_before=send_at, created_at=midnight)
