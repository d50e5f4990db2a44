"""`make tune-thresholds`: the confidence thresholds for intent and topic, chosen on data.

Below the intent threshold (FallbackClassifier in config.yml) the bot asks with buttons; below the topic
threshold and margin (TopicClassifier) it offers the likeliest topics. A wrong answer given with confidence
costs more than a question, so each setting is scored as: right answers − 2 × wrong answers; questions
score 0. Uses the NLU held-out sets 1 to 4 (eval/nlu), which were looked at before; set 5 stays unseen,
for the honest figure of `make eval-nlu`. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
from typing import List, Tuple

from buurtbot.config import PROJECT_ROOT, get_settings
from tools.benchmarks_doc import write_section
from tools.eval_nlu import load_examples

SETS = [PROJECT_ROOT / "eval" / "nlu" / f"holdout{suffix}.yml" for suffix in ("", "_2", "_3", "_4")]
INTENT_THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]
TOPIC_THRESHOLDS = [0.3, 0.4, 0.5, 0.6]
TOPIC_MARGINS = [0.0, 0.1, 0.15, 0.25]
WRONG_COST = 2
COMMAND = "make tune-thresholds"


async def readings(texts: List[str]) -> List[dict]:
    from rasa.core.agent import Agent

    from launcher.model import ensure_model

    agent = Agent.load(str(ensure_model(get_settings())))
    return [await agent.parse_message(text) for text in texts]


def raw_intent(parsed: dict) -> Tuple[str, float]:
    """The intent classifier's own best reading, before the fallback replaced it."""
    best = next(r for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback")
    return best["name"], best["confidence"]


def intent_table(gold: List[str], parsed: List[dict]) -> Tuple[str, float]:
    rows, best = [], (None, float("-inf"))
    for threshold in INTENT_THRESHOLDS:
        right = wrong = asked = 0
        for label, reading in zip(gold, parsed, strict=True):
            name, confidence = raw_intent(reading)
            if confidence < threshold:
                asked += 1
            elif name == label:
                right += 1
            else:
                wrong += 1
        score = right - WRONG_COST * wrong
        best = max(best, (threshold, score), key=lambda pair: pair[1])
        rows.append(f"| {threshold} | {right} | {wrong} | {asked} | {score} |")
    head = ["| intent threshold | right | wrong | asked | score |", "|---|---|---|---|---|"]
    return "\n".join(head + rows), best[0]


def topic_table(gold: List[str], parsed: List[dict]) -> str:
    rows = []
    for threshold in TOPIC_THRESHOLDS:
        for margin in TOPIC_MARGINS:
            right = wrong = asked = 0
            for label, reading in zip(gold, parsed, strict=True):
                scores = sorted(((r["score"], r["topic"]) for r in reading.get("topic_scores") or []), reverse=True)
                if not scores:
                    asked += 1
                    continue
                top, runner = scores[0], scores[1] if len(scores) > 1 else (0.0, "")
                if top[0] < 1 and (top[0] < threshold or top[0] - runner[0] < margin):
                    asked += 1
                elif top[1] == label:
                    right += 1
                else:
                    wrong += 1
            rows.append(f"| {threshold} | {margin} | {right} | {wrong} | {asked} | {right - WRONG_COST * wrong} |")
    head = ["| topic threshold | margin | right | wrong | asked | score |", "|---|---|---|---|---|---|"]
    return "\n".join(head + rows)


def main() -> None:
    examples = [e for path in SETS for e in load_examples(path)]
    parsed = asyncio.run(readings([e.text for e in examples]))
    intents, chosen = intent_table([e.intent for e in examples], parsed)
    with_topic = [(e.topic, p) for e, p in zip(examples, parsed, strict=True) if e.topic]
    topics = topic_table([t for t, _ in with_topic], [p for _, p in with_topic])
    body = (
        f"{len(examples)} messages of the NLU held-out sets 1 to 4 ({len(with_topic)} with a topic); "
        f"score = right − {WRONG_COST} × wrong (a question scores 0). Best intent threshold here: {chosen}.\n\n"
        f"{intents}\n\nTopics (a topic named in its own words, score ≥ 1, is always taken):\n\n{topics}"
    )
    print(body)
    write_section("thresholds", "Confidence thresholds, tuned on data", COMMAND, body)


if __name__ == "__main__":
    main()
