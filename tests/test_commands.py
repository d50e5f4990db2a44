"""Chat commands become Rasa intent payloads; arguments travel JSON-encoded."""

import json

import pytest

from bot.commands import COMMANDS, to_payload
from bot.rendering import Button
from bot.terminal import resolve_input


@pytest.mark.parametrize(
    "text, payload",
    [
        ("/start", "/greet"),
        ("/hulp", "/ask_referral"),
        ("/droom", "/share_dream"),
        ("/agenda", "/list_meetups"),
        ("/vergeet_mij", "/forget_me"),
        ("/strippen", "/check_strips"),
        ("/start@BuurtBot", "/greet"),
        ("/HELP", "/help"),
        ("/wensen extra words", "/show_wishes"),
    ],
)
def test_commands_map_to_intents(text: str, payload: str) -> None:
    assert to_payload(text) == payload


def test_an_invite_code_travels_as_a_json_entity_that_cannot_break_the_payload() -> None:
    payload = to_payload('/start AB"}{"role": "beheerder')
    intent, _, entities = payload.partition("{")
    assert intent == "/redeem_invite"
    assert json.loads("{" + entities) == {"invite_code": 'AB"}{"role": "beheerder'}


def test_plain_text_and_unknown_commands_are_not_translated() -> None:
    assert to_payload("hoi") is None
    assert to_payload("/onbekend") is None


def test_every_command_has_a_short_dutch_description() -> None:
    assert all(0 < len(c.description) <= 40 for c in COMMANDS)
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)


def test_terminal_numbers_press_buttons_and_commands_translate() -> None:
    buttons = [Button("Ja", "/affirm"), Button("Nee", "/deny")]
    assert resolve_input("2", buttons) == "/deny"
    assert resolve_input("3", buttons) == "3"
    assert resolve_input("/start", []) == "/greet"
