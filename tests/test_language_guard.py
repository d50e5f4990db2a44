"""Other languages: English, Turkish, Arabic and Polish are recognised (lingua, models inside the wheel)."""

import pytest

from nlu.language_guard import is_emergency_in, language_of


@pytest.mark.parametrize(
    "text, code",
    [
        ("Hello, I need help with my rent", "en"),
        ("can someone please help me with a letter", "en"),
        ("Merhaba, kira ödeyemiyorum ne yapmalıyım", "tr"),
        ("مرحبا، أحتاج مساعدة", "ar"),
        ("Dzień dobry, potrzebuję pomocy z czynszem", "pl"),
    ],
)
def test_a_message_in_another_language_is_recognised(text: str, code: str) -> None:
    assert language_of(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "hallo ik heb een vraag over mijn huur",
        "is dit end-to-end encrypted",
        "ok",
        "sorry",
        "hi",
        "thanks!",
        "/greet",
        "ik wil een strip inzetten voor de tolk",
    ],
)
def test_dutch_and_short_messages_stay_dutch(text: str) -> None:
    assert language_of(text) is None


def test_danger_words_in_each_language() -> None:
    assert is_emergency_in("tr", "Yangın var, yardım edin!")
    assert is_emergency_in("pl", "Pożar w budynku, ratunku")
    assert is_emergency_in("ar", "يوجد حريق في المبنى")
    assert is_emergency_in("en", "there is a fire in my building")
    assert not is_emergency_in("en", "Hello, I need help with my rent")
