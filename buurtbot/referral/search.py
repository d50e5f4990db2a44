"""Finding and describing the partners who help with a topic in a wijk."""

from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from buurtbot.referral.topics import AT_ONCE_TOPICS
from buurtbot.storage.models import ReferralPartner, Role

MAX_RESULTS = 3
EMERGENCY_KEY = "alarmnummer-112"  # every danger answer already says "bel 112"; no need to spend a slot on it
DANGER_LINE = "Is er nu direct gevaar? Bel dan meteen 112."
GAS_LINE = (
    "Ruik je gas? Doe geen licht aan of uit en maak geen vuur. Zet ramen en deuren open en ga naar buiten. "
    "Bel dan gratis 0800-9009, dag en nacht. Is er brand, of voelt iemand zich niet goed? Bel meteen 112."
)
DESPAIR_HINT_LINE = (
    "Wat zwaar voor je. Zit je er helemaal doorheen? Praat erover met 113: bel 113 of gratis 0800-0113, dag en nacht. "
    "Hieronder staat ook wie je verder helpt."
)
GENERAL_LINE = "Dit past niet bij een van mijn onderwerpen. Daarom geef ik je het algemene contact van je wijk. Zij helpen je verder."
# A wijk outside the index: national help, and the way to the local team that every gemeente has.
OUTSIDE_INDEX_LINE = (
    "Je wijk staat nog niet in mijn lijst. Elke gemeente heeft een buurtteam of sociaal wijkteam. "
    "Bel je gemeente en vraag ernaar. Veel gemeenten bel je op 14 en dan het netnummer, bijvoorbeeld 14 030 voor Utrecht."
)


def active_partners() -> Select:
    """The partners the bot may name: a retired partner stays in the table for its history only.
    Read on every question, so a change in the dashboard counts at once."""
    return select(ReferralPartner).where(ReferralPartner.retired_at.is_(None))


def served_wijken(session: Session) -> List[str]:
    """The wijken the bot has active partners for: the chat's and the dashboard's wijk choices."""
    query = select(ReferralPartner.wijken).where(ReferralPartner.retired_at.is_(None))
    return sorted({wijk for wijken in session.execute(query).scalars() for wijk in wijken or []})


def can_see(role: Role, partner: ReferralPartner) -> bool:
    """Bewoners see public contacts only; every staff role also sees the professionals-only ones."""
    return partner.audience == "public" or role != Role.bewoner


def find_partners(
    session: Session, topic: str, wijk: Optional[str], role: Role, limit: int = MAX_RESULTS
) -> List[ReferralPartner]:
    """The best partners for this topic: local ones before national ones, the most specific first.
    For danger and a gas smell the national numbers come first (Veilig Thuis), then a local contact."""
    candidates = [
        p
        for p in session.execute(active_partners()).scalars()
        if topic in p.topics and can_see(role, p) and p.key != EMERGENCY_KEY and (not p.wijken or wijk in p.wijken)
    ]

    def rank(partner: ReferralPartner) -> tuple:
        local = bool(partner.wijken)
        for_staff = partner.audience == "professionals" and role != Role.bewoner
        return (not local, not for_staff, len(partner.topics), partner.name)

    ranked = sorted(candidates, key=rank)
    if topic in AT_ONCE_TOPICS:
        national = [p for p in ranked if not p.wijken][: max(limit - 1, 1)]
        return (national + [p for p in ranked if p.wijken])[:limit]
    return ranked[:limit]


def describe(partner: ReferralPartner, role: Role) -> str:
    """A partner as a short B1 text block: who, what they do, how to reach them, when."""
    lines = [partner.name, partner.description]
    reach = [
        f"Bel: {partner.phone}" if partner.phone else "",
        f"Mail: {partner.email}" if partner.email else "",
        f"Website: {partner.url}" if partner.url else "",
    ]
    lines.append(" · ".join(r for r in reach if r))
    lines.append(f"Bereikbaar: {partner.opening_hours}")
    if partner.costs_strip and role == Role.professional:
        lines.append("Inschakelen kost 1 strip van je strippenkaart.")
    return "\n".join(lines)


# Words in partner names that say nothing about who they are.
NAME_NOISE = frozenset(
    {
        "voorbeeld",
        "nieuw-west",
        "zuidwijk",
        "hagedoornbuurt",
        "almelo",
        "amsterdam",
        "oud-beijerland",
        "hoeksche",
        "waard",
        "bij",
        "van",
        "voor",
        "het",
        "de",
        "een",
        "en",
        "op",
        "team",
        "directe",
        "lijn",
    }
)


def strip_partners(session: Session, wijk: Optional[str]) -> List[ReferralPartner]:
    """The partners a professional may call in with a strip: those of their wijk that cost one."""
    partners = session.execute(active_partners().where(ReferralPartner.costs_strip.is_(True))).scalars()
    return sorted((p for p in partners if not wijk or not p.wijken or wijk in p.wijken), key=lambda p: p.name)


def match_partner(partners: List[ReferralPartner], typed: str) -> Optional[ReferralPartner]:
    """The one partner whose distinctive name words occur in the typed text ("de tolk", "buurtbemiddeling");
    None when no partner or more than one fits."""
    text = " " + " ".join(typed.lower().replace(",", " ").split()) + " "

    def fits(partner: ReferralPartner) -> int:
        words = [w.strip("()&,.") for w in partner.name.lower().split()]
        return sum(1 for w in words if len(w) >= 4 and w not in NAME_NOISE and f" {w}" in text)

    scored = [(fits(p), p) for p in partners]
    best = max((score for score, _ in scored), default=0)
    winners = [p for score, p in scored if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
