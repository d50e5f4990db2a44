"""Generates the NLU's wijk lookup table and synonyms (data/nlu/wijken.yml) from the referral index,
so that the wijken the bot understands are exactly the wijken it has partners for.

Run by launcher/model.py before every training check, and by `python -m buurtbot.referral.lookup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from buurtbot.config import PROJECT_ROOT
from buurtbot.referral.index import INDEX_FILE, read_wijken

LOOKUP_FILE = PROJECT_ROOT / "data" / "nlu" / "wijken.yml"
HEADER = "# Generated from data/referral_index.yml (its 'wijken:' list) by buurtbot/referral/lookup.py. Do not edit.\n"


def render(wijken: Dict[str, List[str]]) -> str:
    names = sorted({name.lower() for wijk, aliases in wijken.items() for name in [wijk, *aliases]})
    lines = [HEADER + 'version: "3.1"', "nlu:", "- lookup: wijk", "  examples: |"]
    lines += [f"    - {name}" for name in names]
    for wijk, aliases in wijken.items():
        other = sorted({a.lower() for a in aliases} | {wijk.lower()} - {wijk})
        lines += [f"- synonym: {wijk}", "  examples: |"] + [f"    - {name}" for name in other]
    return "\n".join(lines) + "\n"


def write_lookup(index: Path = INDEX_FILE, target: Path = LOOKUP_FILE) -> bool:
    """Writes the file when its content changed; returns whether it did."""
    content = render(read_wijken(index))
    if target.exists() and target.read_text(encoding="utf-8") == content:
        return False
    target.write_text(content, encoding="utf-8")
    return True


if __name__ == "__main__":
    print(f"{LOOKUP_FILE}: {'written' if write_lookup() else 'already up to date'}")
