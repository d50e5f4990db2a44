"""Callback requests: someone wants a person to contact them. Sent only with their consent."""

from __future__ import annotations

from typing import List, Optional

from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.people import people_with_role, reach_link
from buurtbot.safe_text import quoted
from buurtbot.storage.models import Person, Role
from buurtbot.storage.types import utcnow


def who_calls_back(session: Session, person: Person) -> List[Person]:
    """Tenants get a professional of their own wijk (the wijkbeheerder); everyone else, or a tenant
    whose wijk has no professional yet, gets the beheerders."""
    if person.role == Role.bewoner and person.wijk:
        local = people_with_role(session, Role.professional, person.wijk)
        if local:
            return local
    return people_with_role(session, Role.beheerder)


def request_callback(session: Session, person: Person, phone: Optional[str], first_name: Optional[str]) -> int:
    """Queues the request for everyone who may call back; returns how many will get it."""
    recipients = who_calls_back(session, person)
    how = f"bel {quoted(phone, limit=40)}" if phone else reach_link(person)
    text = (
        f"Terugbelverzoek van {'een bewoner' if person.role == Role.bewoner else 'een ' + person.role.value}"
        f"{' (' + quoted(first_name, limit=60) + ')' if first_name else ''} uit {person.wijk or 'een onbekende wijk'}.\n"
        f"Neem contact op: {how}."
    )
    stamp = utcnow().strftime("%Y%m%d%H%M")
    return outbox.enqueue_for_each(
        session, recipients, f"callback:{person.id}:{stamp}", "callback", text, subject=person
    )
