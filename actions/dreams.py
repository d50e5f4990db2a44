"""share_dream (Droomhuis, Parelketting): a short, warm form for a tenant's dream or wish.

Asks the wish, where, what the tenant could do themselves (optional), and whether the droommakelaar
may make contact; then says what is stored and who sees it, and saves only after "ja, opslaan".
Stopping at any moment stores nothing. What happens next is in actions/wish_work.py.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, discard, entity, first_name, person_session, without_known_wijk
from actions.forms import slots_of
from actions.prefill import opening_text, place_in, wish_in
from actions.referral import known_wijken, match_wijk, offer_named_need, wijk_buttons
from buurtbot.dreams import pearls
from buurtbot.dreams.wishes import PLACES, save_wish

SLOTS = slots_of("dream_form")
SKIP = "-"
GUIDING_QUESTION = "Welke kansen zie je om het wonen hier prettiger te maken? Vertel over je droom of wens."


class ValidateDreamForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_dream_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return without_known_wijk(tracker, domain_slots, "dream_wijk")

    async def extract_dream_wish(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        opening = opening_text(tracker)
        wish = wish_in(opening) if opening and tracker.get_slot("dream_wish") is None else None
        if not wish:
            return {}
        dispatcher.utter_message(
            text="Leuk dat je je wens deelt! Ik heb hem genoteerd. Nog een paar korte vragen. Stoppen kan altijd: typ stop."
        )
        offer_named_need(dispatcher, tracker)
        return {"dream_wish": wish}

    async def extract_dream_place(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        # Only beside the wish itself: "ik heb een wens voor de buurt" is a way of asking, not an answer yet.
        opening = opening_text(tracker)
        if not opening or not wish_in(opening) or tracker.get_slot("dream_place") is not None:
            return {}
        place = place_in(opening, strict=True)
        return {"dream_place": place} if place else {}

    async def extract_dream_wijk(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        named = entity(tracker, "wijk")
        if tracker.get_slot("dream_wijk") is None and named in known_wijken():
            return {"dream_wijk": named}
        return {}

    def validate_dream_wish(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if len(text) < 3:
            dispatcher.utter_message(text="Vertel iets meer. Eén zin is genoeg.")
            return {"dream_wish": None}
        return {"dream_wish": text[:2000]}

    def validate_dream_place(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        place = place_in(str(value))
        if place in PLACES:
            return {"dream_place": place}
        wijk = match_wijk(str(value), known_wijken()) if len(str(value).split()) <= 3 else None
        if wijk and wijk != "landelijk":  # "hagedoorn": the wish is for the wijk, and that is the wijk
            return {"dream_place": "wijk", "dream_wijk": wijk}
        dispatcher.utter_message(text="Kies een van de knoppen: woning, straat of wijk.")
        return {"dream_place": None}

    def validate_dream_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"dream_wijk": home_wijk(value, dispatcher)}

    def validate_dream_contribution(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"dream_contribution": str(value).strip()[:1000] or SKIP}


class ActionAskDreamWish(Action):
    def name(self) -> Text:
        return "action_ask_dream_wish"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=f"Leuk dat je mee wilt denken! {GUIDING_QUESTION} Stoppen kan altijd: typ stop.")
        return []


def home_wijk(value: Any, dispatcher: CollectingDispatcher) -> Optional[str]:
    """The tenant's own wijk from an answer (a name, another name, a button), or None after saying so."""
    wijk = match_wijk(str(value), known_wijken())
    if wijk is None or wijk == "landelijk":
        dispatcher.utter_message(text="Die wijk ken ik niet. Kies een wijk hieronder.")
        return None
    return wijk


class ActionAskDreamWijk(Action):
    def name(self) -> Text:
        return "action_ask_dream_wijk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="In welke wijk woon je?", buttons=wijk_buttons())
        return []


class ActionAskDreamConfirm(Action):
    """Before saving: what we store, and who sees it."""

    def name(self) -> Text:
        return "action_ask_dream_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        consent = tracker.get_slot("dream_consent")
        dispatcher.utter_message(
            text="Dit sla ik op: je wens, waar die over gaat en je wijk"
            + (
                ", en wat je zelf wilt doen, als parel van de wijk"
                if tracker.get_slot("dream_contribution") not in (None, SKIP)
                else ""
            )
            + ". De droommakelaar ziet je wens. "
            + (
                "Je mag gebeld of gemaild worden: de droommakelaar ziet dan ook hoe hij je bereikt. "
                if consent
                else "Je naam en hoe je te bereiken bent, ziet de droommakelaar niet. "
            )
            + "Wil je de wens opslaan?",
            buttons=[
                {"title": "Ja, opslaan", "payload": "/affirm"},
                {"title": "Nee, niet opslaan", "payload": "/deny"},
            ],
        )
        return []


class ActionSubmitDream(Action):
    def name(self) -> Text:
        return "action_submit_dream"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("dream_confirm"):
            dispatcher.utter_message(text="Oké, ik heb je wens niet opgeslagen. Je kunt altijd opnieuw beginnen.")
            return discard(*SLOTS)
        contribution = tracker.get_slot("dream_contribution")
        with person_session(tracker) as (session, person):
            wijk = tracker.get_slot("dream_wijk") or person.wijk
            if not person.wijk and wijk:
                person.wijk = wijk  # asked once: remembered for next time
            consent = bool(tracker.get_slot("dream_consent"))
            save_wish(
                session,
                person,
                tracker.get_slot("dream_wish"),
                tracker.get_slot("dream_place"),
                wijk,
                None if contribution == SKIP else contribution,
                consent,
                first_name(tracker),
            )
            if contribution not in (None, SKIP):  # what they offer to do is a pearl of the Parelketting too
                pearls.offer(session, person, contribution, wijk, consent)
        dispatcher.utter_message(
            text="Dank je wel! Je wens is opgeslagen. De droommakelaar leest hem. Samen maken we de buurt mooier."
        )
        return clear(*SLOTS)
