"""People and their roles. Roles live only here, looked up by sender id: never taken from a message."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buurtbot.storage.models import Person, Role
from buurtbot.storage.types import utcnow


def get_person(session: Session, sender_id: str) -> Optional[Person]:
    return session.execute(select(Person).where(Person.sender_id == sender_id)).scalar_one_or_none()


def get_or_create_person(session: Session, sender_id: str, first_name: Optional[str] = None) -> Person:
    """Everyone starts as a bewoner. Safe when two requests for a new person race."""
    person = get_person(session, sender_id)
    if person is None:
        try:
            with session.begin_nested():
                person = Person(sender_id=sender_id, role=Role.bewoner, first_name=first_name)
                session.add(person)
        except IntegrityError:
            person = get_person(session, sender_id)
    person.last_seen_at = utcnow()
    return person


def role_of(session: Session, sender_id: str) -> Role:
    person = get_person(session, sender_id)
    return person.role if person else Role.bewoner


def set_role(session: Session, person: Person, role: Role, wijk: Optional[str] = None) -> None:
    person.role = role
    if wijk:
        person.wijk = wijk
