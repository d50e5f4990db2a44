"""A question asked in the middle of a form is answered; then the form asks its open question again.

data/rules/digressions.yml sends these intents here while a form runs. The form's free-text slots never
map from them (domain.yml), so nothing of the question is stored as an answer. Also here: the answer to a
message in another language, the follow-up after 112, and a plain "ja" / "nee" outside a form.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionHelp
from actions.dreams import ValidateDreamForm
from actions.meetups import ActionListMeetups
from actions.prefill import is_question
from actions.privacy import ActionPrivacyInfo
from actions.referral import (
    LAST_TOPIC,
    answer_referral,
    corrected_wijk,
    entity_value,
    known_wijken,
    topic_choices,
    topic_payload,
)
from actions.strips import ActionCheckStrips, ValidateUseStripForm
from buurtbot.referral.search import GAS_LINE
from buurtbot.referral.topics import TOPICS

LANGUAGES = ("en", "tr", "ar", "pl")
# Free-text answers that describe a situation: a statement there answers the form, whatever it is about.
STORY_SLOTS = frozenset(
    {
        "offrecord_story",
        "veto_decision",
        "veto_reason",
        "strip_reason",
        "dream_wish",
        "dream_contribution",
        "meetup_description",
        "meetup_place",
        "youth_interests",
        "youth_school",
    }
)
# A statement this long, where a story is asked for, is the story when the classifier is unsure of another
# reading ("bewoners vertellen elkaar wat ze graag willen zien" as a meetup's description is no privacy question).
STORY_WORDS = 5
UNSURE = 0.8
BACK_TO_FORM = "Dan gaan we verder waar we waren. Wil je stoppen? Typ dan: stop."
# Choices that check a typed answer: a statement there ("conflict tussen twee gezinnen", "buurtbemiddeling
# zuidwijk") is a try at the answer, taken or refused (with the buttons again) by the form's own validation.
CHOICE_CHECKS: Dict[str, Callable[..., Dict[Text, Any]]] = {
    "strip_partner": ValidateUseStripForm().validate_strip_partner,
    "dream_place": ValidateDreamForm().validate_dream_place,
}


def language(tracker: Tracker) -> Optional[str]:
    code = entity_value(tracker, "language")
    return code if code in LANGUAGES else None


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def unsure_story(tracker: Tracker, text: str) -> bool:
    confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0
    return len(text.split()) >= STORY_WORDS and confidence < UNSURE


def answer_referral_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """A referral question inside another form: the answer if the topic is clear, otherwise topic buttons."""
    topic = entity_value(tracker, "topic")
    if topic in TOPICS:
        wijk = entity_value(tracker, "wijk")
        return answer_referral(dispatcher, tracker, topic, wijk if wijk in known_wijken() else None)
    choices = topic_choices(tracker) or list(TOPICS)
    dispatcher.utter_message(
        text="Waar gaat je vraag over? Kies een onderwerp. Daarna gaan we verder.",
        buttons=[{"title": TOPICS[key], "payload": topic_payload(key)} for key in choices],
    )
    return []


class ActionAnswerDigression(Action):
    def name(self) -> Text:
        return "action_answer_digression"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = intent_of(tracker)
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message.get("text") or "").strip()
        statement = bool(text) and not text.startswith("/") and not is_question(text)
        if statement and requested in STORY_SLOTS and (intent == "ask_referral" or unsure_story(tracker, text)):
            # "Hij vroeg 200 euro voor een snellere reparatie" is the story, not a question about repairs.
            return [SlotSet(requested, text)]
        if statement and intent == "ask_referral" and requested in CHOICE_CHECKS:
            checked = CHOICE_CHECKS[requested](text, dispatcher, tracker, domain)
            return [SlotSet(requested, checked[requested])] if checked.get(requested) else []
        events: List[Dict[Text, Any]] = []
        if intent == "ask_privacy":
            events = ActionPrivacyInfo().run(dispatcher, tracker, domain)
        elif intent == "help":
            events = ActionHelp().run(dispatcher, tracker, domain)
        elif intent == "list_meetups":
            events = ActionListMeetups().run(dispatcher, tracker, domain)
        elif intent == "ask_referral":
            events = answer_referral_question(dispatcher, tracker)
        elif intent == "request_human":
            dispatcher.utter_message(
                text="Wil je iemand spreken? Dat kan. Maak dit eerst af, of typ: stop. Zeg daarna: ik wil iemand spreken."
            )
        elif intent == "check_strips":
            events = ActionCheckStrips().run(dispatcher, tracker, domain)
        elif intent == "bot_challenge":
            dispatcher.utter_message(response="utter_iamabot")
        elif intent == "thank":
            dispatcher.utter_message(text="Graag gedaan!")
        elif intent == "other_language":
            dispatcher.utter_message(response=f"utter_other_language_{language(tracker) or 'en'}")
        dispatcher.utter_message(text=BACK_TO_FORM)
        return events


class ActionOtherLanguage(Action):
    def name(self) -> Text:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response=f"utter_other_language_{language(tracker) or 'en'}")
        if entity_value(tracker, "topic") == "gaslucht":
            dispatcher.utter_message(text=GAS_LINE)
        return []


class ActionEmergencyFollowup(Action):
    """After "bel 112": 113 for thoughts of suicide, and for someone writing in another language, their language."""

    def name(self) -> Text:
        return "action_emergency_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = language(tracker)
        dispatcher.utter_message(response=f"utter_other_language_{code}" if code else "utter_emergency_followup")
        if tracker.get_slot(LAST_TOPIC) == "gaslucht":  # someone unwell after the gas answer: what to do about the gas
            dispatcher.utter_message(text=GAS_LINE)
        return []


class ActionDespairFollowup(Action):
    """After the 113 answer: someone to talk to, and help with the need named in the same message ("de schulden
    worden me te veel ...") or help in general."""

    def name(self) -> Text:
        return "action_despair_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic = entity_value(tracker, "topic")
        help_button = (
            {"title": f"Hulp bij: {TOPICS[topic].lower()}", "payload": topic_payload(topic)}
            if topic in TOPICS
            else {"title": "Hulp zoeken", "payload": "/ask_referral"}
        )
        dispatcher.utter_message(
            text="Ik ben een computerprogramma, maar ik wil je graag verder helpen. Wil je dat iemand uit je wijk contact met je opneemt?",
            buttons=[{"title": "Ja, iemand spreken", "payload": "/request_human"}, help_button],
        )
        return []


class ActionShortAnswer(Action):
    """ "ja", "nee" or "nee, ik bedoel Almelo" outside a form: a named wijk corrects the last referral answer."""

    def name(self) -> Text:
        return "action_short_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        correction = corrected_wijk(tracker)
        if correction:
            return answer_referral(dispatcher, tracker, *correction)
        topic = entity_value(tracker, "topic")
        if topic in TOPICS:  # "ok, en nu die brief nog": the next need, named in passing
            wijk = entity_value(tracker, "wijk")
            return answer_referral(dispatcher, tracker, topic, wijk if wijk in known_wijken() else None)
        dispatcher.utter_message(response="utter_anything_else")
        return []
