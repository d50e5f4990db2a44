"""EmergencyGuard: a safety net so that acute danger is never mistaken for something else.

A missed emergency costs far more than a needless "bel 112", so after the intent classifier this
component checks the (normalised) tokens against phrases of acute danger. On a match the intent
becomes `emergency`, whatever the classifier thought. Past or general situations ("mijn buurman
sloeg vroeger zijn vrouw, wie kan ik bellen?") are left to the classifier: violence counts only
together with a sign that it is happening now.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import regex
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

# Danger in itself, now or not: fire, gas, someone unconscious, weapons used, suicide intent.
ALWAYS = [
    r"\b(brand|vlammen|fikkie|in de fik|staat in brand|rook (uit|in|komt)|veel rook|ruik rook)\b",
    r"\b(ruik gas|gaslucht|gaslek)\b",
    r"\b(bewusteloos|buiten bewustzijn|ademt niet|geen adem|reageert niet meer|niet meer wakker)\b",
    r"\b(reanimeren|reanimatie|hartaanval|bloedt heel erg|veel bloed)\b",
    r"\b(neergestoken|gestoken|steekpartij|met een mes|geschoten|beschoten|schietpartij|schoten gehoord)\b",
    r"\b(mes|pistool|vuurwapen|wapen|machete|bijl) (tevoorschijn|getrokken|op mij|op ons|gericht)\b",
    r"\b(zelfmoord|suicide|mezelf van kant|mezelf iets aan|zichzelf iets aan|zichzelf van kant|niet meer leven|wil dood)\b",
    r"\b(wil|ga|gaat|dreigt te) springen\b|\bsta op (het dak|de brug|de rand)\b",
    r"\b(overval|overvallen|gijzeling|ontvoerd|beroven|beroofd|aan het beroven)\b",
    r"\b(geweer|vuurwapen|pistool|honkbalknuppel|machete)\b.*\b(gepakt|pakt|zwaait|dreigt|slaat|schieten|schiet)\b",
    r"\b(gaat|ga|dreigt te) schieten\b",
    r"\ber (een )?(einde|eind) aan (maakt|maken|te maken|wil maken)\b|\b(einde|eind) aan (mijn|haar|zijn) leven\b|\b(maakt|maak|maken) er (een )?(einde|eind) aan\b|\bafscheidsbrief\b",
]
# Violence or intrusion that counts only when it is happening now.
VIOLENCE = r"\b(slaat|slaan|schopt|schoppen|vecht|vechten|mishandelt|wurgt|aangevallen|bedreigt|inbreker|inbrekers|breken in|inbraak|naar binnen)\b"
NOW = r"\b(nu|nou|op dit moment|meteen|snel|help|gilt|schreeuwt|bloed|bloedt)\b|!!"

ALWAYS_PATTERN = regex.compile("|".join(ALWAYS))
VIOLENCE_PATTERN, NOW_PATTERN = regex.compile(VIOLENCE), regex.compile(NOW)


def is_acute_danger(normalised_text: str) -> bool:
    if ALWAYS_PATTERN.search(normalised_text):
        return True
    return bool(VIOLENCE_PATTERN.search(normalised_text) and NOW_PATTERN.search(normalised_text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(GraphComponent):
    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "EmergencyGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(INTENT, {}).get("name") == "emergency":
                continue
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            # Tokens carry the normalised words; "!!" is not a token, so look at the raw text for it.
            normalised = " ".join(t.text for t in tokens) + (" !!" if "!!" in (message.get(TEXT) or "") else "")
            if is_acute_danger(normalised):
                ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != "emergency"]
                message.set(INTENT, {"name": "emergency", "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": "emergency", "confidence": 1.0}] + ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data):  # type: ignore[no-untyped-def]
        return training_data
