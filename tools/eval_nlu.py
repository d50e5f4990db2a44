"""`make eval-nlu`: train the full model from scratch, then measure NLU on the held-out sets.

Reports intent accuracy, macro-F1, topic-entity accuracy, emergency recall, the confusions, the training
time and the model size; writes them into docs/benchmarks.md (between markers) and to standard output.
The held-out sets (eval/nlu/holdout*.yml) are written separately from the training data and never
trained on. A held-out message that also occurs verbatim in the training data ("ja", "hoi") says
nothing about generalising, so it is left out, and the report says how many were.
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Set

from buurtbot.config import PROJECT_ROOT, get_settings
from launcher.model import train_command
from tools.benchmarks_doc import write_section

HOLDOUTS = {
    "set 1": PROJECT_ROOT / "eval" / "nlu" / "holdout.yml",
    "set 2": PROJECT_ROOT / "eval" / "nlu" / "holdout_2.yml",
    "set 3": PROJECT_ROOT / "eval" / "nlu" / "holdout_3.yml",  # emergencies and look-alikes only
    "set 4": PROJECT_ROOT / "eval" / "nlu" / "holdout_4.yml",
    "set 5": PROJECT_ROOT / "eval" / "nlu" / "holdout_5.yml",
    "set 6": PROJECT_ROOT / "eval" / "nlu" / "holdout_6.yml",  # emergencies and look-alikes; written 2026-12-07
}
COMMAND = "make eval-nlu"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    topic: Optional[str]


@dataclass(frozen=True)
class Scores:
    count: int
    accuracy: float
    macro_f1: float
    fallbacks: int
    experienced: float  # accuracy when a fallback (the bot asks instead of acting) counts as wrong
    topic_hits: int
    topic_count: int
    emergency_hits: int
    emergency_count: int
    false_alarms: int
    confusions: Counter
    misses: list


def load_examples(path: Path) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        topics = [e["value"] for e in message.get("entities", []) if e["entity"] == "topic"]
        examples.append(Example(message.get("text"), message.get("intent"), topics[0] if topics else None))
    return examples


def training_texts() -> Set[str]:
    return {e.text.lower().strip() for e in load_examples(PROJECT_ROOT / "data" / "nlu")}


def train(out_dir: Path) -> tuple:
    started = time.monotonic()
    command = train_command(out_dir, "eval")
    subprocess.run(command, cwd=PROJECT_ROOT, env=get_settings().process_env(), check=True)
    model = out_dir / "eval.tar.gz"
    return model, time.monotonic() - started


async def predict(model: Path, sets: Dict[str, List[Example]]) -> Dict[str, List[dict]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    parsed: Dict[str, List[dict]] = {}
    for name, examples in sets.items():
        parsed[name] = [await agent.parse_message(e.text) for e in examples]
    return parsed


def top_intent(parsed: dict) -> str:
    """The classifier's best intent, before the FallbackClassifier replaced it with nlu_fallback."""
    ranking = [r["name"] for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else parsed["intent"]["name"]


def topics_of(parsed: dict) -> List[str]:
    return [x["value"] for x in parsed.get("entities", []) if x["entity"] == "topic"]


def score(examples: List[Example], parsed: List[dict]) -> Scores:
    from sklearn.metrics import accuracy_score, f1_score

    gold = [e.intent for e in examples]
    predicted = [top_intent(p) for p in parsed]
    final = [p["intent"]["name"] for p in parsed]
    with_topic = [(e, p) for e, p in zip(examples, parsed, strict=True) if e.topic]
    emergencies = [f for e, f in zip(examples, final, strict=True) if e.intent == "emergency"]
    return Scores(
        count=len(examples),
        accuracy=accuracy_score(gold, predicted),
        macro_f1=f1_score(gold, predicted, average="macro", labels=sorted(set(gold)), zero_division=0),
        fallbacks=final.count("nlu_fallback"),
        experienced=accuracy_score(gold, final),
        topic_hits=sum(1 for e, p in with_topic if e.topic in topics_of(p)),
        topic_count=len(with_topic),
        emergency_hits=emergencies.count("emergency"),
        emergency_count=len(emergencies),
        false_alarms=sum(
            1 for e, f in zip(examples, final, strict=True) if e.intent != "emergency" and f == "emergency"
        ),
        confusions=Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p),
        misses=[(e.text, e.intent, p) for e, p in zip(examples, predicted, strict=True) if e.intent != p],
    )


