"""`make eval-conversations`: whole conversations through the real stack, judged turn by turn.

Starts the action server and a Rasa server on a fresh database, plays every conversation of
eval/conversations/*.yml (format: eval/conversations/README.md) over the REST channel, reads the NLU result
and the form state from Rasa's tracker API after each turn, and writes the results to docs/benchmarks.md.
`--set dev` plays one set and lists every failed check (the development set may be looked at; the held-out
sets are measured, and their failures are not read while tuning).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import yaml

from bot.rasa_client import RasaClient
from bot.rendering import Reply
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.dates import MONTH_NAMES, WEEKDAY_NAMES
from buurtbot.people import get_or_create_person, set_role
from buurtbot.referral.index import load_index, read_wijken
from buurtbot.referral.topics import DANGER_TOPICS, GENERAL
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from buurtbot.storage.models import Role
from buurtbot.strips import top_up
from launcher.model import ensure_model
from launcher.stack import free_port, running_stack
from tools.benchmarks_doc import write_section

SETS_DIR = PROJECT_ROOT / "eval" / "conversations"
SETS = {
    "dev": "development set (looked at and tuned on)",
    "dev_2": "development set 2 (held-out set 1 until 2026-12-07; looked at and tuned on since)",
    "heldout_2": "held-out set 2",
    "heldout_3": "held-out set 3 (written 2026-12-07)",
}
STAFF = "eval-staff-beheerder"  # a deployment has a beheerder: callbacks and approvals go to them
COMMAND = "make eval-conversations"
EMERGENCY_ANSWER = "Dat is het nummer voor politie, brandweer en ambulance"  # utter_emergency, in domain.yml
LANGUAGE_MARKERS = {
    "en": "I only speak Dutch",
    "tr": "Sadece Hollandaca",
    "ar": "أتكلم الهولندية",
    "pl": "Mówię tylko po niderlandzku",
}
TARGETS = {"intent": 0.97, "situation topic": 0.95, "emergency recall": 1.0, "conversations": 0.95}


@dataclass
class Turn:
    conversation: str
    user: str
    expect: Dict[str, Any]
    replies: List[Reply]
    tracker: Dict[str, Any]
    person_wijk: Optional[str] = None
    known_wijken: List[str] = field(default_factory=list)
    failures: List[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(r.text or "" for r in self.replies)

    @property
    def intent(self) -> str:
        return ((self.tracker.get("latest_message") or {}).get("intent") or {}).get("name") or ""

    @property
    def topic(self) -> str:
        entities = (self.tracker.get("latest_message") or {}).get("entities") or []
        return next((e["value"] for e in entities if e.get("entity") == "topic"), "")


def contains(text: str, wanted: str) -> bool:
    return any(option.strip().lower() in text.lower() for option in wanted.split("|"))


def judge(turn: Turn) -> None:
    """Fills turn.failures with every expectation the bot's answer does not meet."""
    expect, text, fail = turn.expect, turn.text, turn.failures.append
    slots = turn.tracker.get("slots") or {}
    form = (turn.tracker.get("active_loop") or {}).get("name")
    if "intent" in expect and turn.intent != expect["intent"]:
        fail(f"intent {turn.intent!r}, expected {expect['intent']!r}")
    if "topic" in expect and not topic_right(turn, expect["topic"]):
        fail(f"topic {turn.topic or '-'!r}, expected {expect['topic']!r}")
    if expect.get("emergency") is True and "112" not in (turn.replies[0].text or "" if turn.replies else ""):
        fail("emergency: the first reply does not say 112")
    if expect.get("emergency") is not True and EMERGENCY_ANSWER in text:
        fail("the emergency answer to a non-emergency")
    if expect.get("despair") and "113" not in text:
        fail("despair: no 113")
    for wanted in expect.get("contains") or []:
        if not contains(text, wanted):
            fail(f"reply lacks {wanted!r}")
    for unwanted in expect.get("not_contains") or []:
        if contains(text, unwanted):
            fail(f"reply has {unwanted!r}")
    if "asks" in expect:
        asks = expect["asks"]
        asked = slots.get("requested_slot") if form else None
        buttons = any(r.buttons for r in turn.replies)
        if asks == "none" and form:
            fail(f"a form still runs (asks {asked!r})")
        elif asks == "choice" and not (buttons and (not form or asked == "topic")):
            fail("no question with buttons")
        elif asks not in ("none", "choice") and asked != asks:
            fail(f"asks {asked!r}, expected {asks!r}")
    for slot, value in (expect.get("slots") or {}).items():
        held = remembered(turn, slot)
        if held is None or str(value).lower() not in str(held).lower():
            fail(f"slot {slot} is {held!r}, expected {value!r}")
    if "offers" in expect:
        offered = expect["offers"]
        payloads = [b.payload for r in turn.replies for b in r.buttons]
        if not any(p.startswith(f"/{offered}") or f'"{offered}"' in p for p in payloads):
            fail(f"no button offering {offered!r}")
    if "language" in expect and LANGUAGE_MARKERS[expect["language"]] not in text:
        fail(f"no answer in {expect['language']!r}")


