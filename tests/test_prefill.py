"""Take what is said: the values a form needs, read from the sentence that started it."""

import pytest

from actions.prefill import (
    age_in_sentence,
    channel_in,
    declines,
    dossier_in,
    is_question,
    meetup_values,
    place_in,
    short_title,
    veto_decision_in,
    wish_in,
)


def test_a_meetup_sentence_gives_title_day_and_place() -> None:
    found = meetup_values("Plan een kookmiddag op donderdag om 14:00 in het buurthuis")
    assert found["meetup_title"] == "Kookmiddag"
    assert found["meetup_place"] == "buurthuis"
    assert "donderdag om 14:00" in found["meetup_when"]
    assert meetup_values("Plan een dromenavond in buurthuis De Ring voor max 20 mensen") == {
        "meetup_title": "Dromenavond",
        "meetup_place": "buurthuis De Ring",
        "meetup_capacity": "20",
    }


@pytest.mark.parametrize("text", ["ik wil een activiteit organiseren", "ik wil iets organiseren", "/plan_meetup"])
def test_a_bare_request_gives_nothing_to_fill(text: str) -> None:
    assert meetup_values(text) == {}


def test_a_title_answer_keeps_only_the_name() -> None:
    assert short_title("kookmiddag op vrijdag om 15:00") == "kookmiddag"
    assert short_title("Samen eten in een goede sfeer") == "Samen eten in een goede sfeer"  # no day or place in it


@pytest.mark.parametrize(
    "text, wish",
    [
        ("Ik zou graag een jeu-de-boulesbaan op het plein willen", True),
        ("ik wil een wens delen", False),
        ("ik wil graag mijn wens doorgeven", False),
        ("een moestuin voor de hele buurt", True),
    ],
)
def test_the_wish_is_taken_from_the_opening_message(text: str, wish: bool) -> None:
    assert (wish_in(text) == text) is wish


def test_places_in_the_words_people_use() -> None:
    assert place_in("gewoon op straat, op het pleintje voor de flat") == "straat"  # the place said first
    assert place_in("in de wijk, bij het veldje achter de school") == "wijk"
    assert place_in("mijn woning") == "woning"
    assert place_in("een jeu-de-boulesbaan op het plein", strict=True) == "straat"
    assert place_in("een moestuin waar de hele buurt groente kweekt", strict=True) is None


def test_age_veto_dossier_and_channel() -> None:
    assert age_in_sentence("ik ben 17 en wil meedoen") == "17"
    assert age_in_sentence("ik wil meedoen met bouwen aan je toekomst") is None
    assert (
        veto_decision_in("Ik wil een veto leggen op de ontruiming van het gezin op nummer 23.")
        == "de ontruiming van het gezin op nummer 23"
    )
    assert dossier_in("dossiernummer BW-2025-0418") == "BW-2025-0418"
    assert channel_in("Bellen heeft mijn voorkeur.") == "telefoon" and channel_in("telegram is goed") == "telegram"
    assert channel_in("ja hoor") is None


def test_questions_and_declines() -> None:
    assert is_question("ff tussendoor, weet jij wie mn lekkende kraan kan maken")
    assert is_question("waar kan ik terecht?")
    assert not is_question("Hij vroeg 200 euro contant, anders zou de lekkage pas later gemaakt worden.")
    assert declines("zeg ik liever niet") and declines("weet ik niet meer") and not declines("gisteren")
