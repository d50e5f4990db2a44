"""IntentRules: six corrections of the intent classifier that the words of a message make safe.

- `inform` is a short answer to a form's question ("zuidwijk", "zaterdag om 10 uur"). A long message is
  never just that: it gets the classifier's next reading ("plan een kookmiddag op donderdag om 14:00 in het
  buurthuis" is plan_meetup).
- A message that names a need in a topic's own words is a question for help, also when the classifier read
  small talk into it ("sinds mijn vrouw overleed ben ik erg eenzaam" is no goodbye) or was unsure of it
  ("ik heb schulden"), or of any reading but danger and despair, or read a meetup sign-up into it ("ik kom niet
  meer rond"). A wish read first in a message that named a need before it goes after the need.
- Sadness about a need ("ik heb zoveel schulden, de deurwaarder is al 2x geweest") that the classifier
  calls despair, but that has none of the despair phrases (nlu/emergency_guard.py), gets the help for the
  need with the 113 line first (`despair_hint`), instead of only the 113 answer.
- Danger that is asked about, or said to be away, past or habitual ("wie kan ik bellen bij huiselijk
  geweld?", "mijn man slaat me soms; nu is hij naar zijn werk"), which the classifier calls an emergency,
  gets the danger answer of its topic: "bel 112 bij direct gevaar" first, then Veilig Thuis. Without such
  a sign, and for acute danger (EmergencyGuard's phrases), the emergency stays.
- An unsure emergency reading (below 0.8, or a question) of a message that names an everyday need in its own
  words (repairs, letters, debts, ...), or of something said to be past, with no sign of acute danger or of "now" ("overal schimmel in mijn flat en
  mijn kind hoest") is made too unsure to act on: the bot asks, "Ja, er is nu gevaar" first, the need next.
- A despair reading of 0.2 or more behind another one adds the 113 line to the help asked for, and replaces
  small talk, "stop" or a meetup reading ("ik val steeds verder weg en geen mens die me vasthoudt").
Runs after TopicClassifier and before FallbackClassifier and EmergencyGuard, which overrule it.
"""

from __future__ import annotations

import re
from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from buurtbot.referral.topics import DANGER_TOPICS, first_stem_at
from nlu.emergency_guard import (
    FICTION_PATTERN,
    NOW_PATTERN,
    PAST_PATTERN,
    SAFE_NOW_PATTERN,
    is_acute_danger,
    is_despair,
    words_of,
)
from nlu.rule_component import RuleComponent

SHORT_ANSWER_WORDS = 6
# An emergency reading below this, of a message that names one of these needs in its own words, is asked about.
UNSURE_EMERGENCY = 0.8
DEMOTED = 0.3
# A despair reading this likely, behind another one, is not left unanswered: the 113 line comes with the help,
# or, in a message of four words or more, in place of small talk, "stop" or a meetup reading
# ("ik val steeds verder weg en geen mens die me vasthoudt"; make eval-despair measures it).
DESPAIR_HINT_SCORE = 0.1
QUIET = frozenset(
    {"stop", "nlu_fallback", "rsvp_meetup", "cancel_rsvp", "list_meetups", "forget_me", "ask_privacy", "help"}
)
# Readings that carry no need: a message that names one in a topic's words is a question for help instead.
NEED_BLIND = frozenset({"rsvp_meetup", "cancel_rsvp", "list_meetups", "check_strips"})
WISH_CUES = re.compile(r"\b(wens|droom|dromen|idee|zou (het )?(graag|mooi|leuk|fijn)|zou willen|graag (een|dat))\b")
# Below this, another reading of a message that names a need in its own words gives way to the need.
UNSURE_OTHER = 0.5
CALM_TOPICS = frozenset(
    {"reparatie", "papierwerk", "schulden", "juridisch", "overlast", "woningvervuiling", "eenzaamheid"}
)
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "bot_challenge", "inform"})
DESPAIR_HINT = "despair_hint"
ASKS_WHO = re.compile(r"\?|\b(wie|waar|welke|hoe kan|hoe moet|kan ik|moet ik|bij wie|naar wie)\b")
NOT_NOW = re.compile(
    r"\b(soms|vaak|regelmatig|steeds|al een tijd|elke (dag|week|avond|nacht)|als hij (gedronken|boos)|als ze (gedronken|boos))\b"
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentRules(RuleComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT, {}).get("name")
            words = [t.text for t in message.get(TOKENS_NAMES[TEXT]) or []]
            topic = next((e["value"] for e in message.get(ENTITIES, []) if e["entity"] == "topic"), None)
            named_need = bool(message.get("topic_hits"))
            if intent == "inform" and len(words) > SHORT_ANSWER_WORDS:
                ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != "inform"]
                if ranking:  # the next reading, with its confidence given that the message is no short answer
                    rest = sum(r["confidence"] for r in ranking) or 1.0
                    intent = (
                        "ask_referral" if named_need else ranking[0]["name"]
                    )  # "overal schimmel en mijn kind hoest"
                    set_intent(message, intent, 1.0 if named_need else ranking[0]["confidence"] / rest)
            confidence = message.get(INTENT, {}).get("confidence", 0.0)
            unsure = confidence < UNSURE_OTHER and intent not in ("emergency", "despair")
            if named_need and (intent in SMALL_TALK or intent in NEED_BLIND or intent == "ask_referral" or unsure):
                set_intent(message, "ask_referral", 1.0)  # "ik heb schulden", "ik kom niet meer rond": sure enough
            elif intent == "share_dream" and named_need and need_said_before_wish(message, topic):
                set_intent(message, "ask_referral", 1.0)  # "de verwarming is stuk en ik heb een idee": repair first
            elif intent == "despair" and topic and not is_despair(words_of(message)):
                set_intent(message, "ask_referral", 1.0)
                message.set(DESPAIR_HINT, True, add_to_output=True)
            elif intent == "emergency" and topic in DANGER_TOPICS and not_acute_now(words_of(message)):
                set_intent(message, "ask_referral", 1.0)  # the danger answer: "bel 112" first, then Veilig Thuis
            elif intent == "emergency" and (calm_need_read_as_danger(message, topic) or unsure_past_danger(message)):
                demote(message)
            elif intent not in ("despair", "emergency") and despair_score(message) >= DESPAIR_HINT_SCORE:
                if intent == "ask_referral" or named_need:  # the help asked for, with the 113 line first
                    message.set(DESPAIR_HINT, True, add_to_output=True)
                elif (intent in SMALL_TALK or intent in QUIET) and len(words) >= 4:  # a plain "stop" still stops
                    set_intent(message, "despair", 1.0)
        return messages


