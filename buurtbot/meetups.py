"""Neighbourhood meetups: plan (with approval for bewoners), list, sign up, cancel, remind, calendar file.

Capacity holds under concurrent sign-ups: `seats_taken` only grows through one conditional UPDATE
("... WHERE seats_taken + n <= capacity"), and a CHECK constraint backs it up.
Reminders are outbox rows with a key per meetup, person and kind, so each is queued at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Iterable, List, Optional

from icalendar import Calendar, Event
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dates import format_when
from buurtbot.people import people_with_role
from buurtbot.safe_text import plain, quoted
from buurtbot.storage.models import (
    DreamWish,
    Meetup,
    MeetupStatus,
    OutboxMessage,
    Person,
    Role,
    Rsvp,
)
from buurtbot.storage.types import utcnow

TITLE_LIMIT, PLACE_LIMIT = 120, 200
DURATION = timedelta(hours=2)  # for the calendar entry; meetups have no end time
REMINDERS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


def approval_choices(meetup: Meetup) -> List[dict]:
    return [
        outbox.choice(title, "decide_meetup", meetup_id=str(meetup.id), decision=decision)
        for title, decision in (("Goedkeuren", "goedgekeurd"), ("Afwijzen", "afgewezen"))
    ]


def title_of(meetup: Meetup) -> str:
    """The title as shown to others in a chat (links, mentions and commands defused)."""
    return quoted(meetup.title, limit=TITLE_LIMIT)


def place_of(meetup: Meetup) -> str:
    return quoted(meetup.place, limit=PLACE_LIMIT)


def describe(meetup: Meetup, zone: tzinfo) -> str:
    left = "" if meetup.capacity is None else f"\nNog {meetup.capacity - meetup.seats_taken} plaatsen vrij."
    return f"{title_of(meetup)}\n{format_when(meetup.starts_at, zone)}, {place_of(meetup)} ({meetup.wijk}){left}"


def plan(
    session: Session,
    organiser: Person,
    title: str,
    starts_at: datetime,
    place: str,
    wijk: str,
    *,
    zone: tzinfo,
    description: Optional[str] = None,
    capacity: Optional[int] = None,
) -> Meetup:
    """Staff (professionals, the droommakelaar, beheerders) publish directly; a bewoner's proposal waits for a
    beheerder."""
    direct = organiser.role in (Role.professional, Role.droommakelaar, Role.beheerder)
    # A meetup is published text, shown in many messages to neighbours: it is stored in its safe form.
    # Stored as written (plain), shown through `quoted` (title_of, place_of): the .ics file gets the plain text.
    title, place = plain(title, limit=TITLE_LIMIT), plain(place, limit=PLACE_LIMIT)
    description = plain(description, limit=1000, one_line=False) if description else None
    meetup = Meetup(
        title=title,
        starts_at=starts_at,
        place=place,
        wijk=wijk,
        description=description,
        capacity=capacity,
        organiser_id=organiser.id,
        status=MeetupStatus.goedgekeurd if direct else MeetupStatus.voorgesteld,
    )
    session.add(meetup)
    session.flush()
    if not direct:
        outbox.enqueue_for_each(
            session,
            people_with_role(session, Role.beheerder),
            f"meetup:{meetup.id}:proposal",
            "approval",
            f"Een bewoner stelt een activiteit voor:\n{describe(meetup, zone)}\n{quoted(meetup.description or '', one_line=False)}".rstrip()
            + "\nMag deze in de agenda?",
            buttons=approval_choices(meetup),
            subject=organiser,
        )
    return meetup


def proposals(session: Session) -> List[Meetup]:
    """Bewoners' proposals that wait for a beheerder, soonest first."""
    query = select(Meetup).where(Meetup.status == MeetupStatus.voorgesteld, Meetup.starts_at > utcnow())
    return list(session.execute(query.order_by(Meetup.starts_at)).scalars())


def decide(session: Session, meetup_id: int, approve: bool) -> Optional[Meetup]:
    """The beheerder's decision on a proposal; the proposer hears it. None if there is nothing to decide."""
    meetup = session.get(Meetup, meetup_id)
    if meetup is None or meetup.status != MeetupStatus.voorgesteld:
        return None
    meetup.status = MeetupStatus.goedgekeurd if approve else MeetupStatus.afgewezen
    organiser = session.get(Person, meetup.organiser_id) if meetup.organiser_id else None
    if organiser:
        outcome = (
            "staat nu in de agenda. Buren kunnen zich aanmelden."
            if approve
            else "is niet goedgekeurd. Vraag de beheerder gerust waarom."
        )
        outbox.enqueue(
            session,
            f"meetup:{meetup.id}:decision",
            organiser,
            "approval",
            f'Je activiteit "{title_of(meetup)}" {outcome}',
        )
    return meetup


def upcoming(session: Session, wijk: Optional[str], now: Optional[datetime] = None) -> List[Meetup]:
    """Approved meetups still to come, soonest first (all wijken when wijk is None)."""
    query = select(Meetup).where(Meetup.status == MeetupStatus.goedgekeurd, Meetup.starts_at > (now or utcnow()))
    if wijk:
        query = query.where(Meetup.wijk == wijk)
    return list(session.execute(query.order_by(Meetup.starts_at)).scalars())


@dataclass(frozen=True)
class RsvpResult:
    ok: bool
    already: bool = False
    full: bool = False