def remembered(turn: Turn, slot: str) -> Optional[str]:
    """A slot's value; for a form that ended in this turn (and emptied its slots), the value it took in this
    turn; a day and time in words ("woensdag 9 december 10:00"); after a referral answer (which empties topic
    and wijk) what the answer used: the topic it was for, and the wijk it named (for a tenant, also the wijk
    stored as theirs)."""
    slots = turn.tracker.get("slots") or {}
    value = slots.get(slot) if slots.get(slot) is not None else set_in_turn(turn, slot)
    if value is None and slot.endswith("_wijk"):
        return turn.person_wijk  # a form does not ask the wijk it knows for the person; it uses it
    if value is not None or slot not in ("topic", "wijk"):
        return in_words(value)
    if slot == "topic":
        return slots.get("referral_last_topic")
    named = [w for w in turn.known_wijken if f" in {w} " in f" {turn.text} ".replace(":", " ")]
    return named[0] if named else turn.person_wijk


def set_in_turn(turn: Turn, slot: str) -> Any:
    """The last value other than None that this turn set the slot to."""
    events = turn.tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    values = [e.get("value") for e in events[last_user + 1 :] if e.get("event") == "slot" and e.get("name") == slot]
    return next((v for v in reversed(values) if v is not None), None)


def in_words(value: Any) -> Any:
    """An ISO date and time as the user said it: "woensdag 9 december 10:00"; anything else as it is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return value
    return f"{WEEKDAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month - 1]} {moment:%H:%M}"


def topic_right(turn: Turn, expected: str) -> bool:
    if expected == "anders":
        return turn.topic in ("", GENERAL)
    return turn.topic == expected


def prepare(settings: Settings, sender: str, conversation: Dict[str, Any]) -> None:
    role = Role[conversation.get("persona", "bewoner")]
    with session_scope(settings) as session:
        person = get_or_create_person(session, sender)
        set_role(session, person, role, conversation.get("wijk"))
        if role == Role.professional:
            top_up(session, person, 5, settings)


def stored_wijk(settings: Settings, sender: str) -> Optional[str]:
    with session_scope(settings) as session:
        return get_or_create_person(session, sender).wijk


async def play(settings: Settings, conversations: List[Dict[str, Any]], prefix: str) -> List[Turn]:
    client = RasaClient(settings.rasa_urls, timeout=60)
    api = httpx.AsyncClient(timeout=30, params={"token": settings.rasa_auth_token})
    turns: List[Turn] = []
    wijken = sorted(read_wijken())
    try:
        for conversation in conversations:
            sender = f"{prefix}-{conversation['id']}"
            prepare(settings, sender, conversation)
            for step in conversation["turns"]:
                replies = await client.send(sender, step["user"])
                base = client.url_for(sender)
                tracker = (await api.get(f"{base}/conversations/{sender}/tracker")).json()
                # The NLU result from /model/parse: a stopped form takes its turns out of the tracker (privacy).
                tracker["latest_message"] = (await api.post(f"{base}/model/parse", json={"text": step["user"]})).json()
                turn = Turn(
                    conversation["id"],
                    step["user"],
                    step.get("expect") or {},
                    replies,
                    tracker,
                    stored_wijk(settings, sender),
                    wijken,
                )
                judge(turn)
                turns.append(turn)
    finally:
        await client.close()
        await api.aclose()
    return turns


def ratio(right: int, total: int) -> str:
    return f"{right / total:.1%} ({right}/{total})" if total else "-"


def measures(turns: List[Turn]) -> Dict[str, Any]:
    def share(selected: List[Turn], check: str) -> tuple:
        return sum(not any(f.startswith(check) for f in t.failures) for t in selected), len(selected)

    with_intent = [t for t in turns if "intent" in t.expect]
    situations = [t for t in turns if t.expect.get("situation") and "topic" in t.expect]
    topics = [t for t in turns if "topic" in t.expect]
    emergencies = [t for t in turns if t.expect.get("emergency") is True]
    others = [t for t in turns if t.expect.get("emergency") is not True]
    by_conversation: Dict[str, bool] = {}
    for t in turns:
        by_conversation[t.conversation] = by_conversation.get(t.conversation, True) and not t.failures
    return {
        "intent": share(with_intent, "intent"),
        "topic": share(topics, "topic"),
        "situation topic": share(situations, "topic"),
        "emergency recall": share(emergencies, "emergency"),
        "false emergencies": sum(EMERGENCY_ANSWER in t.text for t in others),
        "conversations": (sum(by_conversation.values()), len(by_conversation)),
        "turns": (sum(not t.failures for t in turns), len(turns)),
    }


def table(name: str, turns: List[Turn]) -> str:
    m = measures(turns)
    lines = [
        f"### {SETS[name]}",
        "",
        f"`eval/conversations/{name}.yml`: {m['conversations'][1]} conversations, {len(turns)} turns.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| intent accuracy | {ratio(*m['intent'])} | ≥ 97 % |",
        f"| topic accuracy, messages that describe a situation | {ratio(*m['situation topic'])} | ≥ 95 % |",
        f"| topic accuracy, all topic messages | {ratio(*m['topic'])} | |",
        f"| emergency recall (112 in the first reply) | {ratio(*m['emergency recall'])} | 100 % |",
        f"| emergency answers to non-emergencies | {m['false emergencies']} | 0 |",
        f"| turns fully right | {ratio(*m['turns'])} | |",
        f"| conversations fully right | {ratio(*m['conversations'])} | ≥ 95 % |",
    ]
    kinds = Counter(failure_kind(f) for t in turns for f in t.failures)
    if kinds:
        lines += ["", "Failed checks by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + "."]
    return "\n".join(lines)


def failure_kind(failure: str) -> str:
    """ "asks", "reply", "slot", ...: the first word, or the first two when it is an article ("no button ...")."""
    words = failure.split(" ")
    return " ".join(words[:2] if words[0] in ("a", "no", "the") else words[:1]).rstrip(":")


def stack_settings(var_dir: Path) -> Settings:
    env = {
        "BUURTBOT_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'eval.db'}",
        "RASA_AUTH_TOKEN": "eval",
        "RASA_SERVERS": "1",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "DASHBOARD_PORT": str(free_port()),
        "LOG_LEVEL": "WARNING",
    }
    return Settings.from_env(env)


def run(names: List[str], show_failures: bool) -> Dict[str, List[Turn]]:
    results: Dict[str, List[Turn]] = {}
    with tempfile.TemporaryDirectory(prefix="buurtbot-eval-") as tmp:
        settings = stack_settings(Path(tmp))
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
            set_role(session, get_or_create_person(session, STAFF), Role.beheerder, None)
        model = ensure_model(settings)
        with running_stack(settings, model):
            for name in names:
                conversations = yaml.safe_load((SETS_DIR / f"{name}.yml").read_text())["conversations"]
                results[name] = asyncio.run(play(settings, conversations, name))
                print(table(name, results[name]), "\n")
                if show_failures:
                    print_failures(results[name])
    return results


def print_failures(turns: List[Turn]) -> None:
    for t in turns:
        if t.failures:
            print(f"{t.conversation}: {t.user!r} → intent {t.intent}, topic {t.topic or '-'}")
            print("   " + "; ".join(t.failures))
            print("   bot: " + t.text.replace("\n", " / ")[:300])


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), help="play one set and list its failed checks")
    args = parser.parse_args(argv)
    if args.set:
        run([args.set], show_failures=True)
        return
    results = run(list(SETS), show_failures=False)
    note = (
        "Each set was written by a helper who saw only `eval/conversations/README.md` and the referral index: not the "
        "training data, not the code, not the other sets. While tuning, only the development set was looked at. "
        f'Danger topics ({", ".join(sorted(DANGER_TOPICS))}) asked calmly get "bel 112" as their first line: that '
        "is a topic answer, not the emergency answer counted above."
    )
    body = note + "\n\n" + "\n\n".join(table(name, turns) for name, turns in results.items())
    write_section("conversations", "Whole conversations through the real stack", COMMAND, body)


if __name__ == "__main__":
    main()
