"""The strippenkaart of professionals: see the balance (check_strips), use a strip (use_strip_form)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, person_session, refuse
from buurtbot import strips
from buurtbot.config import get_settings
from buurtbot.referral.search import partner_named
from buurtbot.storage.models import Role

EMPTY_CARD = (
    "Je strippenkaart is leeg. Je krijgt nieuwe strippen aan het begin van het volgende kwartaal. "
    "Heb je nu echt extra hulp nodig? Vraag de beheerder om je kaart aan te vullen."
)


class ActionCheckStrips(Action):
    def name(self) -> Text:
        return "action_check_strips"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if person.role != Role.professional:
                return refuse(dispatcher, Role.professional)
            card = strips.current_card(session, person)
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
            if person.role != Role.professional:
                return []  # nothing to ask: the submit action refuses
            if strips.current_card(session, person).balance <= 0:
                return []  # nothing to ask: the submit action explains the empty card
        return domain_slots

    def validate_strip_partner(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"strip_partner": str(value).strip()[:200] or None}

    def validate_strip_reason(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"strip_reason": str(value).strip()[:500] or None}


class ActionSubmitUseStrip(Action):
    def name(self) -> Text:
        return "action_submit_use_strip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        partner_name, reason = tracker.get_slot("strip_partner"), tracker.get_slot("strip_reason")
        with person_session(tracker) as (session, person):
            if person.role != Role.professional:
                return refuse(dispatcher, Role.professional) + clear("strip_partner", "strip_reason")
            if not partner_name or not reason:
                dispatcher.utter_message(text=EMPTY_CARD)
                return clear("strip_partner", "strip_reason")
            partner = partner_named(session, partner_name)
            result = strips.use_strip(session, person, partner.name if partner else partner_name, reason, partner.id if partner else None)
        if result.used:
            dispatcher.utter_message(
                text=f"Gelukt. Je hebt een strip ingezet voor {partner.name if partner else partner_name}. "
                f"Je hebt er nog {result.balance}. De beheerder krijgt een bericht."
            )
        else:
            dispatcher.utter_message(text=EMPTY_CARD)
        return clear("strip_partner", "strip_reason")
