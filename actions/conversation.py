"""Greeting and "what can you do", both shaped by the user's role (looked up in the database)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import discard
from actions.forms import FORM_SLOTS
from buurtbot.people import get_or_create_person
from buurtbot.roles import may
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role

# Each role's main menu: (button title, payload). Payloads are intents; what a role may do is buurtbot/roles.py.
MENU: Dict[Role, List[tuple]] = {
    Role.bewoner: [
        ("Hulp zoeken", "/ask_referral"),
        ("Een wens delen", "/share_dream"),
        ("Iets aanbieden", "/offer_pearl"),
        ("Activiteiten", "/list_meetups"),
        ("Iemand spreken", "/request_human"),
    ],
    Role.professional: [
        ("Wie bel ik?", "/ask_referral"),
        ("Mijn strippenkaart", "/check_strips"),
        ("Off the record", "/report_off_record"),
        ("Veto", "/register_veto"),
        ("Dashboard", "/open_dashboard"),
    ],
    Role.droommakelaar: [
        ("Wensen bekijken", "/show_wishes"),
        ("Groepen en parels", "/show_wish_groups"),
        ("Hulp zoeken", "/ask_referral"),
        ("Activiteiten", "/list_meetups"),
        ("Dashboard", "/open_dashboard"),
    ],
    Role.ervaringsdeskundige: [
        ("Hulp zoeken", "/ask_referral"),
        ("Een wens delen", "/share_dream"),
        ("Iets aanbieden", "/offer_pearl"),
        ("Activiteiten", "/list_meetups"),
    ],
    Role.beheerder: [
        ("Wie bel ik?", "/ask_referral"),
        ("Wensen bekijken", "/show_wishes"),
        ("Uitnodiging maken", "/create_invite"),
        ("Activiteiten", "/list_meetups"),
        ("Dashboard", "/open_dashboard"),
    ],
}

INTRO: Dict[Role, str] = {
    Role.bewoner: "Ik help je met vragen over je woning en je buurt. Je kunt hulp zoeken, een wens voor de buurt delen of meedoen met activiteiten.",
    Role.professional: "Ik help je in je werk in de wijk. Je vindt snel wie je kunt bellen. Je kunt ook een strip inzetten, iets off the record melden of een veto geven.",
    Role.droommakelaar: "Ik verzamel de wensen en dromen van bewoners voor jou. Je kunt ze hier bekijken, "
    "de bewoner laten weten hoe het ermee staat, en buren met dezelfde droom samenbrengen.",
    Role.beheerder: "Je beheert Buurtbot. Je maakt uitnodigingen en houdt overzicht.",
    Role.ervaringsdeskundige: "Je bent ervaringsdeskundige in je wijk: je helpt buren met wat je zelf hebt meegemaakt. "
    "Vraagt de droommakelaar je om contact op te nemen met iemand, dan krijg je hier een bericht.",
}


def user_role(sender_id: str) -> Role:
    """The role stored for this sender; a new sender is stored as a bewoner."""
    with session_scope() as session:
        return get_or_create_person(session, sender_id).role


def _first_name(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    name = str(metadata.get("first_name") or "").strip()
    return f" {name[:40]}" if name else ""


def _menu(role: Role) -> List[Dict[str, str]]:
    """The role's main menu, without anything the role may not do (buurtbot/roles.py)."""
    return [{"title": title, "payload": payload} for title, payload in MENU[role] if may(role, payload.lstrip("/"))]


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        role = user_role(tracker.sender_id)
        # One message with the menu under it: one notification, and half the sends against Telegram's limit.
        greeting = f"Hoi{_first_name(tracker)}! Ik ben Buurtbot. {INTRO[role]}\nWaarmee kan ik je helpen?"
        dispatcher.utter_message(text=greeting, buttons=_menu(role))
        return []


class ActionHelp(Action):
    def name(self) -> Text:
        return "action_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        role = user_role(tracker.sender_id)
        dispatcher.utter_message(
            text=f"{INTRO[role]} Is er nu gevaar? Bel dan altijd 112.\nKies hieronder wat je wilt doen, of typ je vraag.",
            buttons=_menu(role),
        )
        return []


class ActionStopForm(Action):
    """ "stop", "laat maar" or /stop in the middle of a form: nothing is stored, every answer is forgotten."""

    def name(self) -> Text:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        form = tracker.active_loop.get("name")
        dispatcher.utter_message(response="utter_form_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + discard(*FORM_SLOTS.get(form, ()))
