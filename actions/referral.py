"""ask_referral: who can help with this problem, here? Asks for the topic and the wijk with buttons
when they are missing, then answers with at most three partners."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.types import DomainDict
from sqlalchemy import select

from actions.common import clear, person_session
from buurtbot.referral.index import read_wijken
from buurtbot.referral.search import DANGER_LINE, describe, find_partners
from buurtbot.referral.topics import DANGER_TOPICS, TOPICS, topics_in
from buurtbot.storage import session_scope
from buurtbot.storage.models import ReferralPartner, Role
from nlu.dutch_chat_tokenizer import normalise_word

NATIONAL = "landelijk"


def known_wijken() -> List[str]:
    with session_scope() as session:
        return sorted({w for wijken in session.execute(select(ReferralPartner.wijken)).scalars() for w in wijken})


def wijk_buttons(payload: Callable[[str], str] = lambda wijk: wijk) -> List[Dict[str, str]]:
    """One button per wijk in the index; `payload` makes what a press sends (default: the name as text)."""
    return [{"title": wijk, "payload": payload(wijk)} for wijk in known_wijken()]


@lru_cache(maxsize=1)
def _aliases() -> Dict[str, List[str]]:
    """Each wijk with the other names people use for it (the index file's 'wijken:' list)."""
    return read_wijken()


def match_wijk(text: str, wijken: List[str]) -> Optional[str]:
    """A typed wijk name or another name for it, forgiving case, spaces and hyphens ("nieuw west" = "Nieuw-West",
    "osdorp" = "Nieuw-West")."""
    def simple(value: str) -> str:
        return "".join(ch for ch in value.lower() if ch.isalnum())

    typed = simple(text)
    if typed in ("landelijk", "anders", "geen", "weetniet"):
        return NATIONAL
    for wijk in wijken:
        names = [simple(name) for name in [wijk, *_aliases().get(wijk, [])]]
        if typed in names or (len(typed) >= 4 and any(len(name) >= 4 and name in typed for name in names)):
            return wijk
    return None


def topic_from_text(text: str) -> Optional[str]:
    hits = topics_in(" ".join(normalise_word(word) for word in text.split()))
    return max(hits, key=hits.get) if hits else None


class ValidateReferralForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_referral_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("wijk") is None:
            if tracker.get_slot("topic") in DANGER_TOPICS:  # danger: the national numbers at once, no question first
                return ["topic"]
            with person_session(tracker) as (_, person):
                if person.wijk:  # the user's own wijk: no need to ask
                    return ["topic"]
        return domain_slots

    async def extract_topic(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        # A typed answer to "waar gaat het over?" that the NLU did not tag.
        if tracker.get_slot("requested_slot") == "topic" and tracker.get_slot("topic") is None:
            found = topic_from_text(tracker.latest_message.get("text") or "")
            if found:
                return {"topic": found}
        return {}

    async def extract_wijk(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") == "wijk" and tracker.get_slot("wijk") is None:
            found = match_wijk(tracker.latest_message.get("text") or "", known_wijken())
            if found:
                return {"wijk": found}
        return {}

    def validate_topic(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"topic": value if value in TOPICS else None}

    def validate_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value == NATIONAL or value in known_wijken():
            return {"wijk": value}
        dispatcher.utter_message(text="Die wijk ken ik nog niet. Kies een wijk hieronder, of kies Landelijk.")
        return {"wijk": None}


class ActionAskTopic(Action):
    def name(self) -> Text:
        return "action_ask_topic"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        buttons = [{"title": label, "payload": f'/ask_referral{{"topic": "{key}"}}'} for key, label in TOPICS.items()]
        dispatcher.utter_message(text="Waar gaat het over? Kies wat het beste past, of typ het kort.", buttons=buttons)
        return []


class ActionAskWijk(Action):
    def name(self) -> Text:
        return "action_ask_wijk"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        buttons = wijk_buttons(lambda w: f'/ask_referral{{"wijk": "{w}"}}')
        buttons.append({"title": "Andere wijk: landelijke hulp", "payload": f'/ask_referral{{"wijk": "{NATIONAL}"}}'})
        dispatcher.utter_message(text="In welke wijk woon of werk je?", buttons=buttons)
        return []


class ActionFindReferral(Action):
    def name(self) -> Text:
        return "action_find_referral"

    def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        topic, chosen_wijk = tracker.get_slot("topic"), tracker.get_slot("wijk")
        with person_session(tracker) as (session, person):
            if chosen_wijk and chosen_wijk != NATIONAL and person.role == Role.bewoner and not person.wijk:
                person.wijk = chosen_wijk  # remembered so we need not ask again; shown under /mijngegevens
            wijk = person.wijk if chosen_wijk is None else (None if chosen_wijk == NATIONAL else chosen_wijk)
            partners = [describe(p, person.role) for p in find_partners(session, topic, wijk, person.role)]
        if topic in DANGER_TOPICS:
            dispatcher.utter_message(text=DANGER_LINE)
        if not partners:
            dispatcher.utter_message(text="Ik heb hier nog geen contact voor. Wil je iemand spreken? Typ dan: ik wil iemand spreken.")
        else:
            dispatcher.utter_message(text=f"Voor {TOPICS[topic].lower()}{' in ' + wijk if wijk else ''} kun je hier terecht:")
        for text in partners:
            dispatcher.utter_message(text=text)
        if topic in DANGER_TOPICS and wijk is None and chosen_wijk != NATIONAL:
            dispatcher.utter_message(
                text="Wil je ook hulp dichtbij? Kies je wijk. Dan zoek ik contacten in de buurt.",
                buttons=wijk_buttons(lambda w: f'/ask_referral{{"topic": "{topic}", "wijk": "{w}"}}'),
            )
        return clear("topic", "wijk")
