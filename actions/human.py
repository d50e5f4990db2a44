"""request_human: ask once for consent and a way to reach the user, then queue a callback request."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, discard, first_name, person_session
from actions.forms import slots_of
from actions.prefill import channel_in, latest_text
from buurtbot.callbacks import request_callback
from buurtbot.storage.models import Role

SLOTS = slots_of("callback_form")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{8,16}$")


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_callback_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("callback_consent") is False:
            return ["callback_consent"]
        if tracker.get_slot("callback_channel") == "telegram":
            return ["callback_consent", "callback_channel"]
        return domain_slots

    async def extract_callback_channel(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("callback_channel") is None and tracker.get_slot("requested_slot") == "callback_channel":
            channel = channel_in(latest_text(tracker))
            return {"callback_channel": channel} if channel else {}
        return {}

    def validate_callback_channel(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"callback_channel": value if value in ("telegram", "telefoon") else None}

    def validate_callback_phone(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        phone = str(value).strip()
        if not PHONE.match(phone):
            dispatcher.utter_message(text="Dat lijkt geen telefoonnummer. Typ het zo: 06 12345678.")
            return {"callback_phone": None}
        return {"callback_phone": phone}


class ActionAskCallbackConsent(Action):
    def name(self) -> Text:
        return "action_ask_callback_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (_, person):
            who = "de wijkbeheerder" if person.role == Role.bewoner else "de beheerder van Buurtbot"
        dispatcher.utter_message(
            text=f"Mag {who} contact met je opnemen?",
            buttons=[{"title": "Ja, graag", "payload": "/affirm"}, {"title": "Nee, nu niet", "payload": "/deny"}],
        )
        return []


class ActionSubmitCallback(Action):
    def name(self) -> Text:
        return "action_submit_callback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("callback_consent"):
            dispatcher.utter_message(text="Oké. We nemen geen contact op. Je kunt het later altijd nog vragen.")
            return discard(*SLOTS)
        with person_session(tracker) as (session, person):
            count = request_callback(session, person, tracker.get_slot("callback_phone"), first_name(tracker))
            who = "Een wijkbeheerder" if person.role == Role.bewoner else "De beheerder"
        if count == 0:
            dispatcher.utter_message(
                text="Er is nu nog niemand aangemeld die je kan terugbellen. Sorry. Bel voor hulp met je woningcorporatie."
            )
        else:
            how = "belt je" if tracker.get_slot("callback_phone") else "stuurt je een bericht via Telegram"
            dispatcher.utter_message(text=f"Dank je. {who} {how}, meestal binnen 2 werkdagen.")
        return clear(*SLOTS)
