"""report_off_record: a professional tells what happened, without their name.

The story is asked last, so it is saved in the same turn it arrives. Nothing of this form's turns is stored in
the conversation history: the tracker store keeps them in memory only (nlu.tracker_store). The
other answers are checked strictly (a wijk, a day, a phone number or e-mail address), so a story told too
early is not taken as one of them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, emergency_first, permitted, person_session
from actions.forms import slots_of
from actions.prefill import declines
from actions.referral import NATIONAL, known_wijken, match_wijk, wijk_buttons
from buurtbot.config import get_settings
from buurtbot.dates import parse_past_day
from buurtbot.off_record import save_report
from buurtbot.roles import may
from buurtbot.storage.types import utcnow

SLOTS = slots_of("off_record_form")
NOT_GIVEN = "-"
MAX_ANSWER_WORDS = 5  # a wijk or a day is a few words; a longer answer is the story, told too early
STORY_LATER = "Wat er gebeurde, vraag ik straks. Dan kun je alles vertellen."
# An e-mail address, or a run of digits with spaces, dashes, dots or brackets between them (a phone number).
CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\(?\d[\d\s().-]{6,}\d")


def is_contact(text: str) -> bool:
    return "@" in text or 8 <= sum(ch.isdigit() for ch in text) <= 15


class ValidateOffRecordForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_off_record_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        with person_session(tracker) as (_, person):
            if not may(person.role, "report_off_record"):
                return []
        if tracker.get_slot("offrecord_contact_choice") is False:
            return [s for s in domain_slots if s != "offrecord_contact"]
        return domain_slots

    def validate_offrecord_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """Only a wijk, as with every wijk question: a button, a name or another name for it, or "zeg ik liever
        niet". A sentence is not an answer here; the story has its own question at the end."""
        text = str(value).strip()
        found = (
            match_wijk(text, known_wijken()) if text != NOT_GIVEN and len(text.split()) <= MAX_ANSWER_WORDS else None
        )
        if text == NOT_GIVEN or found == NATIONAL or declines(text):
            return {"offrecord_wijk": NOT_GIVEN}
        if found is None:
            day = self._day(text) if tracker.get_slot("offrecord_when") is None else None
            if day:  # "vorige week dinsdag": the next answer, given early; taken, and the wijk asked again
                dispatcher.utter_message(
                    text="De dag heb ik genoteerd. Kies nog de wijk met een knop, of 'Zeg ik liever niet'."
                )
                return {"offrecord_wijk": None, "offrecord_when": day.isoformat()}
            dispatcher.utter_message(
                text="Die wijk ken ik niet. Kies een wijk met een knop, of 'Zeg ik liever niet'. " + STORY_LATER
            )
            return {"offrecord_wijk": None}
        return {"offrecord_wijk": found}

    @staticmethod
    def _day(text: str) -> Optional[date]:
        """A day in the past or today, in a short answer; None otherwise."""
        if len(text.split()) > MAX_ANSWER_WORDS:
            return None
        return parse_past_day(text, utcnow(), get_settings().timezone)

    def validate_offrecord_when(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if text == NOT_GIVEN or declines(text):
            return {"offrecord_when": NOT_GIVEN}
        day = self._day(text)
        if day is None:
            dispatcher.utter_message(
                text="Die datum snap ik niet. Typ bijvoorbeeld 12-11, of kies een knop. " + STORY_LATER
            )
            return {"offrecord_when": None}
        return {"offrecord_when": day.isoformat()}

    def validate_offrecord_contact(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """Only the phone numbers and e-mail addresses in the answer are kept, never the words around them."""
        found = [m.group().strip() for m in CONTACT.finditer(str(value)) if is_contact(m.group())]
        if not found:
            dispatcher.utter_message(
                text="Dat is geen telefoonnummer of e-mailadres. Typ er een, bijvoorbeeld 06 12345678. " + STORY_LATER
            )
            return {"offrecord_contact": None}
        return {"offrecord_contact": ", ".join(found)[:200]}

    def validate_offrecord_story(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if len(text) < 5:
            dispatcher.utter_message(text="Dat is wel erg kort. Vertel in een paar zinnen wat er gebeurde.")
            return {"offrecord_story": None}
        return {"offrecord_story": text[:5000]}


class ActionAskOffRecordWijk(Action):
    def name(self) -> Text:
        return "action_ask_offrecord_wijk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            text="Je kunt hier iets kwijt, zonder dat je naam erbij staat. Eerst een paar korte vragen. "
            "Wat er gebeurde, vraag ik als laatste. Over welke wijk gaat het?",
            buttons=wijk_buttons() + [{"title": "Zeg ik liever niet", "payload": NOT_GIVEN}],
        )
        return []


class ActionSubmitOffRecord(Action):
    def name(self) -> Text:
        return "action_submit_off_record"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        emergency_first(tracker, dispatcher)
        story = tracker.get_slot("offrecord_story")
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "report_off_record"):
                return clear(*SLOTS)
            wijk, when = tracker.get_slot("offrecord_wijk"), tracker.get_slot("offrecord_when")
            contact = tracker.get_slot("offrecord_contact") if tracker.get_slot("offrecord_contact_choice") else None
            save_report(
                session,
                story,
                None if wijk == NOT_GIVEN else wijk,
                None if when in (None, NOT_GIVEN) else date.fromisoformat(when),
                contact,
                get_settings().timezone,
            )
        dispatcher.utter_message(
            text="Dank je. Je melding is opgeslagen"
            + (" met het contact dat je gaf." if contact else " zonder je naam.")
            + " De beheerder krijgt hem te zien."
        )
        return clear(*SLOTS)
