"""Meetups in the wijk: list (with sign-up buttons), plan (plan_meetup_form), sign up and cancel by button
or by text, approval by the beheerder, and the youth sign-up for Bouwen aan je Toekomst."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clear, discard, entity, permitted, person_session, record_id, without_known_wijk
from actions.forms import slots_of
from actions.prefill import (
    age_in_sentence,
    interests_in,
    latest_text,
    meetup_values,
    opening_text,
    short_title,
)
from actions.referral import known_wijken, match_wijk, offer_named_need, wijk_buttons
from buurtbot import meetups, outbox, youth
from buurtbot.config import get_settings
from buurtbot.dates import NUMBER_WORDS, format_when, is_sensible_hour, parse_when
from buurtbot.dreams import pearls, worklist
from buurtbot.roles import may
from buurtbot.storage.models import DreamWish, Meetup, MeetupStatus
from buurtbot.storage.types import utcnow

PLAN_SLOTS = slots_of("plan_meetup_form")
YOUTH_SLOTS = slots_of("youth_form")
SKIP = "-"


def party_size(text: str) -> int:
    """'met 3 personen', 'we komen met z'n vieren', 'met twee kinderen erbij' → the number of people; default 1."""
    words = text.lower()
    match = re.search(r"met (\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b", words) or re.search(
        r"(\d{1,2}) (personen|mensen)", words
    )
    if match:
        value = match.group(1)
        count = int(value) if value.isdigit() else NUMBER_WORDS[value]
        return max(1, min(count + (1 if "erbij" in words else 0), 20))
    if "z'n vieren" in words or "met zn vieren" in words:
        return 4
    return 1


def meetup_from(tracker: Tracker, candidates: List[Meetup]) -> Optional[Meetup]:
    meetup_id = record_id(entity(tracker, "meetup_id"))
    if meetup_id is not None:
        return next((m for m in candidates if m.id == meetup_id), None)
    return meetups.find_by_text(candidates, tracker.latest_message.get("text") or "")


def signup_reply(dispatcher: CollectingDispatcher, meetup: Meetup, result: meetups.RsvpResult, size: int) -> None:
    if result.full:
        dispatcher.utter_message(text=f"Sorry, {meetups.title_of(meetup)} is vol. Er zijn niet genoeg plaatsen meer.")
        return
    if result.already:
        dispatcher.utter_message(text=f"Je bent al aangemeld voor {meetups.title_of(meetup)}. Er verandert niets.")
        return
    people = "je" if size == 1 else f"jullie met {size} personen"
    dispatcher.utter_message(
        text=f"Gelukt! Je bent aangemeld ({people}) voor {meetups.title_of(meetup)}, {format_when(meetup.starts_at, get_settings().timezone)}, {meetups.place_of(meetup)}. "
        "Je krijgt een dag en een uur van tevoren een herinnering. Zet het in je agenda met het bestand hieronder.",
        json_message={
            "document": {
                "filename": f"activiteit-{meetup.id}.ics",
                "content": meetups.ics(meetup),
                "mime": "text/calendar",
            }
        },
    )


class ActionListMeetups(Action):
    def name(self) -> Text:
        return "action_list_meetups"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        named = entity(tracker, "wijk")
        with person_session(tracker) as (session, person):
            wijk = named if named in known_wijken() else person.wijk
            found = meetups.upcoming(session, wijk)[:10]
            if not found:
                where = f" in {wijk}" if wijk else ""
                dispatcher.utter_message(
                    text=f"Er staan nu geen activiteiten{where} in de agenda. Wil je zelf iets organiseren?",
                    buttons=[{"title": "Activiteit organiseren", "payload": "/plan_meetup"}],
                )
                return []
            dispatcher.utter_message(text=f"Dit staat er op de agenda{' in ' + wijk if wijk else ''}:")
            for meetup in found:
                text = meetups.describe(meetup, get_settings().timezone)
                buttons = [
                    {"title": "Ik kom!", "payload": f'/rsvp_meetup{{"meetup_id": "{meetup.id}"}}'},
                    {"title": "Afmelden", "payload": f'/cancel_rsvp{{"meetup_id": "{meetup.id}"}}'},
                ]
                if meetup.organiser_id == person.id:
                    text += f"\nJij organiseert dit. Aangemeld: {meetup.seats_taken} personen."
                    buttons = [
                        {"title": "Activiteit afzeggen", "payload": f'/cancel_meetup{{"meetup_id": "{meetup.id}"}}'}
                    ]
                dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionRsvp(Action):
    def name(self) -> Text:
        return "action_rsvp"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        size = party_size(tracker.latest_message.get("text") or "")
        with person_session(tracker) as (session, person):
            candidates = meetups.upcoming(session, None)
            meetup = meetup_from(tracker, candidates)
            if meetup is None:
                dispatcher.utter_message(text="Welke activiteit bedoel je? Kies er een uit de agenda.")
                return [FollowupAction("action_list_meetups")]
            result = meetups.rsvp(session, meetup, person, size)
            signup_reply(dispatcher, meetup, result, size)
        return []


