"""People and their roles. Roles live only here, looked up by sender id: never taken from a message."""

from __future__ import annotations

from typing import List, Optional, Type

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buurtbot.storage.models import Base, Person, Role
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


def people_with_role(session: Session, role: Role, wijk: Optional[str] = None) -> List[Person]:
    """Everyone with `role` (in `wijk` when given), e.g. the beheerders who receive notifications."""
    query = select(Person).where(Person.role == role)
    if wijk:
        query = query.where(Person.wijk == wijk)
    return list(session.execute(query.order_by(Person.id)).scalars())


def reach_link(person: Person) -> str:
    """How staff can reach this person in the chat."""
    if person.sender_id.isdigit():  # a Telegram user id: this link opens a chat with them
        return f"stuur een bericht via Telegram: tg://user?id={person.sender_id}"
    return "via de chat van Buurtbot"


def delete_own(session: Session, person: Person, model: Type[Base], record_id: int) -> bool:
    """Deletes a row of the person's own (a wish, a pearl), with what hangs off it; False when it is someone
    else's or already gone. Ids come from buttons, which anyone can forge."""
    row = session.get(model, record_id)
    if row is None or row.person_id != person.id:
        return False
    session.delete(row)
    session.flush()
    return True
