"""/privacy (what we store and why), /mijngegevens (a JSON copy), /vergeet_mij (delete everything, after a yes)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, person_session
from buurtbot.config import get_settings
from buurtbot.privacy import export, forget, privacy_text
from buurtbot.storage import compact_sqlite, get_engine
from buurtbot.storage.conversations import FORGOTTEN_SLOT


class ActionPrivacyInfo(Action):
    def name(self) -> Text:
        return "action_privacy_info"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            text=privacy_text(get_settings().retention),
            buttons=[
                {"title": "Mijn gegevens", "payload": "/export_my_data"},
                {"title": "Alles wissen", "payload": "/forget_me"},
            ],
        )
        return []


class ActionExportMyData(Action):
    def name(self) -> Text:
        return "action_export_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        with person_session(tracker) as (session, person):
            content = export(session, person)
        dispatcher.utter_message(
            text="Hier is alles wat we over je bewaren, in een bestand. Meldingen off the record staan er niet in: die zijn niet aan jou gekoppeld.",
            json_message={
                "document": {"filename": "mijn-gegevens.json", "content": content, "mime": "application/json"}
            },
        )
        return []


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        if entity(tracker, "confirm") != "ja":
            dispatcher.utter_message(
                text="Weet je het zeker? Dan wis ik alles over jou: je profiel, je wensen, je aanmeldingen en onze gesprekken. Dat kan niet terug.",
                buttons=[
                    {"title": "Ja, wis alles", "payload": '/forget_me{"confirm": "ja"}'},
                    {"title": "Nee, toch niet", "payload": "/deny"},
                ],
            )
            return []
        with person_session(tracker) as (session, person):
            forget(session, person)
        compact_sqlite(get_engine(get_settings().database_url))  # no old copy left in SQLite's log
        dispatcher.utter_message(text="Klaar. Alles over jou is gewist. Je kunt altijd opnieuw beginnen met /start.")
        return [SlotSet(FORGOTTEN_SLOT, True)]
