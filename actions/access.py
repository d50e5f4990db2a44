"""Roles through invite codes: `/start CODE` (Telegram deep link) or `/code CODE`; beheerders make
codes with /invite. Wrong codes are limited per sender against guessing, counted in the database
(buurtbot/invites.py), so any number of action servers share the count. Staff sign in to the
web dashboard with a one-time link from /dashboard (buurtbot/web_access.py)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, permitted, person_session
from actions.conversation import INTRO
from actions.referral import wijk_buttons
from buurtbot import web_access
from buurtbot.config import get_settings
from buurtbot.invites import INVITE_ROLES, count_wrong_code, create_invite, may_try_a_code, redeem_invite
from buurtbot.storage.models import Role

ROLE_NAMES = INVITE_ROLES


class ActionRedeemInvite(Action):
    def name(self) -> Text:
        return "action_redeem_invite"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        code = entity(tracker, "invite_code")
        if not code:
            dispatcher.utter_message(text="Typ /code en dan je uitnodigingscode. Bijvoorbeeld: /code ABCD234567")
            return []
        with person_session(tracker) as (session, person):
            if not may_try_a_code(session, tracker.sender_id):
                dispatcher.utter_message(
                    text="Je hebt te vaak een verkeerde code getypt. Probeer het over een kwartier opnieuw."
                )
                return []
            redeemed = redeem_invite(session, person, code)
            if redeemed is None:
                count_wrong_code(session, tracker.sender_id)
                dispatcher.utter_message(
                    text="Deze code werkt niet. Misschien is hij al gebruikt of verlopen. Vraag de beheerder om een nieuwe code."
                )
                return []
            role = person.role
        where = f" in {redeemed.wijk}" if redeemed.wijk else ""
        dispatcher.utter_message(text=f"Gelukt! Je bent nu {ROLE_NAMES[role]}{where}. {INTRO[role]}")
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionCreateInvite(Action):
    """/invite → choose a role → choose a wijk → the code. The choices travel in the button payloads."""

    def name(self) -> Text:
        return "action_create_invite"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "create_invite"):
                return []
            role_value, wijk = entity(tracker, "invite_role"), entity(tracker, "wijk")
            if role_value not in {r.value for r in ROLE_NAMES}:
                dispatcher.utter_message(
                    text="Voor wie is de uitnodiging?",
                    buttons=[
                        {"title": n.capitalize(), "payload": f'/create_invite{{"invite_role": "{r.value}"}}'}
                        for r, n in ROLE_NAMES.items()
                    ],
                )
                return []
            if wijk is None:
                dispatcher.utter_message(
                    text="Voor welke wijk?",
                    buttons=wijk_buttons(lambda w: f'/create_invite{{"invite_role": "{role_value}", "wijk": "{w}"}}')
                    + [
                        {
                            "title": "Alle wijken",
                            "payload": f'/create_invite{{"invite_role": "{role_value}", "wijk": "-"}}',
                        }
                    ],
                )
                return []
            code = create_invite(session, Role(role_value), wijk=None if wijk == "-" else wijk, created_by=person)
        dispatcher.utter_message(
            text="Dit is de code. Hij werkt één keer en 14 dagen lang. Geef hem alleen aan de juiste persoon."
        )
        dispatcher.utter_message(text=f"/code {code}")
        return []


class ActionDashboardLink(Action):
    """/dashboard → a sign-in link for the staff dashboard that works once, for 10 minutes."""

    def name(self) -> Text:
        return "action_dashboard_link"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            if not permitted(dispatcher, person, "open_dashboard"):
                return []
            token = web_access.new_link_token(session, person)
        minutes = int(web_access.LINK_VALIDITY.total_seconds() // 60)
        dispatcher.utter_message(
            text=f"Hier is je link naar het dashboard. Hij werkt één keer, {minutes} minuten lang. "
            "Deel hem met niemand. Open hem op je computer of telefoon."
        )
        dispatcher.utter_message(text=web_access.sign_in_url(get_settings().dashboard_url, token))
        return []
