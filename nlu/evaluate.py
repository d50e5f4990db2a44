"""`make eval-nlu`: train the full model from scratch, then measure NLU on the held-out set.

Reports intent accuracy, macro-F1, topic-entity accuracy, emergency recall, the confusions, the training
time and the model size; writes them into docs/benchmarks.md (between markers) and to standard output.
The held-out set (tests/nlu/holdout.yml) is written separately from the training data and never trained on.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from buurtbot.benchmarks import write_section
from buurtbot.config import PROJECT_ROOT, get_settings

HOLDOUT = PROJECT_ROOT / "tests" / "nlu" / "holdout.yml"
COMMAND = "make eval-nlu"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    topic: Optional[str]


def load_holdout(path: Path = HOLDOUT) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        topics = [e["value"] for e in message.get("entities", []) if e["entity"] == "topic"]
        examples.append(Example(message.get("text"), message.get("intent"), topics[0] if topics else None))
    return examples


def train(out_dir: Path) -> tuple:
    started = time.monotonic()
    command = [
        str(Path(sys.executable).parent / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
        "--data", "data/nlu", "data/rules", "data/stories", "--out", str(out_dir),
        "--fixed-model-name", "eval", "--force", "--quiet",
    ]  # fmt: skip
    subprocess.run(command, cwd=PROJECT_ROOT, env=get_settings().process_env(), check=True)
    model = out_dir / "eval.tar.gz"
    return model, time.monotonic() - started


async def predict(model: Path, examples: List[Example]) -> List[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(example.text) for example in examples]


def top_intent(parsed: dict) -> str:
    """The classifier's best intent, before the FallbackClassifier replaced it with nlu_fallback."""
    ranking = [r["name"] for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else parsed["intent"]["name"]


def report(examples: List[Example], parsed: List[dict], train_seconds: float, model_mb: float) -> str:
    from sklearn.metrics import accuracy_score, f1_score

    gold = [e.intent for e in examples]
    predicted = [top_intent(p) for p in parsed]
    accuracy = accuracy_score(gold, predicted)
    macro_f1 = f1_score(gold, predicted, average="macro", labels=sorted(set(gold)), zero_division=0)
    # As the user experiences it: a fallback (the bot asks instead of acting) counts as wrong.
    fallbacks = sum(1 for p in parsed if p["intent"]["name"] == "nlu_fallback")
    experienced = accuracy_score(gold, [p["intent"]["name"] for p in parsed])
    with_topic = [(e, p) for e, p in zip(examples, parsed) if e.topic]
    topic_hits = sum(1 for e, p in with_topic if e.topic in [x["value"] for x in p.get("entities", []) if x["entity"] == "topic"])
    emergencies = [(e, p) for e, p in zip(examples, parsed) if e.intent == "emergency"]
    emergency_hits = sum(1 for e, p in emergencies if p["intent"]["name"] == "emergency")
    false_alarms = sum(1 for e, p in zip(examples, parsed) if e.intent != "emergency" and p["intent"]["name"] == "emergency")
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    misses = [(e.text, e.intent, top_intent(p)) for e, p in zip(examples, parsed) if e.intent != top_intent(p)]

    lines = [
        f"Held-out set: {len(examples)} messages ({HOLDOUT.relative_to(PROJECT_ROOT)}), model trained from scratch.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| intent accuracy | {accuracy:.1%} | ≥ 95 % |",
        f"| intent macro-F1 | {macro_f1:.3f} | |",
        f"| accuracy with fallback counted as wrong | {experienced:.1%} ({fallbacks} fallbacks, {fallbacks / len(parsed):.1%}) | |",
        f"| topic-entity accuracy | {topic_hits / max(len(with_topic), 1):.1%} ({topic_hits}/{len(with_topic)}) | ≥ 90 % |",
        f"| emergency recall | {emergency_hits / max(len(emergencies), 1):.1%} ({emergency_hits}/{len(emergencies)}) | 100 % |",
        f"| false emergency alarms | {false_alarms} of {len(examples) - len(emergencies)} | |",
        f"| full training (`rasa train`, 2 cores) | {train_seconds:.0f} s | ≤ 180 s |",
        f"| model archive | {model_mb:.1f} MB | ≤ 50 MB |",
        "",
        "Confusions (expected → predicted: count):",
        "",
    ]
    lines += [f"- {g} → {p}: {n}" for (g, p), n in confusions.most_common()] or ["- none"]
    lines += ["", "Misclassified messages:", ""]
    lines += [f"- `{text}`: {g} → {p}" for text, g, p in misses] or ["- none"]
    return "\n".join(lines)


def main() -> None:
    examples = load_holdout()
    with tempfile.TemporaryDirectory() as out:
        model, seconds = train(Path(out))
        size_mb = model.stat().st_size / 1e6
        parsed = asyncio.run(predict(model, examples))
    section = report(examples, parsed, seconds, size_mb)
    print(section)
    write_section("nlu-eval", "NLU on the held-out set", COMMAND, section)


if __name__ == "__main__":
    main()