def calm_need_read_as_danger(message: Message, topic: Optional[str]) -> bool:
    """An unsure emergency reading of a message that names an everyday need in its own words, and has no
    sign of acute danger ("overal schimmel en mijn kind hoest"). Such a reading is a guess: the bot asks."""
    confidence = message.get(INTENT, {}).get("confidence", 0.0)
    asked = "?" in (
        message.get(TEXT) or ""
    )  # "overal schimmel, is dit niet levensgevaarlijk??" asks, it does not alarm
    return (
        (confidence < UNSURE_EMERGENCY or asked)
        and bool(message.get("topic_hits"))
        and topic in CALM_TOPICS
        and not is_acute_danger(words_of(message))
        and not NOW_PATTERN.search(words_of(message))
    )


def need_said_before_wish(message: Message, topic: Optional[str]) -> bool:
    text = words_of(message)
    wish = WISH_CUES.search(text)
    return bool(topic and wish and first_stem_at(topic, text) < wish.start())


def unsure_past_danger(message: Message) -> bool:
    """An unsure emergency reading, or one that asks whom to tell, of something past ("ben vorig jaar gestopt met
    de havo") or of a film or game, with no sign of now and no acute danger: asked about, danger button first."""
    text = words_of(message)
    confidence = message.get(INTENT, {}).get("confidence", 0.0)
    unsure = confidence < UNSURE_EMERGENCY or bool(ASKS_WHO.search(text))  # "moet ik dat nog ergens melden?"
    past_or_story = PAST_PATTERN.search(text) or FICTION_PATTERN.search(text)
    return unsure and bool(past_or_story) and not NOW_PATTERN.search(text) and not is_acute_danger(text)


def despair_score(message: Message) -> float:
    return next((r["confidence"] for r in message.get(INTENT_RANKING_KEY, []) if r["name"] == "despair"), 0.0)


def demote(message: Message) -> None:
    """Below the FallbackClassifier's threshold: the bot asks, with "Ja, er is nu gevaar" as the first button."""
    message.set(INTENT, {**message.get(INTENT), "confidence": DEMOTED}, add_to_output=True)
    ranking = message.get(INTENT_RANKING_KEY, [])
    message.set(
        INTENT_RANKING_KEY,
        [{**r, "confidence": DEMOTED} if r["name"] == "emergency" else r for r in ranking],
        add_to_output=True,
    )


def not_acute_now(words: str) -> bool:
    """A question about whom to call, or danger that is away, past or habitual: not the 112 answer alone.
    Without such a sign, the classifier's emergency stays (never guess away from danger)."""
    if is_acute_danger(words):
        return False
    return bool(
        ASKS_WHO.search(words) or NOT_NOW.search(words) or SAFE_NOW_PATTERN.search(words) or PAST_PATTERN.search(words)
    )


def set_intent(message: Message, name: str, confidence: float) -> None:
    """The new reading first; the others keep their order, scaled into what is left (so that the
    FallbackClassifier does not find a rule's reading "ambiguous" next to the one it replaced)."""
    rest = 1.0 - confidence
    ranking = [
        {**r, "confidence": r["confidence"] * rest} for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != name
    ]
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence}] + ranking, add_to_output=True)
