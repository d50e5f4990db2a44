"""The one table of what each role may do. The command menus (bot/commands.py), the main menu and the
fallback buttons (actions/) and the guard of every gated action (actions/common.py `permitted`) read it.

Keys are intents, plus "cancel_any_meetup" (organisers cancel their own meetups; this role any). Everything
not named here is open to everyone.
"""

from __future__ import annotations

from typing import Dict, FrozenSet

from buurtbot.storage.models import Role

EVERYONE: FrozenSet[Role] = frozenset(Role)
PROFESSIONAL = frozenset({Role.professional})
BEHEERDER = frozenset({Role.beheerder})
DROOMMAKELAAR = frozenset({Role.droommakelaar})
WISH_READERS = frozenset({Role.droommakelaar, Role.beheerder})
STAFF = frozenset({Role.professional, Role.droommakelaar, Role.beheerder})

MAY: Dict[str, FrozenSet[Role]] = {
    "check_strips": PROFESSIONAL,
    "use_strip": PROFESSIONAL,
    "report_off_record": PROFESSIONAL,
    "register_veto": PROFESSIONAL,
    "show_wishes": WISH_READERS,
    "open_wish": WISH_READERS,
    "set_wish_status": DROOMMAKELAAR,  # and only for wishes of their wijk (buurtbot/dreams/status.py)
    "show_wish_groups": WISH_READERS,
    "show_group_pearls": WISH_READERS,
    "plan_group_meetup": DROOMMAKELAAR,
    "ask_pearl": DROOMMAKELAAR,  # asks a tenant who offered a pearl to help (buurtbot/dreams/asks.py)
    "ask_expert": DROOMMAKELAAR,  # asks a tenant whether an ervaringsdeskundige may get in touch
    "create_invite": BEHEERDER,
    "approve_meetup": BEHEERDER,
    "set_veto_status": BEHEERDER,
    "cancel_any_meetup": BEHEERDER,  # organisers cancel their own meetups
    # The staff dashboard (dashboard/): the same table decides every page and every form there.
    "open_dashboard": STAFF,
    "use_dashboard": STAFF,
    "read_referral_index": STAFF,
    "edit_referral_index": BEHEERDER,
    "show_insight": BEHEERDER,
    "show_vetoes": BEHEERDER,
    "show_off_record": BEHEERDER,
}

# Said when someone without the role asks; keyed by who may, so the text names the right people.
REFUSAL: Dict[FrozenSet[Role], str] = {
    PROFESSIONAL: "Dit is alleen voor professionals in de wijk. Heb je een uitnodigingscode? Typ dan: /code en je code.",
    BEHEERDER: "Dit kan alleen de beheerder van Buurtbot doen.",
    WISH_READERS: "Dit is alleen voor de droommakelaar en de beheerder.",
    DROOMMAKELAAR: "Dit kan alleen de droommakelaar van de wijk doen.",
    STAFF: "Dit is alleen voor medewerkers in de wijk. Heb je een uitnodigingscode? Typ dan: /code en je code.",
}


def may(role: Role, what: str) -> bool:
    return role in MAY.get(what, EVERYONE)


def roles_that_may(what: str) -> FrozenSet[Role]:
    return MAY.get(what, EVERYONE)


def refusal(what: str) -> str:
    return REFUSAL[roles_that_may(what)]
