"""Vetoes: a professional objects to an organisational decision; the beheerder decides and the
professional hears every status change."""

from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.people import people_with_role
from buurtbot.safe_text import quoted
from buurtbot.storage.models import Person, Role, Veto, VetoStatus
from buurtbot.storage.types import utcnow

STATUS_TEXT = {
    VetoStatus.ingediend: "ingediend",
    VetoStatus.in_behandeling: "in behandeling",
    VetoStatus.gehonoreerd: "gehonoreerd: het besluit gaat niet door zoals het was",
    VetoStatus.afgewezen: "afgewezen: het besluit blijft staan",
}
NEXT_STATUSES = (VetoStatus.in_behandeling, VetoStatus.gehonoreerd, VetoStatus.afgewezen)


def status_choices(veto: Veto) -> List[dict]:
    return [
        outbox.choice(
            status.value.replace("_", " ").capitalize(), "decide_veto", veto_id=str(veto.id), veto_status=status.value
        )
        for status in NEXT_STATUSES
        if status != veto.status
    ]


def register_veto(session: Session, person: Person, decision: str, reason: str, dossier_ref: Optional[str]) -> Veto:
    veto = Veto(person_id=person.id, decision=decision[:2000], reason=reason[:2000], dossier_ref=(dossier_ref or None))
    session.add(veto)
    session.flush()
    outbox.enqueue_for_each(
        session,
        people_with_role(session, Role.beheerder),
        f"veto:{veto.id}:new",
        "veto",
        f"Nieuw veto van een professional ({person.wijk or 'wijk onbekend'}).\nBesluit: {quoted(veto.decision)}\n"
        f"Dossier: {quoted(veto.dossier_ref or '-', limit=100)}\nReden: {quoted(veto.reason)}\nKies de nieuwe status:",
        buttons=status_choices(veto),
        subject=person,
    )
    return veto


def set_status(session: Session, veto_id: int, status: VetoStatus) -> Optional[Veto]:
    """Changes the status and pushes it to the professional. None when there is no such veto."""
    veto = session.get(Veto, veto_id)
    if veto is None:
        return None
    if veto.status == status:
        return veto
    veto.status, veto.updated_at = status, utcnow()
    owner = session.get(Person, veto.person_id)
    outbox.enqueue(
        session,
        f"veto:{veto.id}:{status.value}",
        owner,
        "veto",
        f'Je veto op "{quoted(veto.decision, limit=80)}" is nu {STATUS_TEXT[status]}.',
    )
    return veto


def open_vetoes(session: Session) -> List[Veto]:
    return list(
        session.execute(
            select(Veto).where(Veto.status.in_([VetoStatus.ingediend, VetoStatus.in_behandeling])).order_by(Veto.id)
        ).scalars()
    )


def all_vetoes(session: Session, limit: int = 200) -> List[Veto]:
    """Open vetoes first (oldest first: they wait longest), then the decided ones, most recently changed first."""
    open_ones = open_vetoes(session)
    decided = session.execute(
        select(Veto)
        .where(Veto.status.in_([VetoStatus.gehonoreerd, VetoStatus.afgewezen]))
        .order_by(Veto.updated_at.desc(), Veto.id.desc())
        .limit(limit)
    ).scalars()
    return open_ones + list(decided)
