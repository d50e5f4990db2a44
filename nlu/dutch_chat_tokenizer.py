"""DutchChatTokenizer: the WhitespaceTokenizer, plus normalisation of Dutch chat text per token.

People write "ff", "mss", "wrm", "heeeel", "één" and 👍. Each token's text becomes a normal Dutch word
(buurtbot/text.py, the project's one normaliser), but keeps its position in the original message, so entity annotations stay valid and the user's
text itself is never changed.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from buurtbot.text import EMOJI_PATTERN, EMOJI_WORDS, normalise_word


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
