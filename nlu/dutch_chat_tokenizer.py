"""DutchChatTokenizer: the WhitespaceTokenizer, plus normalisation of Dutch chat text per token.

People write "ff", "mss", "wrm", "heeeel", "één" and 👍. Each token's text becomes a normal Dutch word,
but keeps its position in the original message, so entity annotations stay valid and the user's
text itself is never changed.
"""
from __future__ import annotations

import unicodedata
from typing import Dict, List

import regex
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# Chat abbreviations and common English words, to the Dutch word they stand for.
ABBREVIATIONS: Dict[str, str] = {
    "ff": "even", "eff": "even", "mss": "misschien", "miss": "misschien", "idd": "inderdaad",
    "wrm": "waarom", "wss": "waarschijnlijk", "sws": "sowieso", "gwn": "gewoon", "dnk": "denk",
    "aub": "alstublieft", "ajb": "alsjeblieft", "pls": "alsjeblieft", "plz": "alsjeblieft",
    "please": "alsjeblieft", "thx": "bedankt", "thnx": "bedankt", "tnx": "bedankt", "thanks": "bedankt",
    "bedankd": "bedankt", "merci": "bedankt", "w8": "wacht", "nvm": "laat", "k": "ik", "'k": "ik",
    "m'n": "mijn", "mn": "mijn", "z'n": "zijn", "zn": "zijn", "d'r": "haar", "nie": "niet", "ni": "niet",
    "tog": "toch", "egt": "echt", "kzn": "kan", "ken": "kan", "oke": "ok", "oké": "ok", "okee": "ok",
    "okay": "ok", "okey": "ok", "yes": "ja", "yep": "ja", "jup": "ja", "jep": "ja", "no": "nee",
    "nope": "nee", "hello": "hallo", "hi": "hoi", "hey": "hoi", "bye": "doei", "morge": "morgen",
    "mrgn": "morgen", "vnv": "vanavond", "vnd": "vandaag", "zat": "zaterdag", "vrijd": "vrijdag",
    "tmrw": "morgen", "msg": "bericht", "appje": "bericht", "pc": "computer", "gem": "gemeente",
    # "kzou", "ikkan": "ik" fused to its verb, as the two words
    "kzou": "ik zou", "kheb": "ik heb", "kwil": "ik wil", "kben": "ik ben", "kga": "ik ga", "kweet": "ik weet",
    "kmoet": "ik moet", "kan'k": "kan ik", "ikkan": "ik kan", "ikwil": "ik wil", "ikben": "ik ben", "ikheb": "ik heb",
}  # fmt: skip

# Emoji that carry meaning in this bot's conversations, as a word.
EMOJI_WORDS: Dict[str, str] = {
    "👍": "ja", "👌": "ok", "✅": "ja", "👎": "nee", "❌": "nee", "🙏": "bedankt", "🙂": "blij",
    "😊": "blij", "😀": "blij", "😃": "blij", "❤️": "fijn", "❤": "fijn", "👋": "hoi", "😢": "verdrietig",
    "😭": "verdrietig", "😡": "boos", "🔥": "brand", "🚨": "alarm", "🔪": "mes", "🔫": "wapen",
    "🚑": "ambulance", "🚓": "politie", "💸": "geld", "💰": "geld", "🏠": "huis", "🌳": "groen",
    "🌻": "bloemen", "🎉": "feest", "☕": "koffie", "⚽": "voetbal", "❓": "vraag", "🆘": "help",
}  # fmt: skip

EMOJI_PATTERN = regex.compile("|".join(regex.escape(e) for e in sorted(EMOJI_WORDS, key=len, reverse=True)))
REPEATS = regex.compile(r"(\p{L})\1{2,}")  # three or more of the same letter


def normalise_word(word: str) -> str:
    """One chat word to its plain form: lower case, no accents, no stretched letters, no abbreviations."""
    word = word.lower()
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    word = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    word = REPEATS.sub(r"\1\1", word)
    return ABBREVIATIONS.get(word, word)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DutchChatTokenizer(WhitespaceTokenizer):
    """Whitespace tokens with normalised text; meaningful emoji become word tokens."""

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute)
        emoji_tokens = [Token(EMOJI_WORDS[m.group()], m.start(), m.end()) for m in EMOJI_PATTERN.finditer(text)]
        word_tokens = [
            Token(normalise_word(t.text), t.start, t.end, t.data)
            for t in super().tokenize(message, attribute)
            if not any(e.start < t.end and t.start < e.end for e in emoji_tokens)  # the emoji already has one
        ]
        return sorted(emoji_tokens + word_tokens, key=lambda t: t.start)
