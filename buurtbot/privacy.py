"""AVG rights: a copy of everything stored about a person (art. 15/20) and real deletion (art. 17).

Off-the-record reports have no link to a person, so they are in neither; not even the beheerder's copy of one
is in the beheerder's export. Digest counts that were already
sent stay: they are aggregates without a person.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from buurtbot.config import Retention
from buurtbot.invites import forget_wrong_codes
from buurtbot.off_record import OFF_RECORD_KIND
from buurtbot.storage.conversations import delete_conversation, events_of
from buurtbot.storage.models import (
    DashboardLink,
    DashboardSession,
    DreamWish,
    HelpAsk,
    Invite,
    Meetup,
    OutboxMessage,
    Pearl,
    Person,
    ReferralChange,
    Rsvp,
    StripCard,
    StripUse,
    Veto,
    YouthSignup,
)

FORMER_STAFF = "een oud-medewerker"


def privacy_text(terms: Retention) -> str:
    return (
        "Dit bewaren we over jou:\n"
        "- je Telegram-nummer, je rol en je wijk. Zo weet ik wat ik je kan laten zien.\n"
        "- wat je met mij deelt: wensen, wat je aanbiedt voor de buurt (parels), aanmeldingen voor activiteiten, "
        "en voor professionals strippen en veto's.\n"
        "- onze gesprekken, zodat ik snap waar we het over hadden. Stop je halverwege, of sla je iets niet op? "
        "Dan wis ik dat stuk van het gesprek meteen.\n\n"
        "Waarom? Om je te helpen, en zodat je woningcorporatie de wijk beter kan maken.\n"
        "Wie ziet het? De droommakelaar ziet je wensen en je parels. Je naam en nummer ziet hij alleen als jij dat "
        "goed vindt. Hij ziet ook hoe ver je wens is, en jij ziet dat met /mijnwensen.\n"
        "Vraagt de droommakelaar of je wilt helpen, of of een ervaringsdeskundige contact mag opnemen? Dan krijgt "
        "die persoon je gegevens alleen als jij ja zegt. Zeg je nee, dan krijgt niemand iets van jou.\n"
        "De beheerder ziet meldingen en aanmeldingen. Niemand anders.\n"
        "Medewerkers zien dit ook op hun eigen website, het dashboard. Daar gelden dezelfde regels.\n"
        f"Hoe lang? Gesprekken {_term(terms.conversations_days)}, wensen {_term(terms.wishes_days)}, "
        f"parels {_term(terms.pearls_days)}. Vragen van de droommakelaar en je antwoord {_term(terms.outbox_days)}. "
        "Daarna wissen we ze vanzelf.\n"
        f"Meldingen off the record bewaren we zonder naam, {_term(terms.off_record_days)}. "
        "Van dat gesprek bewaar ik niets.\n"
        "Het overzicht van de wensen voor de droommakelaar maak ik pas als ik het verstuur. "
        "Ik bewaar er geen kopie van.\n\n"
        "Een kopie van alles? Typ /mijngegevens. Alles wissen? Typ /vergeet_mij."
    )


def _term(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return "1 jaar" if years == 1 else f"{years} jaar"
    return "1 dag" if days == 1 else f"{days} dagen"


def _rows(session: Session, model: type, *criteria: Any) -> List[Dict[str, Any]]:
    return [
        {c.name: getattr(row, c.name) for c in model.__table__.columns}
        for row in session.execute(select(model).where(*criteria)).scalars()
    ]


def export(session: Session, person: Person) -> str:
    """Everything stored about this person, as readable JSON."""
    cards = [c.id for c in session.execute(select(StripCard).where(StripCard.person_id == person.id)).scalars()]
    conversation = events_of(session, person.sender_id)
    data = {
        "profiel": _rows(session, Person, Person.id == person.id)[0],
        "wensen": _rows(session, DreamWish, DreamWish.person_id == person.id),
        "parels": _rows(session, Pearl, Pearl.person_id == person.id),
        "vragen_aan_jou": _rows(session, HelpAsk, HelpAsk.tenant_id == person.id),
        # Questions this person asked, or was named as helper in: without who answered them.
        "vragen_van_of_via_jou": [
            {k: v for k, v in row.items() if k not in ("tenant_id", "pearl_id", "wish_id")}
            for row in _rows(session, HelpAsk, or_(HelpAsk.asked_by_id == person.id, HelpAsk.helper_id == person.id))
        ],
        "aanmeldingen_activiteiten": _rows(session, Rsvp, Rsvp.person_id == person.id),
        "georganiseerde_activiteiten": _rows(session, Meetup, Meetup.organiser_id == person.id),
        "bouwen_aan_je_toekomst": _rows(session, YouthSignup, YouthSignup.person_id == person.id),
        "strippenkaarten": _rows(session, StripCard, StripCard.person_id == person.id),
        "strippen_gebruikt": _rows(session, StripUse, StripUse.card_id.in_(cards)) if cards else [],
        "vetos": _rows(session, Veto, Veto.person_id == person.id),
        "uitnodigingen": _rows(session, Invite, or_(Invite.used_by_id == person.id, Invite.created_by_id == person.id)),
        # Off-the-record copies to the beheerders are left out: they hold another person's report, never theirs.
        "berichten_aan_jou": _rows(
            session, OutboxMessage, OutboxMessage.recipient_id == person.id, OutboxMessage.kind != OFF_RECORD_KIND
        ),
        "berichten_over_jou": _rows(session, OutboxMessage, OutboxMessage.subject_id == person.id),
        "gesprekken": [e for e in conversation if e.get("event") in ("user", "bot")],
        # Staff only: sign-in links and sessions of the web dashboard, and their changes to the referral index.
        "dashboard_links": _rows(session, DashboardLink, DashboardLink.person_id == person.id),
        "dashboard_sessies": _rows(session, DashboardSession, DashboardSession.person_id == person.id),
        "wijzigingen_verwijsindex": _rows(session, ReferralChange, ReferralChange.by_id == person.id),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def forget(session: Session, person: Person) -> None:
    """Deletes the person and everything of theirs, including their conversation history and the queued or sent
    messages to others that quote them (outbox rows with them as subject, by ON DELETE CASCADE). A digest is
    made when it is sent, so once their wishes are gone they are in no digest."""
    for signup in session.execute(select(Rsvp).where(Rsvp.person_id == person.id)).scalars():
        session.execute(
            update(Meetup)
            .where(Meetup.id == signup.meetup_id)
            .values(seats_taken=Meetup.seats_taken - signup.party_size)
        )
    session.execute(delete(Invite).where(or_(Invite.used_by_id == person.id, Invite.created_by_id == person.id)))
    session.execute(update(Meetup).where(Meetup.organiser_id == person.id).values(organiser_id=None))
    # The index's history keeps what changed, but no longer who: their name goes with them.
    session.execute(
        update(ReferralChange).where(ReferralChange.by_id == person.id).values(by_id=None, by_name=FORMER_STAFF)
    )
    forget_wrong_codes(session, person.sender_id)
    delete_conversation(session, person.sender_id)
    session.delete(person)  # wishes, pearls, questions, sign-ups, youth, strips, vetoes, outbox, dashboard: CASCADE
    session.flush()
