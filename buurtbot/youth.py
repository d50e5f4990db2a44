"""Bouwen aan je Toekomst: young people (16-27) sign up for a work-and-learn place in a renovation project."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.people import people_with_role, reach_link
from buurtbot.safe_text import quoted
from buurtbot.storage.models import Person, Role, YouthSignup

MIN_AGE, MAX_AGE = 16, 27


def sign_up(session: Session, person: Person, age: int, interests: str, school: Optional[str]) -> YouthSignup:
    """Stores (or updates) the sign-up and tells the beheerders. Only called with consent to be contacted."""
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(f"age {age} is outside {MIN_AGE}-{MAX_AGE}")
    signup = session.execute(select(YouthSignup).where(YouthSignup.person_id == person.id)).scalar_one_or_none()
    if signup is None:
        signup = YouthSignup(person_id=person.id, age=age, interests=interests, school=school, contact_consent=True)
        session.add(signup)
    else:
        signup.age, signup.interests, signup.school = age, interests, school
    session.flush()
    outbox.enqueue_for_each(
        session,
        people_with_role(session, Role.beheerder),
        f"youth:{signup.id}:{signup.age}",
        "notification",
        f"Nieuwe aanmelding Bouwen aan je Toekomst: {age} jaar, {person.wijk or 'wijk onbekend'}.\n"
        f"Wil graag: {quoted(interests, limit=500)}\nSchool: {quoted(school or '-', limit=200)}\nContact: {reach_link(person)}",
        subject=person,
    )
    return signup
