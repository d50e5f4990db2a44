"""`make bench-processes`: what the processes outside Rasa cost, and how soon `make serve` is ready.

1. Importing the action server (every module of actions/, registered as rasa-sdk does): a fresh process per run.
2. The action server's resident memory, running (`python -m actions`), after its warm-up.
3. `python -m launcher serve` (what `make serve` runs, model already trained) from launch until "Buurtbot is
   ready", with the resident memory of each process it started.
Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List

from buurtbot.config import PROJECT_ROOT, Settings
from launcher.stack import Stack, free_port
from tools.bench_frontend import QUIET_ENV, measure_startup, memory_of, mib
from tools.benchmarks_doc import write_section

IMPORT = (
    "import time; began = time.perf_counter(); import actions.__main__; "
    "from rasa_sdk.executor import ActionExecutor; ActionExecutor().register_package('actions'); "
    "print(time.perf_counter() - began)"
)


def import_seconds(runs: int) -> List[float]:
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", IMPORT], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]


def action_server_mib(var_dir: Path) -> float:
    """The running action server, started the way the stack starts it (launcher/stack.py)."""
    settings = Settings.from_env(
        {
            **os.environ,
            **QUIET_ENV,
            "BUURTBOT_VAR_DIR": str(var_dir),
            "ACTION_PORT": str(free_port()),
            "DASHBOARD_PORT": str(free_port()),
        }
    )
    stack = Stack(settings, model_path=var_dir / "unused.tar.gz")
    process = stack.start_action_server().process
    try:
        stack.wait_until_ready(60)
        time.sleep(5)  # the warm-up (wish patterns, dateparser) runs right after the start
        return sum(row.rss_kib or 0 for row in memory_of("actions", process.pid)) / 1024
    finally:
        stack.stop()


def report(imports: List[float], action_mib: float, startup: list) -> str:
    lines = [
        "| measure | target | measured |",
        "|---|---|---|",
        f"| action server import (median of {len(imports)} fresh processes) | ≤ 1.5 s | {statistics.median(imports):.2f} s "
        f"(min {min(imports):.2f}, max {max(imports):.2f}) |",
        f"| action server resident memory, running, after warm-up | ≤ 150 MB | {action_mib:.0f} MiB |",
    ]
    for run in startup:
        seconds = f"{run.seconds:.1f} s" if run.seconds else run.note
        lines.append(f"| `make serve` ready ({run.label}) | ≤ 20 s | {seconds} |")
    memory = [row for run in startup[-1:] for row in run.memory]
    if memory:
        lines += [
            "",
            f"`python -m launcher serve` itself (no token, so no Telegram): {mib(memory[0].rss_kib)} MiB resident.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="start-ups of `make serve` (the first on an empty var dir)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="buurtbot-bench-") as scratch:
        imports = import_seconds(5)
        action_mib = action_server_mib(Path(scratch))
        startup = measure_startup(Path(scratch), args.runs, 300.0, say=lambda text: print(text, file=sys.stderr))
    body = report(imports, action_mib, startup)
    print(body)
    if not args.no_write:
        write_section("processes", "Processes outside Rasa, and start-up", "make bench-processes", body)


if __name__ == "__main__":
    main()
