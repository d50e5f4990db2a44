"""From dream to deed, in the chat: the droommakelaar's work list (/wensen), one wish in full, a status change
with a note (wish_status_form), and the tenant's own wishes (/mijnwensen), which they may withdraw.

Every button payload can be forged: ids and values are checked again here, and each action checks the role
(buurtbot/roles.py) and, for a change, that the wish is in the droommakelaar's wijk.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, entity, permitted, person_session, record_id
from actions.forms import slots_of
from buurtbot import outbox
from buurtbot.config import get_settings
from buurtbot.dreams import asks, pearls, worklist
from buurtbot.dreams import status as wish_status
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, WishStatus

SLOTS = slots_of("wish_status_form")
NO_NOTE = "-"


class ActionShowWishes(Action):
    """/wensen: the work list, a page at a time, with buttons to open a wish, page and filter."""

    def name(self) -> Text:
        return "action_show_wishes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        chosen = worklist.Filter.parse(
            entity(tracker, "wijk"),
            entity(tracker, "theme"),
            entity(tracker, "signal"),
            entity(tracker, "wish_status"),
            entity(tracker, "page"),
        )
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "show_wishes"):
                return []
            pick = entity(tracker, "pick")
            if pick in worklist.PICKS:
                wijken = sorted({w.wijk for w in worklist.visible(session, person) if w.wijk})
                dispatcher.utter_message(
                    text=f"Kies een {pick}:", buttons=outbox.as_buttons(worklist.pick_buttons(pick, chosen, wijken))
                )
                return []
            page = worklist.page_of(session, person, chosen)
            dispatcher.utter_message(
                text=worklist.render_page(page, chosen, get_settings().timezone),
                buttons=outbox.as_buttons(worklist.page_buttons(page, chosen)),
            )
        return []


class ActionOpenWish(Action):
    def name(self) -> Text:
        return "action_open_wish"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        wish_id = record_id(entity(tracker, "wish_id"))
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "show_wishes"):
                return []
            wish = session.get(DreamWish, wish_id) if wish_id else None
            if wish is None or not worklist.may_see(session, person, wish):
                dispatcher.utter_message(text="Die wens kan ik niet vinden. Misschien is hij ingetrokken of gewist.")
                return []
            managed = wish_status.may_manage(session, person, wish)
            choices = worklist.status_buttons(wish) if managed else []
            if managed and wish.signals and wish.contact_consent and asks.experts_for(session, wish):
                choices.append(outbox.choice("Vraag een ervaringsdeskundige", "ask_expert", wish_id=str(wish.id)))
            choices.append(outbox.choice("Terug naar de lijst", "show_wishes"))
            dispatcher.utter_message(
                text=worklist.detail(session, person, wish, get_settings().timezone),
                buttons=outbox.as_buttons(choices),
            )
        return []


class ValidateWishStatusForm(FormValidationAction):
    """Asks for the note only when the change may be made; otherwise the submit action says why not."""

    def name(self) -> Text:
        return "validate_wish_status_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        wish_id, status = (
            record_id(tracker.get_slot("wish_id")),
            wish_status.parse_status(tracker.get_slot("wish_status")),
        )
        if wish_id is None or status is None:
            return []
        with person_session(tracker) as (session, person):
            wish = session.get(DreamWish, wish_id)
            if wish is None or not wish_status.may_manage(session, person, wish):
                return []
        return domain_slots

    def validate_wish_note(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        note = str(value or "").strip()
        needs_reason = wish_status.parse_status(tracker.get_slot("wish_status")) == WishStatus.lukt_niet
        if note in ("", NO_NOTE) and needs_reason:
            dispatcher.utter_message(text="Schrijf kort waarom het niet lukt. De bewoner leest dit.")
            return {"wish_note": None}
        return {"wish_note": note[: wish_status.NOTE_LENGTH] or NO_NOTE}


class ActionAskWishNote(Action):
    def name(self) -> Text:
        return "action_ask_wish_note"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        status = wish_status.parse_status(tracker.get_slot("wish_status"))
        if status == WishStatus.lukt_niet:
            dispatcher.utter_message(text="Waarom lukt het niet? Schrijf het kort op. De bewoner krijgt dit bericht.")
        else:
            dispatcher.utter_message(
                text=f'Je zet de wens op "{wish_status.LABEL[status]}". Wil je er een korte notitie bij zetten '
                "voor de bewoner? Typ die hier.",
                buttons=[{"title": "Geen notitie", "payload": NO_NOTE}],
            )
        return []


class ActionSubmitWishStatus(Action):
    def name(self) -> Text:
        return "action_submit_wish_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        wish_id, status = (
            record_id(tracker.get_slot("wish_id")),
            wish_status.parse_status(tracker.get_slot("wish_status")),
        )
        note = tracker.get_slot("wish_note")
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "set_wish_status"):
                return clear(*SLOTS)
            if wish_id is None or status is None:
                dispatcher.utter_message(text="Kies de wens en de status met de knoppen. Typ /wensen voor de lijst.")
                return clear(*SLOTS)
            change = wish_status.change_status(session, wish_id, person, status, None if note == NO_NOTE else note)
        dispatcher.utter_message(text=wish_status.OUTCOME_TEXT[change.outcome].format(status=wish_status.LABEL[status]))
        return clear(*SLOTS)


class ActionMyWishes(Action):
    """/mijnwensen: a tenant's own wishes and where each stands, and what they offered (pearls), each with a
    button to withdraw it."""

    def name(self) -> Text:
        return "action_my_wishes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            wishes, offers = wish_status.wishes_of(session, person), pearls.pearls_of(session, person)
            if not wishes and not offers:
                dispatcher.utter_message(
                    text="Je hebt nog geen wensen gedeeld. Wil je er een delen?",
                    buttons=[{"title": "Deel een wens", "payload": "/share_dream"}],
                )
                return []
            if wishes:
                dispatcher.utter_message(text=f"Je wensen ({len(wishes)}):")
            for wish in wishes[:10]:
                dispatcher.utter_message(
                    text=wish_status.describe_for_tenant(wish),
                    buttons=outbox.as_buttons([outbox.choice("Wens intrekken", "withdraw_wish", wish_id=str(wish.id))]),
                )
            for pearl in offers[:10]:
                dispatcher.utter_message(
                    text=f'Je bood aan: "{quoted(pearl.offer, limit=200)}"',
                    buttons=outbox.as_buttons(
                        [outbox.choice("Aanbod intrekken", "withdraw_pearl", pearl_id=str(pearl.id))]
                    ),
                )
        return []


class ActionWithdrawWish(Action):
    def name(self) -> Text:
        return "action_withdraw_wish"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        wish_id = record_id(entity(tracker, "wish_id"))
        with person_session(tracker) as (session, person):
            withdrawn = wish_id is not None and wish_status.withdraw(session, person, wish_id)
        dispatcher.utter_message(
            text="Je wens is ingetrokken en gewist." if withdrawn else "Die wens kan ik niet vinden bij jouw wensen."
        )
        return []