def rsvp(session: Session, meetup: Meetup, person: Person, party_size: int = 1) -> RsvpResult:
    """Signs up `party_size` people. Twice is a no-op; never more people than places."""
    if session.execute(select(Rsvp.id).where(Rsvp.meetup_id == meetup.id, Rsvp.person_id == person.id)).first():
        return RsvpResult(ok=True, already=True)
    taken = session.execute(
        update(Meetup)
        .where(
            Meetup.id == meetup.id, (Meetup.capacity.is_(None)) | (Meetup.seats_taken + party_size <= Meetup.capacity)
        )
        .values(seats_taken=Meetup.seats_taken + party_size)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return RsvpResult(ok=False, full=True)
    try:
        with session.begin_nested():
            session.add(Rsvp(meetup_id=meetup.id, person_id=person.id, party_size=party_size))
    except IntegrityError:  # the same person signed up twice at the same moment
        session.execute(
            update(Meetup).where(Meetup.id == meetup.id).values(seats_taken=Meetup.seats_taken - party_size)
        )
        return RsvpResult(ok=True, already=True)
    session.refresh(meetup)
    return RsvpResult(ok=True)


def invite(session: Session, meetup: Meetup, wishes: Iterable[DreamWish], about: str, zone: tzinfo) -> int:
    """Invites the tenants of these wishes who consented to contact, once each, with a sign-up button.
    Those who did not consent hear nothing: their wish stays anonymous."""
    tenants = {wish.person_id: wish.person for wish in wishes if wish.contact_consent}
    text = (
        f"Je deelde een wens over {about}. Andere buren willen dat ook!\n"
        f"Daarom is er een bijeenkomst:\n{describe(meetup, zone)}\nDoe je mee?"
    )
    return sum(
        outbox.enqueue(
            session,
            f"meetup:{meetup.id}:invite:{person.id}",
            person,
            "invitation",
            text,
            buttons=[outbox.choice("Ik doe mee", "join_meetup", meetup_id=str(meetup.id))],
        )
        for person in tenants.values()
    )


def cancel_rsvp(session: Session, meetup: Meetup, person: Person) -> bool:
    """Cancels the sign-up and frees its places; False if there was none."""
    found = session.execute(
        select(Rsvp).where(Rsvp.meetup_id == meetup.id, Rsvp.person_id == person.id)
    ).scalar_one_or_none()
    if found is None:
        return False
    session.execute(
        update(Meetup).where(Meetup.id == meetup.id).values(seats_taken=Meetup.seats_taken - found.party_size)
    )
    session.delete(found)
    _drop_pending_reminders(session, meetup.id, person.id)
    return True


def cancel_meetup(session: Session, meetup: Meetup, zone: tzinfo) -> int:
    """Cancels the meetup: everyone signed up gets a cancellation instead of their reminders."""
    meetup.status = MeetupStatus.geannuleerd
    notified = 0
    for signup in session.execute(select(Rsvp).where(Rsvp.meetup_id == meetup.id)).scalars():
        _drop_pending_reminders(session, meetup.id, signup.person_id)
        person = session.get(Person, signup.person_id)
        notified += outbox.enqueue(
            session,
            f"meetup:{meetup.id}:cancelled:{person.id}",
            person,
            "cancellation",
            f'Jammer: "{title_of(meetup)}" op {format_when(meetup.starts_at, zone)} gaat niet door.',
        )
    return notified


def _drop_pending_reminders(session: Session, meetup_id: int, person_id: int) -> None:
    for kind in REMINDERS:
        message = session.execute(
            select(OutboxMessage).where(OutboxMessage.key == f"reminder:{kind}:{meetup_id}:{person_id}")
        ).scalar_one_or_none()
        if message and message.delivered_at is None:
            outbox.mark_skipped(message, "sign-up or meetup cancelled")


def queue_reminders(session: Session, zone: tzinfo, now: Optional[datetime] = None) -> int:
    """The sweep: for meetups within 24 hours, queue each attendee's reminders that are still meaningful.
    Safe to run any number of times, also after a restart: each reminder has one key."""
    now = now or utcnow()
    queued = 0
    soon = session.execute(
        select(Meetup).where(
            Meetup.status == MeetupStatus.goedgekeurd,
            Meetup.starts_at > now,
            Meetup.starts_at <= now + REMINDERS["24h"],
        )
    ).scalars()
    for meetup in soon:
        for signup in session.execute(select(Rsvp).where(Rsvp.meetup_id == meetup.id)).scalars():
            person = session.get(Person, signup.person_id)
            for kind, before in REMINDERS.items():
                send_at = meetup.starts_at - before
                if kind == "24h" and now > meetup.starts_at - timedelta(hours=2):
                    continue  # signed up at the last moment: the 1-hour reminder is enough
                queued += outbox.enqueue(
                    session,
                    f"reminder:{kind}:{meetup.id}:{person.id}",
                    person,
                    "reminder",
                    f'Herinnering: "{title_of(meetup)}" is {format_when(meetup.starts_at, zone)}, {place_of(meetup)}. Tot dan!',
                    not_before=max(send_at, now),
                )
    return queued


def ics(meetup: Meetup) -> str:
    """A calendar file for phones: one event, times in UTC (every calendar app converts them)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtbot//NL")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meetup-{meetup.id}@buurtbot")
    event.add("summary", meetup.title)
    event.add("dtstart", meetup.starts_at)
    event.add("dtend", meetup.starts_at + DURATION)
    event.add("dtstamp", utcnow())
    event.add("location", f"{meetup.place}, {meetup.wijk}")
    if meetup.description:
        event.add("description", meetup.description)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def find_by_text(meetups: List[Meetup], text: str) -> Optional[Meetup]:
    """The meetup a message names ("ik kom zaterdag naar de koffieochtend"): most title words in the text."""

    def content_words(value: str) -> set:
        return {w for w in value.lower().replace(",", " ").replace("!", " ").split() if len(w) > 3}

    words = content_words(text)
    scored = [(len(words & content_words(m.title)), m) for m in meetups]
    scored = [(score, m) for score, m in scored if score]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None
