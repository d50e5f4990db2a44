"""The strippenkaart: professionals call in external help with strips, a fixed number per quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.config import Settings
from buurtbot.people import people_with_role
from buurtbot.safe_text import quoted
from buurtbot.storage.models import Person, Role, StripCard, StripUse
from buurtbot.storage.types import utcnow


def period_of(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def current_card(session: Session, person: Person, settings: Settings, now: Optional[datetime] = None) -> StripCard:
    """This quarter's card; a new quarter starts with a full card."""
    period = period_of(now or utcnow(), settings.timezone)
    card = session.execute(
        select(StripCard).where(StripCard.person_id == person.id, StripCard.period == period)
    ).scalar_one_or_none()
    if card is None:
        card = StripCard(person_id=person.id, period=period, balance=settings.strips_per_quarter)
        session.add(card)
        session.flush()
    return card


def recent_uses(session: Session, card: StripCard, limit: int = 5) -> List[StripUse]:
    return list(
        session.execute(
            select(StripUse).where(StripUse.card_id == card.id).order_by(StripUse.used_at.desc()).limit(limit)
        ).scalars()
    )


@dataclass(frozen=True)
class StripResult:
    used: bool
    balance: int


def use_strip(
    session: Session,
    person: Person,
    partner_name: str,
    reason: str,
    settings: Settings,
    partner_id: Optional[int] = None,
) -> StripResult:
    """Deducts one strip atomically (never below zero, also when two requests race) and tells the beheerders."""
    card = current_card(session, person, settings)
    # One conditional UPDATE: the database, not Python, decides whether a strip is left.
    deducted = session.execute(
        update(StripCard)
        .where(StripCard.id == card.id, StripCard.balance > 0)
        .values(balance=StripCard.balance - 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(card)
    if deducted != 1:
        return StripResult(False, card.balance)
    use = StripUse(card_id=card.id, partner_id=partner_id, partner_name=partner_name[:200], reason=reason[:500])
    session.add(use)
    session.flush()
    outbox.enqueue_for_each(
        session,
        people_with_role(session, Role.beheerder),
        f"strip:{use.id}",
        "notification",
        f"Strip ingezet door een professional ({person.wijk or 'wijk onbekend'}).\n"
        f"Voor: {quoted(partner_name, limit=200)}\nWaarom: {quoted(reason, limit=500)}\nNog over op deze kaart: {card.balance}",
        subject=person,
    )
    return StripResult(True, card.balance)


def top_up(session: Session, person: Person, amount: int, settings: Settings) -> int:
    """Adds strips to this quarter's card; returns the new balance."""
    if amount <= 0:
        raise ValueError("top up with a positive number of strips")
    card = current_card(session, person, settings)
    session.execute(
        update(StripCard)
        .where(StripCard.id == card.id)
        .values(balance=StripCard.balance + amount)
        .execution_options(synchronize_session=False)
    )
    session.refresh(card)
    return card.balance
