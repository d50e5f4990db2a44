"""Single-use invite codes that give a role. Only a hash of each code is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from buurtbot.people import set_role
from buurtbot.storage.models import Invite, Person, Role
from buurtbot.storage.types import utcnow

DEFAULT_VALIDITY = timedelta(days=14)
# Unambiguous characters only: no 0/O or 1/I/l, so a code read aloud or typed from paper works.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


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
    """Gives `person` the invite's role. None when the code is unknown, used or expired."""
    now = utcnow()
    invite = session.execute(select(Invite).where(Invite.code_hash == hash_code(code))).scalar_one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    # Conditional update: of two people racing for one code, exactly one wins.
    claimed = session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by_id=person.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return None
    set_role(session, person, invite.role, invite.wijk)
    return Redeemed(invite.role, invite.wijk)
