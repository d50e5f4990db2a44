"""A wish's life: nieuw → opgepakt → in uitvoering → gelukt, or "lukt niet" with a reason.

The droommakelaar of the wish's wijk changes the status, with a short note if they like. The tenant hears of
each change through the outbox, in the transaction of the change, so exactly once, also across restarts.
A tenant sees their wishes with /mijnwensen and may withdraw one: it is deleted, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dreams.wishes import droommakelaars_for
from buurtbot.people import delete_own
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, Person, Role, WishStatus
from buurtbot.storage.types import utcnow

NOTE_LENGTH = 500
LABEL = {
    WishStatus.nieuw: "nieuw",
    WishStatus.opgepakt: "opgepakt",
    WishStatus.in_uitvoering: "in uitvoering",
    WishStatus.gelukt: "gelukt",
    WishStatus.lukt_niet: "lukt niet",
}
OPEN = (WishStatus.nieuw, WishStatus.opgepakt, WishStatus.in_uitvoering)
# What the tenant reads, in B1: one short sentence per status.
TENANT_NEWS = {
    WishStatus.opgepakt: "De droommakelaar heeft je wens opgepakt.",
    WishStatus.in_uitvoering: "Er wordt nu aan je wens gewerkt.",
    WishStatus.gelukt: "Goed nieuws: je wens is gelukt!",
    WishStatus.lukt_niet: "Het lukt helaas niet om je wens waar te maken.",
}
# The next steps the droommakelaar gets as buttons; any status but "nieuw" may be set, to correct a mistake.
NEXT_STEPS = {
    WishStatus.nieuw: (WishStatus.opgepakt, WishStatus.in_uitvoering, WishStatus.lukt_niet),
    WishStatus.opgepakt: (WishStatus.in_uitvoering, WishStatus.gelukt, WishStatus.lukt_niet),
    WishStatus.in_uitvoering: (WishStatus.gelukt, WishStatus.lukt_niet),
    WishStatus.gelukt: (WishStatus.in_uitvoering,),
    WishStatus.lukt_niet: (WishStatus.opgepakt,),
}


@dataclass(frozen=True)
class Change:
    wish: Optional[DreamWish]
    outcome: str  # "changed", "unchanged" (already that status), "needs_reason", "not_yours", "gone"


# What the droommakelaar hears after a change, in the chat and on the dashboard alike.
OUTCOME_TEXT = {
    "changed": 'De wens staat nu op "{status}". De bewoner krijgt een bericht.',
    "unchanged": 'De wens stond al op "{status}". Er is niets veranderd.',
    "needs_reason": 'Bij "lukt niet" hoort een reden. Kies de status opnieuw en schrijf kort waarom. De bewoner leest dit.',
    "not_yours": "Deze wens hoort bij een andere droommakelaar. Je kunt hem wel bekijken.",
    "gone": "Die wens bestaat niet meer. Misschien heeft de bewoner hem ingetrokken.",
}


def parse_status(value: object) -> Optional[WishStatus]:
    """A status from a button ("in_uitvoering") or from what someone typed ("in uitvoering", "Lukt niet")."""
    text = str(value or "").strip().lower().replace(" ", "_")
    return next((status for status in WishStatus if status.value == text), None)


def manages(session: Session, person: Person, wijk: Optional[str]) -> bool:
    """The droommakelaar(s) who receive this wijk's wishes act on them; the beheerder only looks."""
    return person.role == Role.droommakelaar and person in droommakelaars_for(session, wijk)


def may_manage(session: Session, person: Person, wish: DreamWish) -> bool:
    return manages(session, person, wish.wijk)


def change_status(
    session: Session, wish_id: int, actor: Person, status: WishStatus, note: Optional[str] = None
) -> Change:
    wish = session.get(DreamWish, wish_id)
    if wish is None:
        return Change(None, "gone")
    if not may_manage(session, actor, wish):
        return Change(wish, "not_yours")
    note = (note or "").strip()[:NOTE_LENGTH] or None
    if status == WishStatus.lukt_niet and not note:
        return Change(wish, "needs_reason")
    if status == wish.status and note == wish.status_note:
        return Change(wish, "unchanged")
    wish.status, wish.status_note, wish.status_at = status, note, utcnow()
    session.flush()
    outbox.enqueue(
        session,
        f"wish-status:{wish.id}:{wish.status_at.isoformat()}",
        wish.person,
        "wish_status",
        tenant_news(wish),
    )
    return Change(wish, "changed")


def tenant_news(wish: DreamWish) -> str:
    lines = [f'Nieuws over je wens "{quoted(wish.wish, limit=80)}":', TENANT_NEWS.get(wish.status, "")]
    if wish.status_note:
        lines.append(f'De droommakelaar schrijft: "{quoted(wish.status_note, limit=NOTE_LENGTH)}"')
    lines.append("Al je wensen zie je met /mijnwensen.")
    return "\n".join(line for line in lines if line)


def wishes_of(session: Session, person: Person) -> List[DreamWish]:
    return list(
        session.execute(
            select(DreamWish).where(DreamWish.person_id == person.id).order_by(DreamWish.created_at.desc())
        ).scalars()
    )


def describe_for_tenant(wish: DreamWish) -> str:
    text = f'"{quoted(wish.wish, limit=120)}"\nStatus: {LABEL[wish.status]}.'
    if wish.status_note:
        text += f' De droommakelaar schrijft: "{quoted(wish.status_note, limit=NOTE_LENGTH)}"'
    return text


def withdraw(session: Session, person: Person, wish_id: int) -> bool:
    """Deletes the tenant's own wish; False when it is not theirs or already gone."""
    return delete_own(session, person, DreamWish, wish_id)
