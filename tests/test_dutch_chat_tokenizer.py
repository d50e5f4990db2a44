"""The Dutch chat tokenizer: normalised token texts, original offsets."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from buurtbot.text import normalise_word
from nlu.dutch_chat_tokenizer import DutchChatTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> DutchChatTokenizer:
    return DutchChatTokenizer(DutchChatTokenizer.get_default_config())


def tokens(tokenizer: DutchChatTokenizer, text: str):
    return tokenizer.tokenize(Message(data={"text": text}), "text")


@pytest.mark.parametrize(
    "word, expected",
    [
        ("ff", "even"),
        ("MSS", "misschien"),
        ("idd", "inderdaad"),
        ("wrm", "waarom"),
        ("thx", "bedankt"),
        ("één", "een"),
        ("geëmigreerd", "geemigreerd"),
        ("heeeeel", "heel"),
        ("hoiiii", "hoii"),
        ("Overlast", "overlast"),
        ("zuidwijk", "zuidwijk"),
        ("oké", "ok"),
    ],
)
def test_normalise_word(word: str, expected: str) -> None:
    assert normalise_word(word) == expected


def test_tokens_keep_their_place_in_the_original_text(tokenizer) -> None:
    text = "kun je ff kijken, mss bij Zuidwijk??"
    result = tokens(tokenizer, text)
    assert [t.text for t in result] == ["kun", "je", "even", "kijken", "misschien", "bij", "zuidwijk"]
    assert [text[t.start : t.end] for t in result] == ["kun", "je", "ff", "kijken", "mss", "bij", "Zuidwijk"]
    assert all(t.lemma == t.text for t in result)


def test_meaningful_emoji_become_words(tokenizer) -> None:
    assert [t.text for t in tokens(tokenizer, "👍")] == ["ja"]
    result = tokens(tokenizer, "er is 🔥 in de flat!!")
    assert [t.text for t in result] == ["er", "is", "brand", "in", "de", "flat"]
    assert "er is 🔥 in de flat!!"[result[2].start : result[2].end] == "🔥"


def test_text_without_words_still_gives_a_token(tokenizer) -> None:
    assert len(tokens(tokenizer, "...")) == 1
    assert len(tokens(tokenizer, "🦄")) == 1
