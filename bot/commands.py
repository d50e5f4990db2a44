"""Chat commands (/start, /hulp ...) as Rasa intent payloads, for Telegram and the terminal alike.

The front end only translates; whether a role may use a command is decided in the action server. Which
commands a role sees in Telegram's menu follows the one table of what each role may do (buurtbot/roles.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from buurtbot.roles import may
from buurtbot.storage.models import Role


@dataclass(frozen=True)
class Command:
    name: str
    intent: str
    description: str  # shown in Telegram's command menu, in B1 Dutch

    @property
    def roles(self) -> Tuple[str, ...]:
        return tuple(role.value for role in Role if may(role, self.intent))


COMMANDS: List[Command] = [
    Command("start", "greet", "Begin en zie wat ik kan"),
    Command("help", "help", "Wat kan ik allemaal?"),
    Command("hulp", "ask_referral", "Wie kan mij helpen?"),
    Command("droom", "share_dream", "Deel een wens voor je buurt"),
    Command("mijnwensen", "my_wishes", "Je wensen en hoe het ermee staat"),
    Command("parel", "offer_pearl", "Bied aan wat je kunt doen voor de buurt"),
    Command("agenda", "list_meetups", "Activiteiten in de wijk"),
    Command("privacy", "ask_privacy", "Wat bewaren we van jou?"),
    Command("mijngegevens", "export_my_data", "Krijg al je gegevens"),
    Command("vergeet_mij", "forget_me", "Wis al je gegevens"),
    Command("stop", "stop", "Stop met wat je nu doet"),
    Command("code", "redeem_invite", "Gebruik een uitnodigingscode"),
    Command("strippen", "check_strips", "Je strippenkaart"),
    Command("offrecord", "report_off_record", "Iets melden, off the record"),
    Command("veto", "register_veto", "Een veto geven"),
    Command("wensen", "show_wishes", "Overzicht van de wensen"),
    Command("groepen", "show_wish_groups", "Wensen die bij elkaar horen"),
    Command("invite", "create_invite", "Maak een uitnodigingscode"),
    Command("dashboard", "open_dashboard", "Link naar het dashboard op internet"),
]
BY_NAME: Dict[str, Command] = {c.name: c for c in COMMANDS}


def to_payload(text: str) -> Optional[str]:
    """'/start ABC123' → '/greet{"invite_code": "ABC123"}'; None when the text is no known command.

    Arguments travel as entities, JSON-encoded so no user text can break the payload syntax.
    """
    if not text.startswith("/"):
        return None
    head, _, argument = text[1:].partition(" ")
    command = BY_NAME.get(head.split("@")[0].lower())  # "/start@BuurtBot" in groups
    if command is None:
        return None
    argument = argument.strip()
    if not argument:
        return f"/{command.intent}"
    # Only invite codes take an argument: "/start CODE" is Telegram's deep link, "/code CODE" typed.
    if command.name in ("start", "code"):
        return f"/redeem_invite{json.dumps({'invite_code': argument[:64]})}"
    return f"/{command.intent}"
