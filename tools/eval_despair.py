"""`make eval-despair`: does the trained model answer despair with 113, and only despair?

Each set was written by someone who saw neither the training data nor the code nor the other sets. Set 1 was used
to tune the despair phrases of EmergencyGuard. Set 2 was measured after that (61.3 %): its misses were seen, and
training examples for a `despair` intent were then written, by someone who saw no set. Set 3 was written last and
measured once, after all of that: its figure is the honest one.
A message counts as answered with 113 when the NLU gives `despair` (the warm 113 answer), `emergency`
(the 112 answer, which names 113 as well) or a `despair_hint` (help for the need, with the 113 line first). Recall over the despair messages, false alarms over the look-alikes;
the misses are listed. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, List

import yaml

from buurtbot.config import PROJECT_ROOT, get_settings
from tools.benchmarks_doc import write_section

SETS = {
    "set 6 (fresh, written 2026-12-07; measured once, after all tuning)": PROJECT_ROOT
    / "eval"
    / "nlu"
    / "despair_holdout_6.yml",
    "set 5 (written 2026-12-07; first measured at 78.9 %, its misses read after that; the hint threshold was chosen on sets 1, 2, 4 and 5)": PROJECT_ROOT
    / "eval"
    / "nlu"
    / "despair_holdout_5.yml",
    "set 4 (written 2026-12-07; first measured at 86.2 %, its misses read after that)": PROJECT_ROOT
    / "eval"
    / "nlu"
    / "despair_holdout_4.yml",
    "set 3 (fresh; measured after all tuning, and again after the emergency-first rule, which NLU set 3 prompted)": PROJECT_ROOT
    / "eval"
    / "nlu"
    / "despair_holdout_3.yml",
    "set 2 (seen once: its misses were looked at)": PROJECT_ROOT / "eval" / "nlu" / "despair_holdout_2.yml",
    "set 1 (tuned on)": PROJECT_ROOT / "eval" / "nlu" / "despair_holdout.yml",
}
FIRST_LOOK = (
    "Earlier looks, by hand: set 1 before any tuning, recall 73.5 % (72/98) and 21 look-alikes answered with 113; "
    "set 2 after tuning the phrases on set 1 and before the `despair` training examples, recall 61.3 % (46/75), "
    '14 look-alikes. Most false alarms are the classifier\'s `emergency` for figures of speech with "dood".'
)
ANSWERED_WITH_113 = frozenset({"despair", "emergency", "despair_hint"})
COMMAND = "make eval-despair"


async def intents(model: Path, texts: List[str]) -> Dict[str, str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    found = {}
    for text in texts:
        parsed = await agent.parse_message(text)
        # Sadness about a need gets the help for it with the 113 line first (nlu/intent_rules.py).
        found[text] = "despair_hint" if parsed.get("despair_hint") else parsed["intent"]["name"]
    return found


def report(name: str, path: Path, found: Dict[str, str], despair: List[str], look_alikes: List[str]) -> str:
    missed = [t for t in despair if found[t] not in ANSWERED_WITH_113]
    alarms = [t for t in look_alikes if found[t] in ANSWERED_WITH_113]
    warm = sum(found[t] == "despair" for t in despair)
    lines = [
        f"### {name}",
        "",
        f"`{path.relative_to(PROJECT_ROOT)}`: {len(despair)} despair messages and {len(look_alikes)} look-alikes.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| despair answered with 113 (recall) | {1 - len(missed) / len(despair):.1%} ({len(despair) - len(missed)}/{len(despair)}) | 100 % |",
        f"| of those, the warm despair answer (the rest got the emergency answer) | {warm} | |",
        f"| look-alikes answered with 113 (false alarms) | {len(alarms)} of {len(look_alikes)} | |",
    ]
    if missed:
        lines += ["", "Missed (intent given):"] + [f'- "{t}" ({found[t]})' for t in missed]
    if alarms:
        lines += ["", "False alarms (intent given):"] + [f'- "{t}" ({found[t]})' for t in alarms]
    return "\n".join(lines)


def main() -> None:
    from launcher.model import ensure_model

    sets = {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in SETS.items()}
    texts = [text for data in sets.values() for text in data["despair"] + data["not_despair"]]
    found = asyncio.run(intents(ensure_model(get_settings()), texts))
    parts = [
        report(name, SETS[name], found, list(data["despair"]), list(data["not_despair"])) for name, data in sets.items()
    ]
    body = "\n\n".join(parts + [FIRST_LOOK])
    write_section("despair", "Despair and thoughts of suicide: answered with 113", COMMAND, body)
    print(body)


if __name__ == "__main__":
    main()
