"""The Parelketting in the chat: groups of wishes that belong together, a meetup planned for a group (the plan
form, pre-filled), personal pearls (/parel) and the droommakelaar's questions to tenants (a pearl's tenant,
or a tenant whether an ervaringsdeskundige may get in touch), answered with yes or no.

Button payloads can be forged: a group is looked up again among the groups the person may see, and every
question and answer is checked against who asks and who answers (buurtbot/dreams/asks.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, entity, permitted, person_session, record_id, without_known_wijk
from actions.dreams import ActionAskDreamWijk, home_wijk
from actions.forms import slots_of
from buurtbot import outbox
from buurtbot.dreams import asks, pearls, worklist
from buurtbot.dreams.status import manages
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, Person

PEARL_SLOTS = slots_of("pearl_form")
MAX_GROUPS, MAX_PEARLS = 8, 5
PEARL_EXAMPLES = "Bijvoorbeeld: ik kan koken, ik heb een aanhanger, of ik spreek Turks."


def _group_asked(dispatcher: CollectingDispatcher, tracker: Tracker, session, person: Person, act: bool):
    """The group a button names, looked up again among those the person sees (and, with `act`, manages);
    None after saying it is gone."""
    found = worklist.find_group(session, person, entity(tracker, "wijk"), entity(tracker, "wish_group"))
    if found is None or (act and not manages(session, person, found.wijk)):
        dispatcher.utter_message(text="Die groep wensen is er niet meer. Typ /wensen voor de lijst.")
        return None
    return found


class ActionShowWishGroups(Action):
    def name(self) -> Text:
        return "action_show_wish_groups"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "show_wish_groups"):
                return []
            groups = worklist.open_groups(session, person)
            if not groups:
                dispatcher.utter_message(
                    text="Er zijn nu geen wensen die bij elkaar horen. Zodra twee buren hetzelfde willen, zie je het hier."
                )
                return []
            dispatcher.utter_message(text=f"Wensen die bij elkaar horen ({len(groups)} groepen):")
            for found in groups[:MAX_GROUPS]:
                fitting = len(pearls.fitting(session, found))
                dispatcher.utter_message(
                    text=found.title() + _offers(fitting),
                    buttons=outbox.as_buttons(worklist.group_buttons(found, manages(session, person, found.wijk))),
                )
        return []


def _offers(count: int) -> str:
    if not count:
        return "."
    return ". 1 buur biedt iets aan dat past." if count == 1 else f". {count} buren bieden iets aan dat past."


class ActionShowGroupPearls(Action):
    def name(self) -> Text:
        return "action_show_group_pearls"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "show_group_pearls"):
                return []
            found = _group_asked(dispatcher, tracker, session, person, act=False)
            if found is None:
                return []
            fitting = pearls.fitting(session, found)[:MAX_PEARLS]
            places = pearls.places_in(found.wijk, found.thing)[:3]
            where = f"\nPlekken in de wijk: {', '.join(p.name for p in places)}." if places else ""
            if not fitting:
                dispatcher.utter_message(text=f"{found.title()}: nog geen buren die iets aanbieden dat past.{where}")
                return []
            may_ask = manages(session, person, found.wijk)
            lines = [f'{n}. "{quoted(p.offer, limit=200)}"' for n, p in enumerate(fitting, 1)]
            choices = [
                outbox.choice(
                    f"Vraag {n}", "ask_pearl", pearl_id=str(p.id), wijk=found.wijk or "", wish_group=found.thing
                )
                for n, p in enumerate(fitting, 1)
                if may_ask
            ]
            dispatcher.utter_message(
                text=f"Buren die kunnen helpen bij {found.title()}:\n" + "\n".join(lines) + where,
                buttons=outbox.as_buttons(choices),
            )
        return []


class ActionPlanGroupMeetup(Action):
    """The meetup flow for a group: title and wijk filled in, the group kept for the invitations."""

    def name(self) -> Text:
        return "action_plan_group_meetup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "plan_group_meetup"):
                return []
            found = _group_asked(dispatcher, tracker, session, person, act=True)
            if found is None:
                return []
        dispatcher.utter_message(
            text=f"We plannen een bijeenkomst over {found.phrase} in {found.wijk}. "
            "Buren die een wens hierover deelden en contact goed vinden, krijgen een uitnodiging."
        )
        return [
            SlotSet("meetup_title", f"Samen aan de slag: {found.phrase}"),
            SlotSet("meetup_wijk", found.wijk),
            SlotSet("meetup_wish_group", found.thing),
            FollowupAction("plan_meetup_form"),
        ]


class ActionAskPearl(Action):
    def name(self) -> Text:
        return "action_ask_pearl"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "ask_pearl"):
                return []
            found = _group_asked(dispatcher, tracker, session, person, act=True)
            if found is None:
                return []
            outcome = asks.ask_pearl(session, person, record_id(entity(tracker, "pearl_id")), found)
        dispatcher.utter_message(text=outcome.say)
        return []


class ActionAskExpert(Action):
    """For a wish with an early signal: choose an ervaringsdeskundige of the wijk; the tenant is asked first."""

    def name(self) -> Text:
        return "action_ask_expert"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        wish_id, helper_id = record_id(entity(tracker, "wish_id")), record_id(entity(tracker, "helper_id"))
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "ask_expert"):
                return []
            wish = session.get(DreamWish, wish_id) if wish_id else None
            if wish is not None and helper_id is None:
                experts = asks.experts_for(session, wish)
                if not experts:
                    dispatcher.utter_message(text="Er is nog geen ervaringsdeskundige in deze wijk.")
                    return []
                dispatcher.utter_message(
                    text="Welke ervaringsdeskundige wil je vragen? De bewoner krijgt eerst de vraag of het goed is.",
                    buttons=outbox.as_buttons(
                        outbox.choice(
                            expert.first_name or f"Ervaringsdeskundige {n}",
                            "ask_expert",
                            wish_id=str(wish.id),
                            helper_id=str(expert.id),
                        )
                        for n, expert in enumerate(experts, 1)
                    ),
                )
                return []
            outcome = asks.ask_expert(session, person, wish_id, helper_id)
        dispatcher.utter_message(text=outcome.say)
        return []


class ActionAnswerHelpAsk(Action):
    def name(self) -> Text:
        return "action_answer_help_ask"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        ask_id, said = record_id(entity(tracker, "ask_id")), entity(tracker, "answer")
        if ask_id is None or said not in ("ja", "nee"):
            dispatcher.utter_message(text="Kies ja of nee met de knoppen onder de vraag.")
            return []
        with person_session(tracker) as (session, person):
            outcome = asks.answer(session, person, ask_id, said == "ja")
        dispatcher.utter_message(text=outcome.say)
        return []


class ValidatePearlForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_pearl_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return without_known_wijk(tracker, domain_slots, "pearl_wijk")

    def validate_pearl_offer(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if len(text) < 3:
            dispatcher.utter_message(text=f"Vertel in een paar woorden wat je kunt of wilt doen. {PEARL_EXAMPLES}")
            return {"pearl_offer": None}
        return {"pearl_offer": text[: pearls.OFFER_LENGTH]}

    def validate_pearl_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"pearl_wijk": home_wijk(value, dispatcher)}


class ActionAskPearlWijk(ActionAskDreamWijk):
    """The same question as the wish form's."""

    def name(self) -> Text:
        return "action_ask_pearl_wijk"


