"""The safety net for acute danger: catches what the classifier may miss, leaves the rest alone."""
import pytest

from nlu.dutch_chat_tokenizer import normalise_word
from nlu.emergency_guard import is_acute_danger


def danger(text: str) -> bool:
    return is_acute_danger(" ".join(normalise_word(w) for w in text.split()))


@pytest.mark.parametrize(
    "text",
    [
        "er is brand in de flat", "ik ruik gas in het trappenhuis", "mijn buurman ademt niet meer",
        "hij heeft een pistool gepakt en dreigt", "ze maakt er een einde aan", "ik wil niet meer leven",
        "hij slaat haar nu, ze gilt", "er zijn inbrekers bij de buren help", "ze zijn een vrouw aan het beroven",
        "iemand is neergestoken bij de lift", "hij dreigt te springen van het balkon",
    ],
)  # fmt: skip
def test_acute_danger_is_caught(text: str) -> None:
    assert danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik rook te veel wiet, wie kan helpen", "het schiet niet op met de reparatie", "de kinderen springen op de trampoline",
        "mijn buurman slaat soms zijn kinderen, wie kan ik bellen", "ik wil een eind maken aan de overlast",
        "iemand steekt de straat over", "we maken er een leuke dag van", "mijn buurman heeft een geweer in huis, wie bel ik",
    ],
)  # fmt: skip
def test_other_messages_are_left_to_the_classifier(text: str) -> None:
    assert not danger(text)
