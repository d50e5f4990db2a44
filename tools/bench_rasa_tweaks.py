"""`make bench-rasa-tweaks`: what each of the two Rasa server tweaks (nlu/server.py) saves, per call.

Each figure is the library's function against the tweak, on the same input, in this process:
1. the action server's answer checked against Rasa's response schema (jsonschema.validate), once per custom action;
2. a stored conversation of 272 events turned into event objects (Event.resolve_by_type per event), once per message.
Run in the Rasa environment; it writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time
from typing import Callable, List, Tuple

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import deserialise_events

from nlu import server
from tools.benchmarks_doc import write_section

ANSWER = {
    "events": [{"event": "slot", "timestamp": None, "name": "wijk", "value": "Noord"}],
    "responses": [{"text": "Hoi"}],
}
STORED = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "hoi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}},
    {"event": "slot", "name": "wijk", "value": "Noord"},
    {"event": "active_loop", "name": "dream_form"},
] * 68  # 272 events, a conversation of about 30 turns


def per_call_ms(function: Callable[[], object], repeat: int) -> float:
    function()  # warm: the first call of the tweak fills its cache, as the first message after a start does
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) * 1000 / repeat


def measure(repeat: int) -> List[Tuple[str, float, float]]:
    spec = RemoteAction.action_response_format_spec()
    rows = [
        (
            "action answer checked (`jsonschema.validate`)",
            per_call_ms(lambda: server._library_validate(ANSWER, spec), repeat),
            per_call_ms(lambda: server.validate(ANSWER, spec), repeat),
        )
    ]
    library_events = lambda: [server._library_resolve_by_type(e["event"]) for e in STORED]  # noqa: E731
    table_events = lambda: [server.resolve_by_type(e["event"]) for e in STORED]  # noqa: E731
    rows.append(
        (
            "272 stored events to classes (`Event.resolve_by_type`)",
            per_call_ms(library_events, repeat),
            per_call_ms(table_events, repeat),
        )
    )
    assert len(deserialise_events(STORED)) == len(STORED)  # the input is what Rasa really loads
    return rows


def report(rows: List[Tuple[str, float, float]], repeat: int) -> str:
    lines = [
        f"Each step timed {repeat} times in one process after one warm-up call (ms per call; the tweak's cache is",
        "filled by the first message after a start, as here). Rasa 3.6.21. A third tweak, keeping the graph part",
        "per prediction (`GraphSchema.minimal_graph_schema`), measured 0.02 ms per message against 0.001 ms and",
        "was removed on 2026-12-07: not worth a patch of the library.",
        "",
        "| what Rasa does | library | with the tweak | saved per call |",
        "|---|---|---|---|",
    ]
    lines += [f"| {what} | {lib:.2f} ms | {kept:.3f} ms | {lib - kept:.2f} ms |" for what, lib, kept in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    body = report(measure(args.repeat), args.repeat)
    print(body)
    if not args.no_write:
        write_section("rasa-tweaks", "Rasa server tweaks: what each saves", "make bench-rasa-tweaks", body)


if __name__ == "__main__":
    main()