class ActionSubmitPearl(Action):
    def name(self) -> Text:
        return "action_submit_pearl"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        consent = bool(tracker.get_slot("pearl_consent"))
        with person_session(tracker) as (session, person):
            wijk = tracker.get_slot("pearl_wijk") or person.wijk
            if not person.wijk and wijk:
                person.wijk = wijk
            pearls.offer(session, person, tracker.get_slot("pearl_offer"), wijk, consent)
        dispatcher.utter_message(
            text="Dank je wel! Je aanbod is bewaard als parel van de wijk. "
            + (
                "Past het bij wensen van buren, dan vraagt de droommakelaar je eerst of je wilt helpen."
                if consent
                else "De droommakelaar ziet het zonder je naam, en kan je er niet over vragen."
            )
            + " Intrekken kan met /mijnwensen."
        )
        return clear(*PEARL_SLOTS)


class ActionWithdrawPearl(Action):
    def name(self) -> Text:
        return "action_withdraw_pearl"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        pearl_id = record_id(entity(tracker, "pearl_id"))
        with person_session(tracker) as (session, person):
            withdrawn = pearl_id is not None and pearls.withdraw(session, person, pearl_id)
        dispatcher.utter_message(
            text="Je aanbod is ingetrokken en gewist."
            if withdrawn
            else "Dat aanbod kan ik niet vinden bij jouw parels."
        )
        return []
