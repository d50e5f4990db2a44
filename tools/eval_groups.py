"""`make eval-groups`: how well wishes that belong together are grouped (buurtbot/dreams/groups.py).

Two sets, each written by someone who never saw the grouping code or its word lists: every wish has a wijk
and a `group` label, and two wishes belong together when their labels are equal.
- eval/dreams/groups.yml: the development set. Its wrong pairs were read to extend THINGS (tuned on).
- eval/dreams/groups_heldout.yml: held out, never read while tuning. Add wishes there; never fix its misses. Measured over
pairs of wishes: precision (of the pairs put together, how many belong together) and recall (of the pairs
that belong together, how many were put together). Themes come from the real classifier, as in the app.
With --write the summary also goes into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

from buurtbot.dreams.analysis import classify_themes
from buurtbot.dreams.groups import Item, group
from tools.benchmarks_doc import write_section

DREAMS = Path(__file__).resolve().parent.parent / "eval" / "dreams"
SETS = {"development (tuned on)": DREAMS / "groups.yml", "held out (never read)": DREAMS / "groups_heldout.yml"}
Pair = Tuple[int, int]


@dataclass(frozen=True)
class Score:
    wishes: int
    true_pairs: int
    found_pairs: int
    right_pairs: int

    @property
    def precision(self) -> float:
        return self.right_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load(path: Path) -> Tuple[List[Item], List[str]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["wishes"]
    items = [
        Item(number, entry["wijk"], entry["text"], tuple(classify_themes(entry["text"])))
        for number, entry in enumerate(entries)
    ]
    return items, [entry["group"] for entry in entries]


def pairs_of(groups_of_ids: List[Tuple[int, ...]]) -> Set[Pair]:
    return {tuple(sorted(pair)) for ids in groups_of_ids for pair in combinations(ids, 2)}


def score(items: List[Item], labels: List[str]) -> Tuple[Score, List[str]]:
    by_label: dict = {}
    for item, label in zip(items, labels, strict=True):
        by_label.setdefault(label, []).append(item.id)
    truth = pairs_of(list(by_label.values()))
    found = pairs_of([g.ids for g in group(items)])
    misses = [
        f"{'together, but apart in the set' if pair in found else 'apart, but together in the set'}: "
        f"{items[pair[0]].text!r} / {items[pair[1]].text!r}"
        for pair in sorted(found ^ truth)
    ]
    return Score(len(items), len(truth), len(found), len(found & truth)), misses


def report(results: Dict[str, Tuple[Path, Score]]) -> str:
    lines = [
        "Pairs of wishes (same wijk) that belong together. Precision: of the pairs put together, the share that",
        "belongs together. Recall: of the pairs that belong together, the share put together.",
        "",
        "| set | wishes | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    for name, (path, result) in results.items():
        lines.append(
            f"| {name}: `{path.relative_to(DREAMS.parent.parent)}` | {result.wishes} "
            f"| {result.precision:.1%} ({result.right_pairs}/{result.found_pairs}) "
            f"| {result.recall:.1%} ({result.right_pairs}/{result.true_pairs}) | {result.f1:.1%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also write the summary into docs/benchmarks.md")
    parser.add_argument(
        "--misses", action="store_true", help="print the development set's wrong pairs (never the held-out set's)"
    )
    args = parser.parse_args()
    results, misses = {}, []
    for name, path in SETS.items():
        result, wrong = score(*load(path))
        results[name] = (path, result)
        misses = misses or wrong
    print(report(results))
    if args.misses:
        print("\n".join(misses))
    if args.write:
        write_section("groups", "Wishes that belong together (grouping)", "make eval-groups", report(results))


if __name__ == "__main__":
    main()
