"""Finding and describing the partners who help with a topic in a wijk."""
from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot.storage.models import ReferralPartner, Role

MAX_RESULTS = 3
EMERGENCY_KEY = "alarmnummer-112"  # every danger answer already says "bel 112"; no need to spend a slot on it
DANGER_LINE = "Is er nu direct gevaar? Bel dan meteen 112."


def can_see(role: Role, partner: ReferralPartner) -> bool:
    """Bewoners see public contacts only; every staff role also sees the professionals-only ones."""
    return partner.audience == "public" or role != Role.bewoner


def find_partners(session: Session, topic: str, wijk: Optional[str], role: Role, limit: int = MAX_RESULTS) -> List[ReferralPartner]:
    """The best partners for this topic: local ones before national ones, the most specific first."""
    candidates = [
        p
        for p in session.execute(select(ReferralPartner)).scalars()
        if topic in p.topics and can_see(role, p) and p.key != EMERGENCY_KEY and (not p.wijken or wijk in p.wijken)
    ]

    def rank(partner: ReferralPartner) -> tuple:
        local = bool(partner.wijken)
        for_staff = partner.audience == "professionals" and role != Role.bewoner
        return (not local, not for_staff, len(partner.topics), partner.name)

    return sorted(candidates, key=rank)[:limit]


def describe(partner: ReferralPartner, role: Role) -> str:
    """A partner as a short B1 text block: who, what they do, how to reach them, when."""
    lines = [partner.name, partner.description]
    reach = [f"Bel: {partner.phone}" if partner.phone else "", f"Mail: {partner.email}" if partner.email else "",
             f"Website: {partner.url}" if partner.url else ""]  # fmt: skip
    lines.append(" · ".join(r for r in reach if r))
    lines.append(f"Bereikbaar: {partner.opening_hours}")
    if partner.costs_strip and role == Role.professional:
        lines.append("Inschakelen kost 1 strip van je strippenkaart.")
    return "\n".join(lines)


def partner_named(session: Session, typed: str) -> Optional[ReferralPartner]:
    """The index partner a professional means by a typed name ("buurtbemiddeling zuidwijk"), if any."""
    words = [w for w in typed.lower().split() if len(w) > 2]
    if not words:
        return None
    scored = [(sum(w in p.name.lower() for w in words), p) for p in session.execute(select(ReferralPartner)).scalars()]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= max(1, len(words) // 2) else None
