"""The one table of what each role may do (buurtbot/roles.py) decides the command menus, the main menu, the
fallback buttons and every gated action alike."""

from __future__ import annotations

import ast

import pytest
import yaml

from actions.fallback import OPTIONS, likely_options
from actions.strips import ActionCheckStrips
from actions.wish_work import ActionShowWishes
from bot.commands import COMMANDS
from buurtbot.config import PROJECT_ROOT
from buurtbot.roles import MAY, may
from buurtbot.storage.models import Role
from tests.actions_helpers import make_person, run, texts, tracker

INTENTS = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])


def test_every_gated_name_is_an_intent_or_a_named_capability() -> None:
    dashboard = {"use_dashboard", "read_referral_index", "edit_referral_index", "show_insight", "show_vetoes"}
    assert set(MAY) - INTENTS == {"cancel_any_meetup", "show_off_record"} | dashboard


@pytest.mark.parametrize("role", list(Role))
def test_the_command_menu_shows_exactly_what_the_role_may_do(role: Role) -> None:
    shown = {c.intent for c in COMMANDS if role.value in c.roles}
    assert shown == {c.intent for c in COMMANDS if may(role, c.intent)}


def test_the_beheerder_sees_wensen_and_the_droommakelaar_no_professional_commands() -> None:
    menu = {role: {c.name for c in COMMANDS if role.value in c.roles} for role in Role}
    assert "wensen" in menu[Role.beheerder] and "wensen" in menu[Role.droommakelaar]
    assert not {"strippen", "offrecord", "veto", "invite"} & menu[Role.droommakelaar]
    assert not {"strippen", "offrecord", "veto", "wensen", "invite"} & menu[Role.bewoner]


@pytest.mark.parametrize("role", [Role.bewoner, Role.droommakelaar, Role.beheerder])
def test_the_fallback_never_offers_a_professional_feature_to_another_role(role: Role) -> None:
    ranking = [
        {"name": name, "confidence": 0.3} for name in ("report_off_record", "check_strips", "use_strip", "share_dream")
    ]
    assert likely_options(ranking, role) == ["share_dream"]
    assert likely_options(ranking, Role.professional)[:2] == ["report_off_record", "check_strips"]


def test_every_fallback_option_is_an_intent() -> None:
    assert set(OPTIONS) <= INTENTS


def test_the_beheerder_may_use_wensen_and_the_droommakelaar_may_not_use_strips(app_db) -> None:
    make_person("role-beheerder", Role.beheerder)
    make_person("role-dm", Role.droommakelaar)
    assert "alleen voor" not in texts(run(ActionShowWishes(), tracker("role-beheerder"))[0])
    refusal = texts(run(ActionCheckStrips(), tracker("role-dm"))[0])
    assert "alleen voor professionals" in refusal and "strippen dit kwartaal" not in refusal


def test_no_action_gates_on_a_role_by_hand() -> None:
    """Gating goes through actions.common.permitted / buurtbot.roles.may, never a comparison with a Role."""
    offenders = []
    for path in sorted((PROJECT_ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.NotEq, ast.NotIn)) for op in node.ops):
                if "Role." in ast.unparse(node) and "role" in ast.unparse(node.left):
                    offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []
