"""Single-use invite codes that give a role. Only a hash of each code is stored. A revoked invite keeps its
row (who made it, when), so the beheerder's list still shows it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from buurtbot.people import set_role
from buurtbot.storage.models import Invite, Person, Role, WrongCode
from buurtbot.storage.types import utcnow

DEFAULT_VALIDITY = timedelta(days=14)
# Unambiguous characters only: no 0/O or 1/I/l, so a code read aloud or typed from paper works.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# Wrong codes per sender, counted in the database so that every action server sees the same tries.
WRONG_CODE_LIMIT = 5
WRONG_CODE_WINDOW = timedelta(minutes=15)
# The roles an invite can give, with their Dutch names (a bewoner needs no invite).
INVITE_ROLES: Dict[Role, str] = {
    Role.professional: "professional",
    Role.droommakelaar: "droommakelaar",
    Role.ervaringsdeskundige: "ervaringsdeskundige",
    Role.beheerder: "beheerder",
}


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_invite(
    session: Session,
    role: Role,
    wijk: Optional[str] = None,
    created_by: Optional[Person] = None,
    valid_for: timedelta = DEFAULT_VALIDITY,
) -> str:
    """Stores a new invite and returns its code (shown once, never stored)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        Invite(
            code_hash=hash_code(code),
            role=role,
            wijk=wijk,
            created_by_id=created_by.id if created_by else None,
            expires_at=utcnow() + valid_for,
        )
    )
    return code


@dataclass(frozen=True)
class Redeemed:
    role: Role
    wijk: Optional[str]


def redeem_invite(session: Session, person: Person, code: str) -> Optional[Redeemed]:
    """Gives `person` the invite's role. None when the code is unknown, used, expired or revoked."""
    now = utcnow()
    invite = session.execute(select(Invite).where(Invite.code_hash == hash_code(code))).scalar_one_or_none()
    if invite is None or invite.used_at is not None or invite.revoked_at is not None or invite.expires_at <= now:
        return None
    # Conditional update: of two people racing for one code, exactly one wins.
    claimed = session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))  # nor revoked meanwhile
        .values(used_at=now, used_by_id=person.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return None
    set_role(session, person, invite.role, invite.wijk)
    return Redeemed(invite.role, invite.wijk)


def may_try_a_code(session: Session, sender_id: str, now: Optional[datetime] = None) -> bool:
    """False after WRONG_CODE_LIMIT wrong codes within WRONG_CODE_WINDOW: guessing codes is not worth it."""
    since = (now or utcnow()) - WRONG_CODE_WINDOW
    tries = session.execute(
        select(func.count()).select_from(WrongCode).where(WrongCode.who == _who(sender_id), WrongCode.at > since)
    ).scalar_one()
    return tries < WRONG_CODE_LIMIT


def count_wrong_code(session: Session, sender_id: str) -> None:
    session.add(WrongCode(who=_who(sender_id)))


def forget_wrong_codes(session: Session, sender_id: Optional[str] = None, before: Optional[datetime] = None) -> int:
    """Deletes one sender's wrong tries (at /vergeet_mij), or all from before a moment (retention)."""
    query = delete(WrongCode)
    query = query.where(WrongCode.who == _who(sender_id)) if sender_id else query.where(WrongCode.at < before)
    return session.execute(query).rowcount


def _who(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode("utf-8", "surrogatepass")).hexdigest()


def list_invites(session: Session, limit: int = 200) -> List[Invite]:
    """The newest invites first: what the beheerder made, never the codes (only their hashes exist)."""
    return list(
        session.execute(select(Invite).order_by(Invite.created_at.desc(), Invite.id.desc()).limit(limit)).scalars()
    )


def state(invite: Invite, now: Optional[datetime] = None) -> str:
    """'gebruikt', 'ingetrokken', 'verlopen' or 'open'."""
    if invite.used_at is not None:
        return "gebruikt"
    if invite.revoked_at is not None:
        return "ingetrokken"
    return "verlopen" if invite.expires_at <= (now or utcnow()) else "open"


def revoke_invite(session: Session, invite_id: int) -> bool:
    """Makes an unused invite unusable. False when there is no such invite or it was used or revoked before."""
    revoked = session.execute(
        update(Invite)
        .where(Invite.id == invite_id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    return revoked == 1