class ActionCancelRsvp(Action):
    def name(self) -> Text:
        return "action_cancel_rsvp"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            mine = [m for m in meetups.upcoming(session, None) if any(r.person_id == person.id for r in m.rsvps)]
            meetup = meetup_from(tracker, mine) or (mine[0] if len(mine) == 1 else None)
            if meetup is None:
                dispatcher.utter_message(
                    text="Ik vind geen aanmelding van jou die ik kan afmelden."
                    if not mine
                    else "Voor welke activiteit wil je je afmelden?",
                    buttons=[{"title": m.title, "payload": f'/cancel_rsvp{{"meetup_id": "{m.id}"}}'} for m in mine],
                )
                return []
            meetups.cancel_rsvp(session, meetup, person)
            dispatcher.utter_message(
                text=f"Je bent afgemeld voor {meetups.title_of(meetup)}. Jammer! Je plek is weer vrij voor een ander."
            )
        return []


class ActionCancelMeetup(Action):
    """The organiser (or a beheerder) calls a meetup off; everyone signed up hears it."""

    def name(self) -> Text:
        return "action_cancel_meetup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        meetup_id = record_id(entity(tracker, "meetup_id"))
        with person_session(tracker) as (session, person):
            meetup = session.get(Meetup, meetup_id) if meetup_id else None
            if meetup is None or meetup.status != MeetupStatus.goedgekeurd:
                dispatcher.utter_message(text="Die activiteit kan ik niet vinden.")
                return []
            if meetup.organiser_id != person.id and not may(person.role, "cancel_any_meetup"):
                dispatcher.utter_message(text="Alleen de organisator kan deze activiteit afzeggen.")
                return []
            if entity(tracker, "confirm") != "ja":
                dispatcher.utter_message(
                    text=f'Weet je zeker dat je "{meetups.title_of(meetup)}" wilt afzeggen? Iedereen die komt, krijgt een bericht.',
                    buttons=[
                        {
                            "title": "Ja, afzeggen",
                            "payload": f'/cancel_meetup{{"meetup_id": "{meetup.id}", "confirm": "ja"}}',
                        },
                        {"title": "Nee, laat staan", "payload": "/deny"},
                    ],
                )
                return []
            told = meetups.cancel_meetup(session, meetup, get_settings().timezone)
        dispatcher.utter_message(text=f"De activiteit is afgezegd. {told} aanmelding(en) krijgen een bericht.")
        return []


class ActionApproveMeetup(Action):
    def name(self) -> Text:
        return "action_approve_meetup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        meetup_id, decision = record_id(entity(tracker, "meetup_id")), entity(tracker, "decision")
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "approve_meetup"):
                return []
            if meetup_id is None or decision not in ("goedgekeurd", "afgewezen"):
                proposals = meetups.proposals(session)
                if not proposals:
                    dispatcher.utter_message(text="Er zijn geen voorstellen die op je wachten.")
                for meetup in proposals[:10]:
                    dispatcher.utter_message(
                        text=meetups.describe(meetup, get_settings().timezone),
                        buttons=outbox.as_buttons(meetups.approval_choices(meetup)),
                    )
                return []
            meetup = meetups.decide(session, meetup_id, decision == "goedgekeurd")
        if meetup is None:
            dispatcher.utter_message(text="Over dit voorstel is al beslist, of het bestaat niet.")
        else:
            dispatcher.utter_message(text=f'"{meetups.title_of(meetup)}" is {decision}. De bewoner krijgt een bericht.')
        return []


class ValidatePlanMeetupForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_plan_meetup_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        # The group is only there when the droommakelaar plans for one (actions/parelketting.py); never asked.
        slots = [s for s in domain_slots if s != "meetup_wish_group" or tracker.get_slot(s) is not None]
        return without_known_wijk(tracker, slots, "meetup_wijk")

    async def extract_meetup_title(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self._said("meetup_title", tracker)

    async def extract_meetup_when(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self._said("meetup_when", tracker)

    async def extract_meetup_place(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self._said("meetup_place", tracker)

    async def extract_meetup_capacity(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self._said("meetup_capacity", tracker)

    async def extract_meetup_wijk(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        named = entity(tracker, "wijk")
        return {"meetup_wijk": named} if tracker.get_slot("meetup_wijk") is None and named in known_wijken() else {}

    @staticmethod
    def _said(slot: str, tracker: Tracker) -> Dict[Text, Any]:
        """A value for an empty slot from the opening message, or from an answer to another question."""
        requested = tracker.get_slot("requested_slot")
        if tracker.get_slot(slot) is not None or requested == slot:
            return {}
        if requested is None or requested in ("meetup_title", "meetup_place", "meetup_description"):
            value = meetup_values(latest_text(tracker)).get(slot)
            return {slot: value} if value else {}
        return {}

    def validate_meetup_title(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        title = short_title(str(value).strip())
        if not 3 <= len(title) <= 120:
            dispatcher.utter_message(text="Geef de activiteit een korte naam, bijvoorbeeld: Koffieochtend.")
            return {"meetup_title": None}
        return {"meetup_title": title}

    def validate_meetup_when(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        parsed = parse_when(str(value), utcnow(), get_settings().timezone)
        if parsed.when is None:
            dispatcher.utter_message(text=parsed.problem)
            return {"meetup_when": None}
        if not parsed.has_time:
            dispatcher.utter_message(
                text="Hoe laat begint het? Typ de dag en de tijd, bijvoorbeeld: zaterdag om 10:00."
            )
            return {"meetup_when": None}
        if not is_sensible_hour(parsed.when, get_settings().timezone):
            dispatcher.utter_message(
                text=f"Om {parsed.when.strftime('%H:%M')} slapen de meeste buren. Kies een tijd tussen 7:00 en 22:00."
            )
            return {"meetup_when": None}
        return {"meetup_when": parsed.when.isoformat()}

    def validate_meetup_place(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        venue = (
            meetup_values(text).get("meetup_place") if tracker.get_slot("requested_slot") == "meetup_place" else None
        )
        return {"meetup_place": (venue or text)[:200] or None}

    def validate_meetup_wijk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        wijk = match_wijk(str(value), known_wijken())
        if wijk in (None, "landelijk"):
            dispatcher.utter_message(text="Kies een wijk hieronder.")
            return {"meetup_wijk": None}
        return {"meetup_wijk": wijk}

    def validate_meetup_description(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"meetup_description": str(value).strip()[:1000] or SKIP}

    def validate_meetup_capacity(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value).strip()
        if text == SKIP:
            return {"meetup_capacity": SKIP}
        digits = re.search(r"-?\d+", text)  # "-5" is no number of places, not 5
        if not digits or not 1 <= int(digits.group()) <= 1000:
            dispatcher.utter_message(text="Typ een getal, bijvoorbeeld 20. Of kies Geen maximum.")
            return {"meetup_capacity": None}
        return {"meetup_capacity": digits.group()}


class ActionAskMeetupWijk(Action):
    def name(self) -> Text:
        return "action_ask_meetup_wijk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="In welke wijk is het?", buttons=wijk_buttons())
        return []


class ActionAskMeetupPlace(Action):
    """Where: the wijk's places (data/pearls.yml) as buttons, those that fit the group's wish first."""

    def name(self) -> Text:
        return "action_ask_meetup_place"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        wijk = tracker.get_slot("meetup_wijk")
        if wijk is None:
            with person_session(tracker) as (_, person):
                wijk = person.wijk
        places = pearls.places_in(wijk, tracker.get_slot("meetup_wish_group"))[:6]
        dispatcher.utter_message(
            text="Waar is het? Kies een plek in de wijk, of typ een andere plek."
            if places
            else "Waar is het? Bijvoorbeeld: buurthuis De Schakel.",
            buttons=[{"title": place.name, "payload": place.name} for place in places],
        )
        return []


class ActionSubmitMeetup(Action):
    def name(self) -> Text:
        return "action_submit_meetup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        description, capacity = tracker.get_slot("meetup_description"), tracker.get_slot("meetup_capacity")
        with person_session(tracker) as (session, person):
            meetup = meetups.plan(
                session,
                person,
                tracker.get_slot("meetup_title"),
                datetime.fromisoformat(tracker.get_slot("meetup_when")),
                tracker.get_slot("meetup_place"),
                tracker.get_slot("meetup_wijk") or person.wijk,
                zone=get_settings().timezone,
                description=None if description == SKIP else description,
                capacity=None if capacity in (None, SKIP) else int(capacity),
            )
            summary, published = (
                meetups.describe(meetup, get_settings().timezone),
                meetup.status == MeetupStatus.goedgekeurd,
            )
            invited = _invite_group(session, person, meetup, tracker.get_slot("meetup_wish_group"))
        if published:
            dispatcher.utter_message(text=f"Je activiteit staat in de agenda:\n{summary}")
            if invited is not None:
                dispatcher.utter_message(text=_invited_text(invited))
        else:
            dispatcher.utter_message(
                text=f"Dank je! De beheerder kijkt naar je voorstel. Je krijgt bericht als het in de agenda staat.\n{summary}"
            )
        return clear(*PLAN_SLOTS)


def _invited_text(invited: int) -> str:
    if not invited:
        return "Niemand in deze groep wil contact. Er gaan dus geen uitnodigingen uit. De activiteit staat wel in de agenda."
    who = "1 buur" if invited == 1 else f"{invited} buren"
    return f"Ik nodig {who} uit die een wens hierover deelden en contact goed vinden."


def _invite_group(session, person, meetup: Meetup, thing: Optional[str]) -> Optional[int]:
    """Invites the tenants of the group the meetup was planned for; None when it was planned for no group."""
    found = worklist.find_group(session, person, meetup.wijk, thing) if thing else None
    if found is None or meetup.status != MeetupStatus.goedgekeurd:
        return None
    wishes = [session.get(DreamWish, wish_id) for wish_id in found.ids]
    return meetups.invite(session, meetup, wishes, found.phrase, get_settings().timezone)


class ValidateYouthForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_youth_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        # Runs before validation too, so the slot may still hold the raw text ("NaN", "zeventien").
        age = age_in(tracker.get_slot("youth_age"))
        if age is not None and not youth.MIN_AGE <= age <= youth.MAX_AGE:
            return []  # outside 16-27: the submit action explains; nothing more is asked or stored
        return domain_slots

    async def extract_youth_age(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        opening = opening_text(tracker)
        if opening and tracker.get_slot("youth_age") is None and tracker.get_slot("youth_interests") is None:
            offer_named_need(dispatcher, tracker)  # "... maar ik heb ook schulden": a button for later
        age = age_in_sentence(opening) if opening and tracker.get_slot("youth_age") is None else None
        return {"youth_age": age} if age else {}

    async def extract_youth_interests(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        opening = opening_text(tracker)
        interests = interests_in(opening) if opening and tracker.get_slot("youth_interests") is None else None
        return {"youth_interests": interests} if interests else {}

    def validate_youth_age(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        age = age_in(value)
        if age is None or not 5 <= age <= 99:
            dispatcher.utter_message(text="Typ je leeftijd als getal, bijvoorbeeld 17.")
            return {"youth_age": None}
        return {"youth_age": str(age)}

    def validate_youth_interests(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"youth_interests": str(value).strip()[:500] or None}

    def validate_youth_school(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"youth_school": str(value).strip()[:200] or SKIP}


def age_in(value: Any) -> Optional[int]:
    """The first number in the text (plain digits, at most three), or None."""
    digits = re.search(r"(?<![0-9])[0-9]{1,3}(?![0-9])", str(value or ""))
    return int(digits.group()) if digits else None


class ActionSubmitYouth(Action):
    def name(self) -> Text:
        return "action_submit_youth"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        age = age_in(tracker.get_slot("youth_age"))
        if age is None:
            return discard(*YOUTH_SLOTS)
        if age > youth.MAX_AGE:
            dispatcher.utter_message(
                text="Bouwen aan je Toekomst is voor jongeren tot en met 27 jaar. Zoek je werk of een opleiding? "
                "Typ 'ik wil iemand spreken'. Ik heb niets opgeslagen."
            )
            return discard(*YOUTH_SLOTS)
        if age < youth.MIN_AGE:
            dispatcher.utter_message(
                text="Wat goed dat je wilt meedoen! Bouwen aan je Toekomst is vanaf 16 jaar. "
                "Je bent van harte welkom als je 16 bent. Tot die tijd kun je bij het jongerenwerk in je wijk terecht. Ik heb niets opgeslagen."
            )
            return discard(*YOUTH_SLOTS)
        if not tracker.get_slot("youth_consent"):
            dispatcher.utter_message(
                text="Zonder toestemming kunnen we je niet bellen of appen. Daarom heb ik niets opgeslagen. Je kunt je altijd opnieuw aanmelden."
            )
            return discard(*YOUTH_SLOTS)
        school = tracker.get_slot("youth_school")
        with person_session(tracker) as (session, person):
            youth.sign_up(session, person, age, tracker.get_slot("youth_interests"), None if school == SKIP else school)
        dispatcher.utter_message(
            text="Top, je bent aangemeld voor Bouwen aan je Toekomst! Iemand van het project neemt snel contact met je op."
        )
        return clear(*YOUTH_SLOTS)
