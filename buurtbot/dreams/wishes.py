"""Saving a dream wish: themes and signals are added, and with consent a signal reaches the
droommakelaar at once (through the outbox, in the same transaction as the wish)."""

from __future__ import annotations

from typing import List, Optional

from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dreams.analysis import classify_themes, detect_signals
from buurtbot.people import people_with_role, reach_link
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, Person, Role

PLACES = {"woning": "mijn woning", "straat": "mijn straat", "wijk": "mijn wijk"}
SIGNAL_TEXT = {
    "geldzorgen": "geldzorgen",
    "eenzaamheid": "eenzaamheid",
    "zorgbehoefte": "heeft zorg nodig",
    "onveilig_thuis": "onveilig of ongezond thuis",
    "overbelast": "redt het niet meer",
}


def droommakelaars_for(session: Session, wijk: Optional[str]) -> List[Person]:
    """The droommakelaar(s) of this wijk; without one there, every droommakelaar."""
    return people_with_role(session, Role.droommakelaar, wijk) or people_with_role(session, Role.droommakelaar)


def save_wish(
    session: Session,
    person: Person,
    wish: str,
    place: str,
    wijk: Optional[str],
    contribution: Optional[str],
    contact_consent: bool,
    first_name: Optional[str] = None,
) -> DreamWish:
    """Stores the wish; returns it. Committed by the caller's transaction together with any signal message."""
    saved = DreamWish(
        person_id=person.id,
        wish=wish,
        place=place,
        wijk=wijk,
        contribution=contribution or None,
        contact_consent=contact_consent,
        themes=classify_themes(wish),
        signals=detect_signals(wish),
    )
    session.add(saved)
    session.flush()
    if saved.signals and contact_consent:
        text = (
            f"Vroegsignaal ({', '.join(SIGNAL_TEXT[s] for s in saved.signals)}) bij een wens uit {wijk or 'een onbekende wijk'}.\n"
            f'Wens: "{quoted(wish)}"\n'
            f"De bewoner{' (' + quoted(first_name, limit=60) + ')' if first_name else ''} wil dat je contact opneemt: {reach_link(person)}"
        )
        outbox.enqueue_for_each(
            session, droommakelaars_for(session, wijk), f"signal:{saved.id}", "signal", text, subject=person
        )
    return saved
