"""The droommakelaar's yes-or-no questions to a tenant. Nothing about the tenant is shared before their yes.

- "parel": may the droommakelaar reach a pearl's tenant to help with a group of wishes? On yes, the
  droommakelaar gets how to reach them.
- "ervaringsdeskundige": may an ervaringsdeskundige of the wijk get in touch about the tenant's wish (one with
  an early signal, whose tenant consented to contact)? On yes, the ervaringsdeskundige gets the wish and how to
  reach the tenant; on no, the ervaringsdeskundige hears nothing at all.
Each question and each answer goes through the outbox, in the transaction that records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dreams.groups import Group
from buurtbot.dreams.status import may_manage
from buurtbot.people import people_with_role, reach_link
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, HelpAsk, Pearl, Person, Role
from buurtbot.storage.types import utcnow

PEARL, EXPERT = "parel", "ervaringsdeskundige"


@dataclass(frozen=True)
class Outcome:
    done: bool
    say: str  # what the person who acted reads


def answer_choices(ask: HelpAsk) -> List[dict]:
    return [
        outbox.choice(title, "answer_help_ask", ask_id=str(ask.id), answer=answer)
        for title, answer in (("Ja, dat mag", "ja"), ("Nee, liever niet", "nee"))
    ]


def ask_pearl(session: Session, asker: Person, pearl_id: Optional[int], group: Group) -> Outcome:
    """`pearl_id` comes from a button: None when it could not be an id."""
    pearl = session.get(Pearl, pearl_id) if pearl_id else None
    if pearl is None or not pearl.contact_consent or pearl.wijk != group.wijk:
        return Outcome(False, "Deze parel kan ik niet meer vinden. Misschien is hij ingetrokken.")
    ask = _ask(session, PEARL, pearl.person_id, asker, pearl_id=pearl.id, about=group.title())
    text = (
        f'Je bood aan: "{quoted(pearl.offer, limit=200)}". Dank je wel!\n'
        f"In {group.wijk} zijn er {len(group.ids)} wensen over {group.phrase}. "
        "De droommakelaar vraagt of je daarbij wilt helpen.\n"
        "Mag de droommakelaar je bericht sturen? Je naam en hoe je te bereiken bent, krijgt hij alleen als je ja zegt."
    )
    outbox.enqueue(session, f"ask:{ask.id}", pearl.person, "help_ask", text, buttons=answer_choices(ask))
    return Outcome(True, "Ik heb het gevraagd. Zegt de bewoner ja, dan krijg je bericht met hoe je hem bereikt.")


def experts_for(session: Session, wish: DreamWish) -> List[Person]:
    return people_with_role(session, Role.ervaringsdeskundige, wish.wijk) if wish.wijk else []


def ask_expert(session: Session, asker: Person, wish_id: Optional[int], helper_id: Optional[int]) -> Outcome:
    """The ids come from buttons: None when they could not be ids."""
    wish = session.get(DreamWish, wish_id) if wish_id else None
    if wish is None or not may_manage(session, asker, wish):
        return Outcome(False, "Die wens kan ik niet vinden bij jouw wensen.")
    if not (wish.signals and wish.contact_consent):
        return Outcome(False, "Dit kan alleen bij een wens met een vroegsignaal, als de bewoner contact goed vindt.")
    helper = session.get(Person, helper_id) if helper_id else None
    if helper is None or helper not in experts_for(session, wish):
        return Outcome(False, "Die ervaringsdeskundige kan ik niet vinden in deze wijk.")
    ask = _ask(session, EXPERT, wish.person_id, asker, wish_id=wish.id, helper_id=helper.id)
    text = (
        f'Over je wens "{quoted(wish.wish, limit=120)}":\n'
        "In je wijk is een ervaringsdeskundige: een bewoner die zelf ook zoiets heeft meegemaakt, en die graag helpt. "
        "Mag die persoon contact met je opnemen? Zeg je nee, dan krijgt die persoon niets over jou te zien."
    )
    outbox.enqueue(session, f"ask:{ask.id}", wish.person, "help_ask", text, buttons=answer_choices(ask))
    return Outcome(True, "Ik heb de bewoner eerst gevraagd of het goed is. Je krijgt bericht van het antwoord.")


def answer(session: Session, person: Person, ask_id: int, yes: bool) -> Outcome:
    ask = session.get(HelpAsk, ask_id)
    if ask is None or ask.tenant_id != person.id:
        return Outcome(False, "Die vraag kan ik niet vinden.")
    if ask.answer is not None:
        return Outcome(False, "Je hebt deze vraag al beantwoord. Dank je wel!")
    ask.answer, ask.answered_at = yes, utcnow()
    asker = session.get(Person, ask.asked_by_id)
    if ask.kind == PEARL:
        _pearl_answered(session, ask, person, asker, yes)
    else:
        _expert_answered(session, ask, person, asker, yes)
    if yes:
        return Outcome(True, "Dank je wel! Ik geef het door. Je krijgt snel bericht.")
    return Outcome(True, "Dat is goed. Ik geef niets van jou door.")


def _pearl_answered(session: Session, ask: HelpAsk, tenant: Person, asker: Person, yes: bool) -> None:
    pearl = session.get(Pearl, ask.pearl_id) if ask.pearl_id else None
    offered = f' ("{quoted(pearl.offer, limit=120)}")' if pearl else ""
    text = (
        f"Een bewoner{offered} wil helpen met: {ask.about}. Contact: {reach_link(tenant)}"
        if yes
        else f"De bewoner die je vroeg te helpen met {ask.about}, kan of wil nu niet."
    )
    outbox.enqueue(session, f"ask:{ask.id}:answer", asker, "help_answer", text, subject=tenant if yes else None)


def _expert_answered(session: Session, ask: HelpAsk, tenant: Person, asker: Person, yes: bool) -> None:
    wish: Optional[DreamWish] = session.get(DreamWish, ask.wish_id) if ask.wish_id else None
    if yes and wish is not None:
        helper = session.get(Person, ask.helper_id)
        outbox.enqueue(
            session,
            f"ask:{ask.id}:helper",
            helper,
            "help_answer",
            "De droommakelaar vraagt je contact op te nemen met een bewoner. De bewoner vindt het goed.\n"
            f'Wens: "{quoted(wish.wish, limit=500)}"\nContact: {reach_link(tenant)}',
            subject=tenant,
        )
    text = (
        "De bewoner vindt het goed: de ervaringsdeskundige neemt contact op."
        if yes
        else "De bewoner wil liever geen contact met een ervaringsdeskundige. Er is niets doorgegeven."
    )
    outbox.enqueue(session, f"ask:{ask.id}:answer", asker, "help_answer", text)


def _ask(session: Session, kind: str, tenant_id: int, asker: Person, **fields: object) -> HelpAsk:
    ask = HelpAsk(kind=kind, tenant_id=tenant_id, asked_by_id=asker.id, **fields)
    session.add(ask)
    session.flush()
    return ask
