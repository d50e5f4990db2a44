"""The one normaliser of Dutch chat text. The NLU tokenizer, the topic stems and the dream analysis all
read text through it, so "ff", "mss", "heeeel", "één" and "kzou" mean the same everywhere.

It has no Rasa in it: the action server and the front end use it without loading the NLU engine.
"""

from __future__ import annotations

import unicodedata
from typing import Dict

import regex

# Chat spellings and common English words, to the Dutch word(s) they stand for. Extend it with spellings seen
# in real messages. Left out on purpose: "zat" (far more often "ik zat" than zaterdag) and "ken" ("ik ken hem").
ABBREVIATIONS: Dict[str, str] = {
    "ff": "even",
    "eff": "even",
    "mss": "misschien",
    "miss": "misschien",
    "idd": "inderdaad",
    "wrm": "waarom",
    "wss": "waarschijnlijk",
    "sws": "sowieso",
    "gwn": "gewoon",
    "dnk": "denk",
    "aub": "alstublieft",
    "ajb": "alsjeblieft",
    "pls": "alsjeblieft",
    "plz": "alsjeblieft",
    "please": "alsjeblieft",
    "thx": "bedankt",
    "thnx": "bedankt",
    "tnx": "bedankt",
    "thanks": "bedankt",
    "bedankd": "bedankt",
    "merci": "bedankt",
    "w8": "wacht",
    "nvm": "laat",
    "k": "ik",
    "'k": "ik",
    "ikke": "ik",
    "m'n": "mijn",
    "mn": "mijn",
    "mijne": "mijn",
    "z'n": "zijn",
    "zn": "zijn",
    "d'r": "haar",
    "'t": "het",
    "t": "het",
    "em": "hem",
    "da": "dat",
    "nie": "niet",
    "ni": "niet",
    "nx": "niks",
    "nix": "niks",
    "tog": "toch",
    "egt": "echt",
    "ech": "echt",
    "kzn": "kan",
    "oke": "ok",
    "oké": "ok",
    "okee": "ok",
    "okay": "ok",
    "okey": "ok",
    "yes": "ja",
    "yep": "ja",
    "jup": "ja",
    "jep": "ja",
    "no": "nee",
    "nope": "nee",
    "hello": "hallo",
    "hi": "hoi",
    "hey": "hoi",
    "bye": "doei",
    "morge": "morgen",
    "mrgn": "morgen",
    "vnv": "vanavond",
    "vnd": "vandaag",
    "vrijd": "vrijdag",
    "tmrw": "morgen",
    "msg": "bericht",
    "appje": "bericht",
    "pc": "computer",
    "gem": "gemeente",
    "vd": "van de",
    "vh": "van het",
    "ipv": "in plaats van",
    "teveel": "te veel",
    "zoo": "zo",
    "kids": "kinderen",
    "kidz": "kinderen",
    "burnout": "burn out",
    "bejaarden": "ouderen",
    "wrd": "wordt",
    "word": "wordt",
    "zo'n": "zo n",
    "alleenig": "alleen",
    "allenig": "alleen",
    "bbq": "barbecue",
    "lantaren": "lantaarn",
    "lantarenpaal": "lantaarnpaal",
    "lantarenpalen": "lantaarnpalen",
    # "ik" fused to its verb, as the two words
    "kzou": "ik zou",
    "kheb": "ik heb",
    "kwil": "ik wil",
    "kben": "ik ben",
    "kga": "ik ga",
    "kweet": "ik weet",
    "kmoet": "ik moet",
    "kzie": "ik zie",
    "kvoel": "ik voel",
    "kzit": "ik zit",
    "kkan": "ik kan",
    "kwou": "ik wou",
    "kan'k": "kan ik",
    "kan't": "kan het",
    "ikkan": "ik kan",
    "ikwil": "ik wil",
    "ikben": "ik ben",
    "ikheb": "ik heb",
}

# Emoji that carry meaning in this bot's conversations, as a word.
EMOJI_WORDS: Dict[str, str] = {
    "👍": "ja",
    "👌": "ok",
    "✅": "ja",
    "👎": "nee",
    "❌": "nee",
    "🙏": "bedankt",
    "🙂": "blij",
    "😊": "blij",
    "😀": "blij",
    "😃": "blij",
    "❤️": "fijn",
    "❤": "fijn",
    "👋": "hoi",
    "😢": "verdrietig",
    "😭": "verdrietig",
    "😡": "boos",
    "🔥": "brand",
    "🚨": "alarm",
    "🔪": "mes",
    "🔫": "wapen",
    "🚑": "ambulance",
    "🚓": "politie",
    "💸": "geld",
    "💰": "geld",
    "🏠": "huis",
    "🌳": "groen",
    "🌻": "bloemen",
    "🎉": "feest",
    "☕": "koffie",
    "⚽": "voetbal",
    "❓": "vraag",
    "🆘": "help",
}

EMOJI_PATTERN = regex.compile("|".join(regex.escape(e) for e in sorted(EMOJI_WORDS, key=len, reverse=True)))
_REPEATS = regex.compile(r"(\p{L})\1{2,}")  # three or more of the same letter
# A word (with an inner apostrophe, "kan't"), a number with its unit ("14u"), or a punctuation mark of its own.
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:'[\p{L}]+)?|\p{N}+\p{L}*|[.,;:!?\n]")


def normalise_word(word: str) -> str:
    """One chat word to its plain form: lower case, no accents, no stretched letters, no abbreviations."""
    word = word.lower().replace("\u2019", "'").replace("\u2018", "'")
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    word = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    word = _REPEATS.sub(r"\1\1", word)
    return ABBREVIATIONS.get(word, word)


def normalise(text: str) -> str:
    """A whole message as plain words separated by single spaces; punctuation marks are words of their own."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = regex.sub(r"(?<!\w)'s\b", "s", text)  # 's avonds
    return " ".join(normalise_word(token).replace("'", "") for token in _TOKEN.findall(text))
