"""When the NLU is unsure: ask with buttons for the likeliest options; a second miss offers help or a person.

Never 112 on a guess: if "emergency" is among the likely readings, the first button asks "is er nu gevaar?".
Right after "bel 112", though, an unclear message is read as the emergency going on: 112 again.
Inside a form whose open question takes any text, an unclear message is the answer: the form goes on.
A wijk named right after a referral answer is a correction: the answer again, for that wijk.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import user_role
from actions.referral import (
    answer_referral,
    corrected_wijk,
    entity_value,
    topic_payload,
    unwell_after_gas,
)
from buurtbot.referral.topics import TOPICS
from buurtbot.roles import may
from buurtbot.storage.models import Role

# Options we can offer as a button, with a B1 label. Small talk is never offered.
OPTIONS: Dict[str, str] = {
    "ask_referral": "Hulp of een contact zoeken",
    "share_dream": "Een wens delen",
    "list_meetups": "Activiteiten bekijken",
    "plan_meetup": "Een activiteit organiseren",
    "rsvp_meetup": "Aanmelden voor een activiteit",
    "cancel_rsvp": "Afmelden voor een activiteit",
    "request_human": "Iemand spreken",
    "ask_privacy": "Wat bewaren jullie van mij?",
    "forget_me": "Mijn gegevens wissen",
    "youth_signup": "Bouwen aan je Toekomst",
    "help": "Wat kun je allemaal?",
    "report_off_record": "Off the record melden",
    "register_veto": "Een veto geven",
    "check_strips": "Mijn strippenkaart",
    "use_strip": "Een strip inzetten",
}
EMERGENCY_HINT = 0.15  # any real chance of an emergency reading gets the danger button first
DANGER_BUTTON = {"title": "Ja, er is nu gevaar", "payload": "/emergency"}
MAX_OPTIONS = 3
STILL_IN_DANGER = "Blijf zo veilig mogelijk. Heb je 112 gebeld? Zij helpen je nu het snelst. Is het gevaar voorbij? Zeg het me, dan help ik je verder."
SAFE_NOW = re.compile(
    r"\b(veilig|buiten|weg|voorbij|over|geholpen|ambulance is er|politie is er|brandweer is er)\b", re.I
)
PLAIN_STOP = re.compile(
    r"^\W*(nee\W+)?(stop|stoppen|stop maar|hou op|houd op|laat maar|klaar|ik wil stoppen|/stop)\W*$", re.I
)
SAFE_BUTTON = {"title": "Het gevaar is voorbij", "payload": "/ask_referral"}


def likely_options(ranking: List[Dict[str, Any]], role: Role) -> List[str]:
    allowed = [r["name"] for r in ranking if r["name"] in OPTIONS and may(role, r["name"])]
    return allowed[:MAX_OPTIONS]


def takes_free_text(domain: Dict[Text, Any], slot: Any) -> bool:
    """True when the form's open question takes any text as its answer (a from_text mapping)."""
    mappings = ((domain.get("slots") or {}).get(slot) or {}).get("mappings") or []
    return any(m.get("type") == "from_text" for m in mappings)


def previous_answer_ran(tracker: Tracker, action: str) -> bool:
    """True when the bot's answer to the previous message included this action."""
    user_turns = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_turns += 1
            if user_turns > 1:
                return False
        elif event.get("event") == "action" and event.get("name") == action and user_turns == 1:
            return True
    return False


def right_after_emergency(tracker: Tracker) -> bool:
    return previous_answer_ran(tracker, "utter_emergency")


def is_second_miss(tracker: Tracker) -> bool:
    """True when the bot's previous answer was already a clarifying question."""
    return previous_answer_ran(tracker, "action_clarify")


class ActionClarify(Action):
    def name(self) -> Text:
        return "action_clarify"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if unwell_after_gas(tracker):
            dispatcher.utter_message(response="utter_emergency")
            return answer_referral(dispatcher, tracker, "gaslucht", None)
        correction = corrected_wijk(tracker)
        if correction:
            return answer_referral(dispatcher, tracker, *correction)
        if right_after_emergency(tracker) and not SAFE_NOW.search(
            tracker.latest_message.get("text") or ""
        ):  # "we zitten op het balkon op 4 hoog": still the emergency, never a guess away
            dispatcher.utter_message(response="utter_emergency")
            dispatcher.utter_message(text=STILL_IN_DANGER, buttons=[SAFE_BUTTON])
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        danger = any(r["name"] == "emergency" and r.get("confidence", 0) >= EMERGENCY_HINT for r in ranking)
        form = (tracker.active_loop or {}).get("name")
        if form and not danger and takes_free_text(domain, tracker.get_slot("requested_slot")):
            return [FollowupAction(form)]  # "ik doe mbo horeca bij het ROC": an answer the NLU had no label for
        if is_second_miss(tracker):
            dispatcher.utter_message(
                text="Sorry, ik begrijp het nog steeds niet. Wil je zien wat ik kan? Of wil je iemand spreken?",
                buttons=[
                    {"title": "Wat kun je allemaal?", "payload": "/help"},
                    {"title": "Iemand spreken", "payload": "/request_human"},
                ],
            )
            return []
        options = likely_options(ranking, user_role(tracker.sender_id))[: MAX_OPTIONS - danger]  # four buttons at most
        buttons = [DANGER_BUTTON] if danger else []
        topic = entity_value(tracker, "topic")
        if topic in TOPICS:  # "overal schimmel en mijn kind hoest": danger, or the help for what was named
            buttons.append({"title": f"Hulp bij: {TOPICS[topic].lower()}", "payload": topic_payload(topic)})
            options = [name for name in options if name != "ask_referral"][: MAX_OPTIONS - len(buttons)]
        buttons += [{"title": OPTIONS[name], "payload": f"/{name}"} for name in options]
        buttons.append({"title": "Iets anders", "payload": "/help"})
        text = (
            "Dat begrijp ik niet helemaal. Is er nu gevaar? Of bedoel je iets anders?"
            if danger
            else "Dat begrijp ik niet helemaal. Bedoel je een van deze?"
        )
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionStop(Action):
    """ "Stop" outside a form. Right after "bel 112", a message read as "stop" that is more than a plain stop ("we
    zitten op het balkon op 4 hoog") is the emergency going on: 112 again."""

    def name(self) -> Text:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        if right_after_emergency(tracker) and not PLAIN_STOP.match(text) and not SAFE_NOW.search(text):
            dispatcher.utter_message(response="utter_emergency")
            dispatcher.utter_message(text=STILL_IN_DANGER, buttons=[SAFE_BUTTON])
            return []
        dispatcher.utter_message(response="utter_stopped")
        dispatcher.utter_message(response="utter_anything_else")
        return []