def report(scores: Dict[str, Scores], excluded: Dict[str, int], train_seconds: float, model_mb: float) -> str:
    names = list(scores)
    row = lambda label, f, target="": f"| {label} | " + " | ".join(f(scores[n]) for n in names) + f" | {target} |"  # noqa: E731
    lines = [
        "Held-out sets, written apart from the training data: "
        + "; ".join(
            f"{name}: {HOLDOUTS[name].relative_to(PROJECT_ROOT)}, {scores[name].count} messages "
            f"({excluded[name]} more left out because they occur verbatim in the training data)"
            for name in names
        )
        + ". Sets 2 to 6 were each written by someone who never saw the training data, the code or the "
        "other sets. The model is trained from scratch.",
        "",
        "| measure | " + " | ".join(names) + " | target |",
        "|---|" + "---|" * len(names) + "---|",
        row("intent accuracy", lambda s: f"{s.accuracy:.1%}", "≥ 95 %"),
        row("intent macro-F1", lambda s: f"{s.macro_f1:.3f}"),
        row("accuracy with a fallback counted as wrong", lambda s: f"{s.experienced:.1%} ({s.fallbacks} fallbacks)"),
        row(
            "topic-entity accuracy",
            lambda s: f"{s.topic_hits / max(s.topic_count, 1):.1%} ({s.topic_hits}/{s.topic_count})",
            "≥ 90 %",
        ),
        row(
            "emergency recall",
            lambda s: f"{s.emergency_hits / max(s.emergency_count, 1):.1%} ({s.emergency_hits}/{s.emergency_count})",
            "100 %",
        ),
        row("false emergency alarms", lambda s: f"{s.false_alarms} of {s.count - s.emergency_count}"),
        "",
        f"Full training (`rasa train`, NLU and dialogue, 2 cores): {train_seconds:.0f} s (target ≤ 180 s). "
        f"Model archive: {model_mb:.1f} MB (target ≤ 50 MB).",
    ]
    for name in names:
        lines += ["", f"Confusions in {name} (expected → predicted: count):", ""]
        lines += [f"- {g} → {p}: {n}" for (g, p), n in scores[name].confusions.most_common()] or ["- none"]
        lines += ["", f"Misclassified messages in {name}:", ""]
        lines += [f"- `{text}`: {g} → {p}" for text, g, p in scores[name].misses] or ["- none"]
    return "\n".join(lines)


def unseen_sets() -> tuple:
    """The held-out sets without messages that occur verbatim in training, and how many were left out."""
    seen = training_texts()
    sets, excluded = {}, {}
    for name, path in HOLDOUTS.items():
        examples = load_examples(path)
        sets[name] = [e for e in examples if e.text.lower().strip() not in seen]
        excluded[name] = len(examples) - len(sets[name])
    return sets, excluded


def evaluate(model: Path, train_seconds: float) -> str:
    sets, excluded = unseen_sets()
    parsed = asyncio.run(predict(model, sets))
    scores = {name: score(sets[name], parsed[name]) for name in sets}
    return report(scores, excluded, train_seconds, model.stat().st_size / 1e6)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        model, seconds = train(Path(out))
        section = evaluate(model, seconds)
    print(section)
    write_section("nlu-eval", "NLU on the held-out sets", COMMAND, section)


if __name__ == "__main__":
    main()
