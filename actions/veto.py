"""register_veto: a professional objects to an organisational decision; the beheerder sets the status
with buttons, and every change is pushed back to the professional."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    clear,
    emergency_first,
    entity,
    permitted,
    person_session,
    record_id,
)
from actions.forms import slots_of
from actions.prefill import dossier_in, latest_text, opening_text, veto_decision_in
from buurtbot import outbox, vetoes
from buurtbot.roles import may
from buurtbot.safe_text import quoted
from buurtbot.storage.models import VetoStatus

SLOTS = slots_of("veto_form")
NO_DOSSIER = re.compile(r"\W*(geen( dossier(nummer)?)?|nee|niet|weet ik niet|heb ik niet|-)\W*", re.I)


class ValidateVetoForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_veto_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        with person_session(tracker) as (_, person):
            return domain_slots if may(person.role, "register_veto") else []

    async def extract_veto_decision(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        opening = opening_text(tracker)
        decision = veto_decision_in(opening) if opening and tracker.get_slot("veto_decision") is None else None
        return {"veto_decision": decision} if decision else {}

    async def extract_veto_dossier(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("veto_dossier") is None and tracker.get_slot("requested_slot") in (None, "veto_decision"):
            dossier = dossier_in(latest_text(tracker))
            return {"veto_dossier": dossier} if dossier else {}
        return {}

    def validate_veto_decision(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"veto_decision": str(value).strip()[:2000] or None}

    def validate_veto_dossier(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if NO_DOSSIER.fullmatch(text):  # "geen", "nee", "weet ik niet": no number, as the button says
            return {"veto_dossier": "-"}
        return {"veto_dossier": (dossier_in(text) or text)[:80] or "-"}

    def validate_veto_reason(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"veto_reason": str(value).strip()[:2000] or None}


class ActionSubmitVeto(Action):
    def name(self) -> Text:
        return "action_submit_veto"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        emergency_first(tracker, dispatcher)
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "register_veto"):
                return clear(*SLOTS)
            dossier = tracker.get_slot("veto_dossier")
            vetoes.register_veto(
                session,
                person,
                tracker.get_slot("veto_decision"),
                tracker.get_slot("veto_reason"),
                None if dossier == "-" else dossier,
            )
        dispatcher.utter_message(
            text="Je veto is ingediend. De beheerder krijgt het te zien. Je krijgt een bericht als de status verandert."
        )
        return clear(*SLOTS)


class ActionSetVetoStatus(Action):
    def name(self) -> Text:
        return "action_set_veto_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "set_veto_status"):
                return []
            veto_id, status = record_id(entity(tracker, "veto_id")), entity(tracker, "veto_status")
            if veto_id is None or status not in {s.value for s in VetoStatus}:
                open_ones = vetoes.open_vetoes(session)
                if not open_ones:
                    dispatcher.utter_message(text="Er zijn geen open veto's.")
                for veto in open_ones[:10]:
                    dispatcher.utter_message(
                        text=f"Veto {veto.id}: {quoted(veto.decision, limit=200)}\nReden: {quoted(veto.reason, limit=300)}\nStatus: {veto.status.value.replace('_', ' ')}",
                        buttons=outbox.as_buttons(vetoes.status_choices(veto)),
                    )
                return []
            veto = vetoes.set_status(session, veto_id, VetoStatus(status))
        if veto is None:
            dispatcher.utter_message(text="Dat veto bestaat niet (meer).")
        else:
            dispatcher.utter_message(
                text=f"Veto {veto.id} staat nu op: {status.replace('_', ' ')}. De professional krijgt een bericht."
            )
        return []
