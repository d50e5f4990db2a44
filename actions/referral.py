"""ask_referral: who can help with this problem, here? Asks for the topic and the wijk with buttons
when they are missing, then answers with at most three partners.

Danger and a gas smell are answered at once with national numbers; local contacts follow once the wijk is
known. A need outside the topics goes to the wijk's general contact. Another wijk typed after an answer
("nee, ik bedoel Almelo") gets the answer again for that wijk, and becomes the tenant's wijk."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import clear, person_session
from actions.prefill import form_opening, is_answer, is_question
from buurtbot.referral.index import read_wijken
from buurtbot.referral.search import (
    DANGER_LINE,
    DESPAIR_HINT_LINE,
    GAS_LINE,
    GENERAL_LINE,
    OUTSIDE_INDEX_LINE,
    describe,
    find_partners,
    served_wijken,
)
from buurtbot.referral.topics import (
    AT_ONCE_TOPICS,
    DANGER_TOPICS,
    GENERAL,
    NOT_UNWELL,
    TOPICS,
    UNWELL,
    topics_in,
)
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from buurtbot.text import normalise

NATIONAL = "landelijk"
LAST_TOPIC = "referral_last_topic"  # the topic of the last answer, so that a corrected wijk gets it again
OTHER_BUTTON_TITLE = "Iets anders"
MAX_TOPIC_CHOICES = 3


def known_wijken() -> List[str]:
    with session_scope() as session:
        return served_wijken(session)


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
    # A typo of one name ("zuidwjik"): close enough, and no other name as close.
    spelled = {simple(name): wijk for wijk in wijken for name in [wijk, *_aliases().get(wijk, [])] if len(name) >= 5}
    close = difflib.get_close_matches(typed, spelled, n=1, cutoff=0.8) if len(typed) >= 5 else []
    return spelled[close[0]] if close else None


def topic_from_text(text: str) -> Optional[str]:
    if match_wijk(text, []) == NATIONAL or text.strip().lower() in ("iets anders", "anders", "overig"):
        return GENERAL
    hits = topics_in(normalise(text))
    return max(hits, key=hits.get) if hits else None


# Words of a bare request for help; a message with other words describes a need ("ik wil Nederlands leren").
HELP_WORDS = frozenset(
    "wie waar wat welke hoe kan kun kunt mag ik mij me je jij u we wij help helpen hulp hulpje zoek zoeken nodig terecht "
    "bellen bel contact iemand instantie organisatie heen gaan naar met voor over een de het in bij om hier daar dit dat "
    "vraag vraagje vragen probleem problemen iets graag wil willen weet weten nummer telefoonnummer adres is er zijn "
    "hoi hallo hey goedemorgen goedemiddag beste geachte buurtbot alsjeblieft aub pls please ff even nog ook eigenlijk "
    "moet moeten zou zouden kunnen heb hebben mijn onze zijn haar".split()
)
# "ik woon in utrecht", or a capitalised place after "in" ("een huurder in Zwolle").
OUTSIDE_PLACES = (
    re.compile(r"\b(?:woon in|wonen in|woont in|kom uit|kom ik uit)\s+([\w\-']+)", re.I),
    re.compile(r"\bin ([A-Z][\w\-']+)"),
)
NOT_PLACES = frozenset(
    "alleen samen mijn een de het hier daar naast boven onder zelf ons onze deze die dit dat zo".split()
)


def describes_need(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return not text.startswith("/") and len([w for w in words if w not in HELP_WORDS and len(w) >= 4]) >= 2


def place_outside_index(text: str) -> bool:
    """ "ik woon in Utrecht": a place named that is no wijk of the index (and no other name for one)."""
    places = [m.group(1) for pattern in OUTSIDE_PLACES for m in pattern.finditer(text)]
    return any(
        match_wijk(place, known_wijken()) is None and place.lower() not in HELP_WORDS | NOT_PLACES for place in places
    )


UNWELL_PATTERN, NOT_UNWELL_PATTERN = re.compile(UNWELL, re.I), re.compile(NOT_UNWELL, re.I)


def unwell_after_gas(tracker: Tracker) -> bool:
    """After the gas answer, "mn buurman is duizelig en moet kotsen" is an emergency: 112 first."""
    text = tracker.latest_message.get("text") or ""
    unwell = UNWELL_PATTERN.search(NOT_UNWELL_PATTERN.sub(" ", text))  # "niemand is ziek" is no complaint
    return tracker.get_slot(LAST_TOPIC) == "gaslucht" and not text.startswith("/") and bool(unwell)


def topic_choices(tracker: Tracker) -> List[str]:
    """The likeliest topics of the latest message when the NLU was not sure enough to pick one
    (none for a bare "wie kan mij helpen?": then every topic is a choice)."""
    if not describes_need(tracker.latest_message.get("text") or ""):
        return []
    ranking = tracker.latest_message.get("topic_ranking") or []
    return [r["topic"] for r in ranking if r.get("topic") in TOPICS][:MAX_TOPIC_CHOICES]


def topic_payload(topic: str, wijk: Optional[str] = None) -> str:
    values = {"topic": topic, **({"wijk": wijk} if wijk else {})}
    return "/ask_referral" + json.dumps(values, ensure_ascii=False)


OWN_WIJK = re.compile(
    r"\b(ik woon|wij wonen|we wonen|ik zit|ik bedoel|ik werk|bij ons)\b( zelf| zelfs| eigenlijk| gewoon)?( in| op)?"
)


def corrected_wijk(tracker: Tracker) -> Optional[Tuple[str, str]]:
    """(topic, wijk) when the latest message names a wijk right after a referral answer for another one."""
    topic = tracker.get_slot(LAST_TOPIC)
    wijk = own_wijk(tracker)
    if topic and wijk and wijk in known_wijken():
        return topic, wijk
    return None


def own_wijk(tracker: Tracker) -> Optional[str]:
    """The wijk the user says is theirs: of two named ("ik woon zelf in Oud-Beijerland, mn moeder in Almelo"),
    the one right after "ik woon in" or "ik bedoel"; otherwise the first."""
    text = (tracker.latest_message.get("text") or "").lower()
    wijken = [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "wijk"]
    own = [m.end() for m in OWN_WIJK.finditer(text)]
    for entity in wijken:
        if any(0 <= entity.get("start", -1) - end <= 12 for end in own):
            return str(entity["value"])
    return str(wijken[0]["value"]) if wijken else None


def entity_value(tracker: Tracker, name: str) -> Optional[str]:
    return next((str(v) for v in tracker.get_latest_entity_values(name)), None)


def answer_referral(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    topic: str,
    chosen_wijk: Optional[str],
    said: Optional[Dict[Text, Any]] = None,
) -> List[Dict[Text, Any]]:
    """The answer for a topic: urgent line first, then at most three partners, then what else may help.
    `said` is the message the question came in (by default the latest one)."""
    said = said or {"text": tracker.latest_message.get("text") or "", **tracker.latest_message}
    with person_session(tracker) as (session, person):
        if chosen_wijk and chosen_wijk != NATIONAL and person.role == Role.bewoner:
            person.wijk = chosen_wijk  # one source of truth: the wijk of the last answer is the tenant's wijk
        wijk = person.wijk if chosen_wijk is None else (None if chosen_wijk == NATIONAL else chosen_wijk)
        partners = [describe(p, person.role) for p in find_partners(session, topic, wijk, person.role)]
    if said.get("despair_hint"):  # sadness about the need: 113 first, then the help
        dispatcher.utter_message(text=DESPAIR_HINT_LINE)
    if topic == "gaslucht":
        dispatcher.utter_message(text=GAS_LINE)
    elif topic in DANGER_TOPICS:
        dispatcher.utter_message(text=DANGER_LINE)
    if topic == GENERAL:
        dispatcher.utter_message(text=GENERAL_LINE if wijk else OUTSIDE_INDEX_LINE)
    elif not partners:
        dispatcher.utter_message(
            text="Ik heb hier nog geen contact voor. Wil je iemand spreken? Typ dan: ik wil iemand spreken."
        )
    else:
        dispatcher.utter_message(
            text=f"Voor {TOPICS[topic].lower()}{' in ' + wijk if wijk else ''} kun je hier terecht:"
        )
    for text in partners:
        dispatcher.utter_message(text=text)
    if chosen_wijk == NATIONAL and topic != GENERAL:
        dispatcher.utter_message(text=OUTSIDE_INDEX_LINE)
    if topic in AT_ONCE_TOPICS and wijk is None and chosen_wijk != NATIONAL and topic != "gaslucht":
        dispatcher.utter_message(
            text="Wil je ook hulp dichtbij? Kies je wijk. Dan zoek ik contacten in de buurt.",
            buttons=wijk_buttons(lambda w: topic_payload(topic, w)),
        )
    offer_second_need(dispatcher, said, topic, wijk)
    return [*clear("topic", "wijk"), SlotSet(LAST_TOPIC, topic)]


# Words that show a second need next to a question for help: a wish, or activities.
DREAM_CUES = re.compile(r"\b(wens|droom|dromen|idee|zou (het )?(graag|mooi|leuk|fijn)|zou willen)\b", re.I)
MEETUP_CUES = re.compile(r"\b(activiteit(en)?|wat is er te doen|iets te doen|bijeenkomst)\b", re.I)
ORGANISE_CUES = re.compile(r"\b(organiseren|organiseer|iets opzetten|zelf iets (doen|starten|beginnen))\b", re.I)


def offer_second_need(dispatcher: CollectingDispatcher, said: Dict[Text, Any], topic: str, wijk: Optional[str]) -> None:
    """Two needs in one message: the first is answered, the second gets a button."""
    second = said.get("second_topic")
    text = said.get("text") or ""
    if second in TOPICS and second != topic:
        title, payload = f"Ook hulp bij: {TOPICS[second].lower()}", topic_payload(second, wijk)
    elif DREAM_CUES.search(text):
        title, payload = "Ook een wens delen", "/share_dream"
    elif ORGANISE_CUES.search(text):
        title, payload = "Zelf iets organiseren", "/plan_meetup"
    elif MEETUP_CUES.search(text):
        title, payload = "Ook activiteiten bekijken", "/list_meetups"
    else:
        return
    dispatcher.utter_message(
        text="Je vroeg nog iets anders. Wil je daar ook mee verder?", buttons=[{"title": title, "payload": payload}]
    )


def offer_named_need(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A need named next to what a form starts for ("... en ik heb ook huurachterstand"): a button for later."""
    topic = entity_value(tracker, "topic")
    if topic in TOPICS:
        dispatcher.utter_message(
            text="Je noemde ook iets anders. Daar help ik je graag mee.",
            buttons=[{"title": f"Hulp bij: {TOPICS[topic].lower()}", "payload": topic_payload(topic)}],
        )


class ValidateReferralForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_referral_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("wijk") is None:
            if (
                tracker.get_slot("topic") in AT_ONCE_TOPICS
            ):  # danger, gas: the national numbers at once, no question first
                return ["topic"]
            with person_session(tracker) as (_, person):
                if person.wijk:  # the user's own wijk: no need to ask
                    return ["topic"]
        return domain_slots

    async def extract_topic(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") is None:  # the opening message: only what it says counts
            if unwell_after_gas(tracker):
                dispatcher.utter_message(response="utter_emergency")
                return {"topic": "gaslucht"}
            named = entity_value(tracker, "topic")
            guessed = not tracker.latest_message.get("topic_hits")
            if corrected_wijk(tracker) and (named is None or guessed) and not topic_choices(tracker):
                return {"topic": tracker.get_slot(LAST_TOPIC)}  # only another wijk: the same question there
            if named in TOPICS or named == GENERAL:
                return {"topic": named}
            if describes_need(text) and not topic_choices(tracker):
                return {"topic": GENERAL}  # a need outside the topics: the wijk's general contact
            return {"topic": None}
        if tracker.get_slot("requested_slot") == "topic" and tracker.get_slot("topic") is None and is_answer(tracker):
            found = topic_from_text(text)  # a typed answer to "waar gaat het over?" that the NLU did not tag
            if found:
                return {"topic": found}
        return {}

    async def extract_wijk(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") is None:  # the opening message: only what it says counts
            named = own_wijk(tracker)
            if named in known_wijken() or named == NATIONAL:
                return {"wijk": named}
            return {"wijk": NATIONAL if place_outside_index(text) else None}
        if tracker.get_slot("requested_slot") == "wijk" and tracker.get_slot("wijk") is None and is_answer(tracker):
            found = match_wijk(text, known_wijken())
            if found:
                return {"wijk": found}
            if not text.startswith("/") and not is_question(text):
                return {"wijk": NATIONAL}  # a place outside the index: national help, and the way to the gemeente
        return {}

    def validate_topic(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"topic": value if value in TOPICS or value == GENERAL else None}

    def validate_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value == NATIONAL or value in known_wijken():
            return {"wijk": value}
        if value is None:  # nothing said about a wijk yet: the form asks, without a complaint first
            return {"wijk": None}
        dispatcher.utter_message(text="Die wijk ken ik nog niet. Kies een wijk hieronder, of kies Landelijk.")
        return {"wijk": None}


class ActionAskTopic(Action):
    def name(self) -> Text:
        return "action_ask_topic"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        likely = topic_choices(tracker)
        buttons = [{"title": TOPICS[key], "payload": topic_payload(key)} for key in (likely or TOPICS)]
        buttons.append({"title": OTHER_BUTTON_TITLE, "payload": topic_payload(GENERAL)})
        text = (
            "Ik weet niet zeker waar het over gaat. Kies wat het beste past."
            if likely
            else "Waar gaat het over? Kies wat het beste past, of typ het kort."
        )
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskWijk(Action):
    def name(self) -> Text:
        return "action_ask_wijk"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        buttons = wijk_buttons(lambda w: "/ask_referral" + json.dumps({"wijk": w}, ensure_ascii=False))
        buttons.append({"title": "Andere wijk: landelijke hulp", "payload": f'/ask_referral{{"wijk": "{NATIONAL}"}}'})
        dispatcher.utter_message(text="In welke wijk woon of werk je?", buttons=buttons)
        return []


class ActionFindReferral(Action):
    def name(self) -> Text:
        return "action_find_referral"

    def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        said = form_opening(tracker, "referral_form")
        return answer_referral(dispatcher, tracker, tracker.get_slot("topic"), tracker.get_slot("wijk"), said)
