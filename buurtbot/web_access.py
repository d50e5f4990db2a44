"""Signing in to the staff dashboard without passwords: a one-time link from the bot, then a session.

Only hashes of links and session tokens are stored. A link works once, for LINK_VALIDITY. A session ends
after IDLE_LIMIT without use, when the person signs out, when their role or wijk changes, and when they are
forgotten (its row hangs off `people` with ON DELETE CASCADE). Who may use the dashboard is in buurtbot/roles.py.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from buurtbot.roles import may
from buurtbot.storage.models import DashboardLink, DashboardSession, Person
from buurtbot.storage.types import utcnow

LINK_VALIDITY = timedelta(minutes=10)
IDLE_LIMIT = timedelta(minutes=30)
SIGN_IN_PATH = "/aanmelden"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link_token(session: Session, person: Person, now: Optional[datetime] = None) -> Optional[str]:
    """A sign-in token for `person`, or None when their role may not use the dashboard."""
    if not may(person.role, "use_dashboard"):
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        DashboardLink(token_hash=_hash(token), person_id=person.id, expires_at=(now or utcnow()) + LINK_VALIDITY)
    )
    return token


def sign_in_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}?token={token}"


@dataclass(frozen=True)
class Opened:
    token: str  # goes into the cookie; only its hash is stored
    csrf_token: str


def redeem_link(session: Session, token: str, now: Optional[datetime] = None) -> Optional[Opened]:
    """Opens a session for a valid, unused link; None when it is unknown, used or older than 10 minutes."""
    now = now or utcnow()
    link = session.execute(select(DashboardLink).where(DashboardLink.token_hash == _hash(token))).scalar_one_or_none()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    # Conditional update: a link opened twice at the same moment still opens one session.
    claimed = session.execute(
        update(DashboardLink)
        .where(DashboardLink.id == link.id, DashboardLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    person = session.get(Person, link.person_id)
    if claimed != 1 or person is None or not may(person.role, "use_dashboard"):
        return None
    opened = Opened(secrets.token_urlsafe(32), secrets.token_urlsafe(32))
    session.add(
        DashboardSession(
            token_hash=_hash(opened.token),
            person_id=person.id,
            role=person.role.value,
            wijk=person.wijk,
            csrf_token=opened.csrf_token,
            created_at=now,
            last_seen_at=now,
        )
    )
    return opened


@dataclass(frozen=True)
class SignedIn:
    person: Person
    csrf_token: str


def current(session: Session, token: Optional[str], now: Optional[datetime] = None) -> Optional[SignedIn]:
    """The person behind a session cookie, or None when the session has ended (it is then deleted)."""
    if not token:
        return None
    now = now or utcnow()
    found = session.execute(
        select(DashboardSession).where(DashboardSession.token_hash == _hash(token))
    ).scalar_one_or_none()
    if found is None:
        return None
    person = session.get(Person, found.person_id)
    if (
        person is None
        or now - found.last_seen_at > IDLE_LIMIT
        or person.role.value != found.role
        or person.wijk != found.wijk
        or not may(person.role, "use_dashboard")
    ):
        session.delete(found)
        return None
    found.last_seen_at = now
    return SignedIn(person, found.csrf_token)


def sign_out(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(DashboardSession).where(DashboardSession.token_hash == _hash(token)))


def forget_expired(session: Session, now: Optional[datetime] = None) -> int:
    """Deletes used or expired links and idle sessions (the daily retention job)."""
    now = now or utcnow()
    links = session.execute(
        delete(DashboardLink).where((DashboardLink.used_at.is_not(None)) | (DashboardLink.expires_at <= now))
    ).rowcount
    sessions = session.execute(
        delete(DashboardSession).where(DashboardSession.last_seen_at < now - IDLE_LIMIT)
    ).rowcount
    return links + sessions
