"""LanguageGuard: a message in English, Turkish, Arabic or Polish gets a short answer in that language.

The bot speaks Dutch. Instead of reading a foreign message as if it were Dutch ("hello" as "hoi"), this
component finds the language with lingua (its models ship inside the wheel; nothing is downloaded) and sets
the intent `other_language` with a `language` entity (en, tr, ar, pl). An emergency in one of these languages
becomes the intent `emergency`, with the same entity: 112 first, then the text in that language.
It runs before EmergencyGuard, which still catches English danger and despair phrases.
Short messages (fewer than three words) stay Dutch: "ok", "hi", "sorry" are everyday Dutch chat too.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional

import regex
from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.rule_component import RuleComponent

CODES = {Language.ENGLISH: "en", Language.TURKISH: "tr", Language.ARABIC: "ar", Language.POLISH: "pl"}
INTENT_NAME = "other_language"
MIN_WORDS = 3
# Tuned on the training data: no Dutch example reaches 0.8 ("is dit end-to-end encrypted" is 0.74 English).
MIN_CONFIDENCE = 0.8
ARABIC_SCRIPT = regex.compile(r"\p{Arabic}")
WORDS = regex.compile(r"\p{L}+")
# Danger words per language (lower case). Not "help me": people ask for help with their rent too.
EMERGENCY_WORDS: Dict[str, tuple] = {
    "en": (
        "fire",
        "emergency",
        "ambulance",
        "police",
        "not breathing",
        "unconscious",
        "knife",
        "gun",
        "hitting me",
        "hurting me",
        "attacking",
        "bleeding",
        "kill me",
        "break in",
        "breaking in",
    ),
    "tr": (
        "yangın",
        "yangin",
        "imdat",
        "acil",
        "ambulans",
        "bıçak",
        "silah",
        "nefes almıyor",
        "bayıldı",
        "öldürecek",
        "dövüyor",
        "vuruyor",
        "kan kaybediyor",
    ),
    "ar": (
        "حريق",
        "نار",
        "النجدة",
        "إسعاف",
        "اسعاف",
        "شرطة",
        "سكين",
        "مسدس",
        "لا يتنفس",
        "يضربني",
        "يقتلني",
        "طوارئ",
        "ينزف",
    ),
    "pl": (
        "pożar",
        "pali się",
        "ratunku",
        "karetka",
        "karetkę",
        "policja",
        "policję",
        "nóż",
        "broń",
        "nie oddycha",
        "bije mnie",
        "zabije",
        "krwawi",
        "wypadek",
    ),
}


# A gas smell in these languages: the outage number 0800-9009 too (actions/digressions.py).
GAS_WORDS = ("gas", "gaz", "غاز")


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    languages = [Language.DUTCH, *CODES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def language_of(text: str) -> Optional[str]:
    """The code of the message's language when it is one of CODES and the detector is sure; else None (Dutch)."""
    if text.startswith("/"):
        return None  # a button payload or command
    if ARABIC_SCRIPT.search(text):
        return "ar"
    if len(WORDS.findall(text)) < MIN_WORDS:
        return None
    best = detector().compute_language_confidence_values(text)[0]
    return CODES.get(best.language) if best.value >= MIN_CONFIDENCE else None


def is_emergency_in(code: str, text: str) -> bool:
    lowered = " " + text.lower() + " "
    return any(word in lowered for word in EMERGENCY_WORDS[code])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(RuleComponent):
    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "LanguageGuard":
        detector()  # load the language models at start-up, not on the first user's message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            code = language_of(text)
            if code is None:
                continue
            intent = "emergency" if is_emergency_in(code, text) else INTENT_NAME
            ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != intent]
            message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}] + ranking, add_to_output=True)
            language = {
                "entity": "language",
                "value": code,
                "start": 0,
                "end": len(text),
                "extractor": self.__class__.__name__,
            }
            entities = [e for e in message.get(ENTITIES, []) if e["entity"] not in ("language", "topic")] + [language]
            if any(word in WORDS.findall(text.lower()) for word in GAS_WORDS):
                entities.append({**language, "entity": "topic", "value": "gaslucht"})
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
