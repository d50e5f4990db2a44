"""docs/benchmarks.md: each measuring script owns one section between markers and rewrites only that."""

from __future__ import annotations

import time

from buurtbot.config import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nEvery figure here was measured by the command next to it, on this project's 2-core machine.\n"


def write_section(name: str, title: str, command: str, body: str) -> None:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = (
        f"{begin}\n## {title}\n\nCommand: `{command}` (measured {time.strftime('%Y-%m-%d')}).\n\n{body.rstrip()}\n{end}"
    )
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else HEADER
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS.parent.mkdir(parents=True, exist_ok=True)
    BENCHMARKS.write_text(text)
