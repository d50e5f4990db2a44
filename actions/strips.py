"""The strippenkaart of professionals: see the balance (check_strips), use a strip (use_strip_form)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, permitted, person_session
from actions.prefill import opening_text
from buurtbot import strips
from buurtbot.config import get_settings
from buurtbot.referral.search import match_partner, strip_partners
from buurtbot.roles import may
from buurtbot.storage.models import ReferralPartner

EMPTY_CARD = (
    "Je strippenkaart is leeg. Je krijgt nieuwe strippen aan het begin van het volgende kwartaal. "
    "Heb je nu echt extra hulp nodig? Vraag de beheerder om je kaart aan te vullen."
)


def find_strip_partner(partners: List[ReferralPartner], value: str) -> Optional[ReferralPartner]:
    """A button's key, or a typed name that fits exactly one of the wijk's strip partners."""
    return next((p for p in partners if p.key == value), None) or match_partner(partners, value)


class ActionCheckStrips(Action):
    def name(self) -> Text:
        return "action_check_strips"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "check_strips"):
                return []
            card = strips.current_card(session, person, get_settings())
            uses = strips.recent_uses(session, card)
            lines = [f"Je hebt nog {card.balance} van de {get_settings().strips_per_quarter} strippen dit kwartaal."]
            tz = get_settings().timezone
            lines += [f"- {u.used_at.astimezone(tz).strftime('%d-%m')}: {u.partner_name} ({u.reason})" for u in uses]
        if len(lines) > 1:
            lines.insert(1, "Laatst gebruikt:")
        dispatcher.utter_message(text="\n".join(lines), buttons=[{"title": "Strip inzetten", "payload": "/use_strip"}])
        return []


class ValidateUseStripForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_use_strip_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        with person_session(tracker) as (session, person):
            if not may(person.role, "use_strip"):
                return []  # nothing to ask: the submit action refuses
            if strips.current_card(session, person, get_settings()).balance <= 0:
                return []  # nothing to ask: the submit action explains the empty card
        return domain_slots

    async def extract_strip_partner(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        opening = opening_text(tracker)
        if not opening or tracker.get_slot("strip_partner") is not None:
            return {}
        with person_session(tracker) as (session, person):
            partner = match_partner(strip_partners(session, person.wijk), opening)
            return {"strip_partner": partner.key} if partner else {}

    def validate_strip_partner(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """Only a partner of the wijk that costs a strip: a button's key, or a typed name that fits one of them."""
        with person_session(tracker) as (session, person):
            partner = find_strip_partner(strip_partners(session, person.wijk), str(value))
            if partner is None:
                dispatcher.utter_message(
                    text="Die partner ken ik niet, of er passen er meer. Kies een partner met een knop."
                )
                return {"strip_partner": None}
            return {"strip_partner": partner.key}

    def validate_strip_reason(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"strip_reason": str(value).strip()[:500] or None}


class ActionAskStripPartner(Action):
    def name(self) -> Text:
        return "action_ask_strip_partner"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            buttons = [
                {"title": p.name.replace(" (voorbeeld)", ""), "payload": "/inform" + json.dumps({"partner": p.key})}
                for p in strip_partners(session, person.wijk)
            ]
        dispatcher.utter_message(text="Welke partner wil je inschakelen? Kies hieronder.", buttons=buttons)
        return []


class ActionSubmitUseStrip(Action):
    def name(self) -> Text:
        return "action_submit_use_strip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        partner_name, reason = tracker.get_slot("strip_partner"), tracker.get_slot("strip_reason")
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "use_strip"):
                return clear("strip_partner", "strip_reason")
            if strips.current_card(session, person, get_settings()).balance <= 0 or not partner_name or not reason:
                dispatcher.utter_message(text=EMPTY_CARD)  # the form asked nothing: the card was empty
                return clear("strip_partner", "strip_reason")
            partner = find_strip_partner(strip_partners(session, person.wijk), partner_name)
            if partner is None:  # retired from the index since the button was shown
                dispatcher.utter_message(
                    text="Die partner staat niet meer in de lijst. Er is geen strip gebruikt. Probeer het opnieuw."
                )
                return clear("strip_partner", "strip_reason")
            name = partner.name
            result = strips.use_strip(session, person, name, reason, get_settings(), partner.id)
        if result.used:
            dispatcher.utter_message(
                text=f"Gelukt. Je hebt een strip ingezet voor {name}. Je hebt er nog {result.balance}. De beheerder krijgt een bericht."
            )
        else:
            dispatcher.utter_message(text=EMPTY_CARD)
        return clear("strip_partner", "strip_reason")
