"""`python -m tools.bench_frontend` (`make bench-frontend`): latency, throughput, memory and start-up of the running stack.

What it does, in one run, on a throwaway var dir and database with free ports:

1. Reference: a fresh `rasa init --no-prompt` bot (trained here, with this venv's Rasa), served by
   `rasa run --enable-api`; REST round trips of "hello" at 1 user and at N concurrent users.
2. Our stack (action server + Rasa servers with the current model, as `make serve` starts them), a local fake
   Telegram Bot API server (tools/fake_telegram.py) and the real python-telegram-bot application polling it,
   in this process. Per turn type, at 1 user and at N concurrent users (each user sends its next message
   after the reply to the previous one arrived), the latency from the moment getUpdates hands the update to
   the bot until the bot's (first) sendMessage request for that chat arrives at the fake server. Also the
   REST round trip of the NLU-only turn straight to our first Rasa server, like for like with the reference.
3. Sustained throughput: N users sending back to back for a fixed time (turn types alternating).
4. Resident memory of each process after the load.
5. Start-up: `python -m launcher serve` (what `make serve` runs) from launch until it prints "Buurtbot is ready".

The turns:
- NLU-only: "ben jij een robot" → intent bot_challenge → rule → utter_iamabot (a domain response, no custom
  action; Rasa still writes the turn to its SQL tracker store, as every turn does).
- DB write: "hoi" → intent greet → rule → action_greet, a custom action that looks up the sender and stores
  Person.last_seen_at (an UPDATE on every turn, an INSERT on the first), then two messages.
Both are complete turns by rules, with no form, so a user can repeat them forever.

Results are printed and written to docs/benchmarks.md (section "frontend"); a `--quick` smoke run writes
nothing unless `--write` is given. The figures are measurements, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import queue
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import httpx

from bot.telegram_app import build_application
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.referral.index import load_index
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from launcher.model import MODEL_NAME, ensure_model, fingerprint, training_inputs
from launcher.rasa_env import rasa_command
from launcher.stack import free_port, log_tail, running_stack, terminate
from tools.benchmarks_doc import write_section
from tools.fake_telegram import FakeTelegram

log = logging.getLogger("benchmark")

SECTION = ("frontend", "Telegram front end: latency, throughput, memory, start-up", "make bench-frontend")
LATENCY_AIM = 1.3  # our NLU-only p95 at most this many times the rasa-init reference's p95
THROUGHPUT_GOAL = 20.0  # messages per second with 20 concurrent users
# Replies that mean the stack failed the user (bot/rendering.py UNAVAILABLE_TEXT, actions/__main__.py).
ERROR_PREFIXES = ("Het lukt nu even niet", "Sorry, daar ging iets mis")
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "2"}
FIRST_USER_ID = 7_100_001  # Telegram user ids of the simulated users


# ---------------------------------------------------------------------------------------------- turns


@dataclass(frozen=True)
class TurnType:
    key: str
    label: str
    text: str
    replies: int  # sendMessage calls that complete the turn
    check: Callable[[List[str]], bool]  # are these the expected replies?


NLU_ONLY = TurnType(
    "nlu",
    "NLU + response",
    "ben jij een robot",
    1,
    lambda texts: texts[0].startswith("Ik ben Buurtbot, een computerprogramma"),
)
DB_WRITE = TurnType(
    "db",
    "custom action + DB write",
    "hoi",
    1,
    lambda texts: (
        texts[0].startswith("Hoi") and "Ik ben Buurtbot." in texts[0] and "Waarmee kan ik je helpen?" in texts[0]
    ),
)
TURN_TYPES = (NLU_ONLY, DB_WRITE)
TURN_DESCRIPTIONS = {
    "nlu": '"ben jij een robot" → bot_challenge → `utter_iamabot` (domain response, no custom action), 1 message',
    "db": '"hoi" → greet → `action_greet` (custom action; stores Person.last_seen_at), 1 message with the menu buttons',
}


def is_error_text(text: Optional[str]) -> bool:
    return (text or "").startswith(ERROR_PREFIXES)


@dataclass
class TurnResult:
    kind: str
    latency: Optional[float]  # fetched → first sendMessage (s); None when there was none
    latency_last: Optional[float]  # fetched → the turn's last sendMessage
    queued: Optional[float]  # pushed → fetched by getUpdates
    error: Optional[str] = None


@dataclass
class Stats:
    """Latencies (seconds) of the successful turns of one phase, and its errors by kind."""

    label: str
    users: int
    latencies: List[float] = field(default_factory=list)
    latencies_last: List[float] = field(default_factory=list)
    queued: List[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def add(self, result: TurnResult) -> None:
        if result.error:
            self.errors[result.error] += 1
            return
        self.latencies.append(result.latency)
        self.latencies_last.append(result.latency_last)
        if result.queued is not None:
            self.queued.append(result.queued)

    def p(self, q: int, values: Optional[List[float]] = None) -> Optional[float]:
        return percentile(self.latencies if values is None else values, q)


def percentile(values: Sequence[float], q: int) -> Optional[float]:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def ms(value: Optional[float]) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def errors_text(stats: Stats) -> str:
    if not stats.errors:
        return "0"
    return f"{stats.error_count} ({', '.join(f'{kind}: {n}' for kind, n in sorted(stats.errors.items()))})"


# ---------------------------------------------------------------------------------------------- timed fake Telegram


class TimedTelegram(FakeTelegram):
    """The fake Bot API server, noting when getUpdates hands out each update and when each sendMessage
    request arrives (time.perf_counter, one clock: everything runs in this process)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fetched: Dict[int, float] = {}
        self._inboxes: Dict[int, "queue.Queue[Tuple[float, str]]"] = defaultdict(queue.Queue)

    async def _get_updates(self, incoming):
        batch = await super()._get_updates(incoming)
        now = time.perf_counter()
        with self._cond:
            for update in batch:
                self.fetched.setdefault(update["update_id"], now)  # the first hand-out counts
        return batch

    def _send_message(self, incoming):
        arrived = time.perf_counter()
        result = super()._send_message(incoming)  # raises for a bad request: then nothing is noted
        self.inbox(incoming.get("chat_id")).put((arrived, incoming.get("text") or ""))
        return result

    def inbox(self, chat_id) -> "queue.Queue[Tuple[float, str]]":
        with self._cond:
            return self._inboxes[chat_id]


def telegram_turn(fake: TimedTelegram, user_id: int, turn: TurnType, timeout: float) -> TurnResult:
    """One user message through the Telegram path; waits for the turn's replies (blocking)."""
    inbox = fake.inbox(user_id)
    pushed = time.perf_counter()
    update_id = fake.push_text(user_id, turn.text, first_name="Bench")["update_id"]
    deadline = pushed + timeout
    times: List[float] = []
    texts: List[str] = []
    error = None
    while len(texts) < turn.replies:
        try:
            arrived, text = inbox.get(timeout=max(deadline - time.perf_counter(), 0.001))
        except queue.Empty:
            error = "timeout" if not texts else "missing reply"
            break
        times.append(arrived)
        texts.append(text)
        if is_error_text(text):
            error = "unavailable reply"
            break
    if error is None and not turn.check(texts):
        error = "unexpected reply"
    if error:
        _drain(inbox, quiet=1.0, limit=timeout)  # late or extra replies must not count for the next turn
    fetched = fake.fetched.get(update_id)
    if fetched is None or not times:
        return TurnResult(turn.key, None, None, None, error or "not fetched")
    return TurnResult(turn.key, times[0] - fetched, times[-1] - fetched, fetched - pushed, error)


def _drain(inbox: "queue.Queue", quiet: float, limit: float) -> None:
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        try:
            inbox.get(timeout=quiet)
        except queue.Empty:
            return


def in_threads(user_ids: Sequence[int], work: Callable[[int, int], List[TurnResult]]) -> Tuple[List[TurnResult], float]:
    """Runs work(user_id, index) for every user at once; returns all results and the wall time."""
    results: List[TurnResult] = []
    lock = threading.Lock()
    start = threading.Barrier(len(user_ids) + 1)

    def run(user_id: int, index: int) -> None:
        start.wait()
        done = work(user_id, index)
        with lock:
            results.extend(done)

    threads = [threading.Thread(target=run, args=(u, i), daemon=True) for i, u in enumerate(user_ids)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def telegram_phase(
    fake: TimedTelegram, user_ids: Sequence[int], per_user: int, turn: TurnType, timeout: float
) -> Stats:
    results, elapsed = in_threads(
        user_ids, lambda u, _: [telegram_turn(fake, u, turn, timeout) for _ in range(per_user)]
    )
    stats = Stats(turn.label, len(user_ids), elapsed=elapsed)
    for result in results:
        stats.add(result)
    return stats


def throughput_phase(fake: TimedTelegram, user_ids: Sequence[int], duration: float, timeout: float) -> Stats:
    """Closed loop: every user sends its next message as soon as the last reply arrived, until `duration`
    has passed; turn types alternate (half the users start with each). Elapsed runs until the last turn ends."""
    end = time.perf_counter() + duration

    def work(user_id: int, index: int) -> List[TurnResult]:
        done = []
        while time.perf_counter() < end:
            done.append(telegram_turn(fake, user_id, TURN_TYPES[(index + len(done)) % 2], timeout))
        return done

    results, elapsed = in_threads(user_ids, work)
    stats = Stats("alternating NLU-only and DB-write turns", len(user_ids), elapsed=elapsed)
    for result in results:
        stats.add(result)
    return stats


# ---------------------------------------------------------------------------------------------- REST round trips


async def _rest_load(
    url: str, senders: Sequence[str], per_sender: int, text: str, check, timeout: float, stats: Stats
) -> None:
    limits = httpx.Limits(max_connections=len(senders) + 4, max_keepalive_connections=len(senders) + 4)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:

        async def user(sender: str) -> None:
            for _ in range(per_sender):
                began = time.perf_counter()
                try:
                    response = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
                    took = time.perf_counter() - began
                    response.raise_for_status()
                    texts = [m.get("text") or "" for m in response.json() if isinstance(m, dict)]
                except (httpx.HTTPError, ValueError) as exc:
                    stats.errors[type(exc).__name__] += 1
                    continue
                if not texts:
                    stats.errors["no reply"] += 1
                elif any(is_error_text(t) for t in texts):
                    stats.errors["unavailable reply"] += 1
                elif not check(texts):
                    stats.errors["unexpected reply"] += 1
                else:
                    stats.latencies.append(took)

        began = time.perf_counter()
        await asyncio.gather(*(user(s) for s in senders))
        stats.elapsed = time.perf_counter() - began


def rest_phase(
    label: str, url: str, senders: Sequence[str], per_sender: int, text: str, check, timeout: float
) -> Stats:
    stats = Stats(label, len(senders))
    asyncio.run(_rest_load(url, senders, per_sender, text, check, timeout, stats))
    return stats


def rest_measurements(name: str, url: str, text: str, check, plan: "Plan") -> List[Stats]:
    """Warm-up (not counted), then 1 user and `plan.users` concurrent users."""
    senders = [f"bench-{name}-{i}" for i in range(plan.users)]
    rest_phase("warm-up", url, senders, plan.warmup, text, check, plan.timeout)
    return [
        rest_phase(name, url, senders[:1], plan.single, text, check, plan.timeout),
        rest_phase(name, url, senders, plan.per_user, text, check, plan.timeout),
    ]


# ---------------------------------------------------------------------------------------------- memory (/proc)


def _status(pid: int) -> Dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def _kib(value: Optional[str]) -> Optional[int]:
    return int(value.split()[0]) if value else None


def descendants(pid: int) -> List[int]:
    """All live descendants of pid (from /proc/*/stat)."""
    children: Dict[int, List[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children[ppid].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_of(pid: int) -> str:
    try:
        parts = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [p.decode(errors="replace") for p in parts if p]
    words = [Path(words[0]).name] + words[1:] if words else []
    return " ".join(w if len(w) < 40 else "…" + w[-30:] for w in words[:6])


@dataclass
class Memory:
    label: str
    pid: int
    command: str
    rss_kib: Optional[int]
    peak_kib: Optional[int]


def memory_of(label: str, pid: int, children: bool = True) -> List[Memory]:
    """The process and, with `children`, each of its descendants (a server that forks workers shows them all)."""
    rows = []
    for number, proc in enumerate([pid] + (descendants(pid) if children else [])):
        status = _status(proc)
        rows.append(
            Memory(
                label if number == 0 else f"{label}: child",
                proc,
                command_of(proc),
                _kib(status.get("VmRSS")),
                _kib(status.get("VmHWM")),
            )
        )
    return rows


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (/proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mib(kib: Optional[int]) -> str:
    return "–" if kib is None else f"{kib / 1024:.0f}"


# ---------------------------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    users: int
    single: int  # sequential messages per turn type at 1 user
    per_user: int  # messages per user per turn type at `users` users
    duration: float  # throughput window (s)
    warmup: int  # warm-up messages per user per turn type
    timeout: float  # per turn (s)
    startup_runs: int


def plan_from(args: argparse.Namespace) -> Plan:
    quick = args.quick
    pick = lambda value, full, small: value if value is not None else (small if quick else full)  # noqa: E731
    return Plan(
        users=pick(args.users, 20, 20),
        single=pick(args.single, 50, 5),
        per_user=pick(args.per_user, 15, 2),
        duration=pick(args.duration, 30.0, 5.0),
        warmup=pick(args.warmup, 2, 1),
        timeout=args.timeout,
        startup_runs=pick(args.startup_runs, 2, 1),
    )


# ---------------------------------------------------------------------------------------------- our stack


def stack_settings(var_dir: Path) -> Settings:
    """Throwaway settings like tests/conftest.py make_settings: own var dir and database, free ports. The model
    folder and the number of Rasa servers are what `make serve` would use (BUURTBOT_MODEL_DIR, RASA_SERVERS)."""
    env = {
        "BUURTBOT_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.db'}",
        "RASA_AUTH_TOKEN": secrets.token_urlsafe(16),
        "ACTION_PORT": str(free_port()),
        "DASHBOARD_PORT": str(free_port()),
    }
    for name in ("BUURTBOT_MODEL_DIR", "RASA_SERVERS"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    env["RASA_PORT"] = str(free_port(count=Settings.from_env(env).rasa_servers))
    return Settings.from_env(env)


def model_is_current(settings: Settings) -> bool:
    stamp = settings.model_dir / f"{MODEL_NAME}.fingerprint"
    model = settings.model_dir / f"{MODEL_NAME}.tar.gz"
    return model.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint(training_inputs())


class PollingFrontEnd:
    """The real PTB application (build_application, without the worker) polling the fake, in a thread with
    its own event loop, started as run_polling would (as tests/test_telegram.py does)."""

    def __init__(self, settings: Settings, fake: FakeTelegram) -> None:
        env = {**settings.process_env(), "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url}
        env.pop("WEBHOOK_URL", None)
        self.application = build_application(Settings.from_env(env))
        self._stopped = threading.Event()
        self._ready = threading.Event()
        self._failure: List[BaseException] = []
        self._thread = threading.Thread(target=self._serve, name="ptb-front-end", daemon=True)

    def __enter__(self) -> "PollingFrontEnd":
        self._thread.start()
        if not self._ready.wait(60) or self._failure:
            raise RuntimeError(f"the Telegram application did not start: {self._failure[:1]}")
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        self._thread.join(timeout=30)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._run())
        except BaseException as exc:  # reported to the starting thread
            self._failure.append(exc)
            self._ready.set()
        finally:
            loop.close()

    async def _run(self) -> None:
        application = self.application
        async with application:
            if application.post_init:
                await application.post_init(application)
            await application.start()
            await application.updater.start_polling(poll_interval=0.0)
            self._ready.set()
            while not self._stopped.is_set():
                await asyncio.sleep(0.1)
            await application.updater.stop()
            await application.stop()


@dataclass
class StackResults:
    telegram: List[Tuple[TurnType, Stats, Stats]]  # per turn type: 1 user, N users
    rest: List[Stats]  # NLU-only REST round trip to our Rasa: 1 user, N users
    throughput: Stats
    cpu_per_turn: Dict[str, float]  # CPU seconds per answered message during the throughput window, per process
    memory: List[Memory]
    model: Path
    model_current: bool
    concurrent_updates: int
    rasa_servers: int


def measure_stack(workdir: Path, plan: Plan, model_arg: Optional[Path], say) -> StackResults:
    var_dir = workdir / "var"
    settings = stack_settings(var_dir)
    upgrade(settings)
    with session_scope(settings) as session:
        load_index(session)
    if model_arg:
        model, current = model_arg.resolve(), False
        say(f"Using the model {model} as it is (--model).")
    else:
        model = ensure_model(settings)
        current = True
    say(f"Starting the action server and {settings.rasa_servers} Rasa server(s) (logs in {var_dir / 'log'}) ...")
    with (
        running_stack(settings, model) as stack,
        TimedTelegram.running() as fake,
        PollingFrontEnd(settings, fake) as front,
    ):
        action_pid = stack.server("action server").process.pid
        rasa_pids = {server.name: server.process.pid for server in stack.rasa_servers}
        users = [FIRST_USER_ID + i for i in range(plan.users)]
        say(f"Stack ready. Warming up ({plan.warmup} turn(s) of each type per user) ...")
        for turn in TURN_TYPES:
            warm = telegram_phase(fake, users, plan.warmup, turn, plan.timeout)
            if warm.errors:
                say(f"  warm-up {turn.key}: errors {dict(warm.errors)}")
        telegram = []
        for turn in TURN_TYPES:
            say(f"Telegram path, {turn.label}: 1 user × {plan.single}, then {plan.users} users × {plan.per_user} ...")
            one = telegram_phase(fake, users[:1], plan.single, turn, plan.timeout)
            many = telegram_phase(fake, users, plan.per_user, turn, plan.timeout)
            telegram.append((turn, one, many))
            for stats in (one, many):
                say(
                    f"  {stats.users:>2} user(s): p50 {ms(stats.p(50))} ms, p95 {ms(stats.p(95))} ms, errors {errors_text(stats)}"
                )
        say(f"REST round trip to our Rasa, NLU-only: 1 user × {plan.single}, {plan.users} users × {plan.per_user} ...")
        rest = rest_measurements("buurtbot", settings.rasa_url, NLU_ONLY.text, NLU_ONLY.check, plan)
        for stats in rest:
            say(
                f"  {stats.users:>2} user(s): p50 {ms(stats.p(50))} ms, p95 {ms(stats.p(95))} ms, errors {errors_text(stats)}"
            )
        say(f"Throughput: {plan.users} users back to back for {plan.duration:.0f} s ...")
        processes = {**rasa_pids, "action server": action_pid, "benchmark process": os.getpid()}
        cpu_before = {label: cpu_seconds(pid) for label, pid in processes.items()}
        throughput = throughput_phase(fake, users, plan.duration, plan.timeout)
        turns = max(len(throughput.latencies), 1)
        cpu_per_turn = {label: (cpu_seconds(pid) - cpu_before[label]) / turns for label, pid in processes.items()}
        say(
            f"  {len(throughput.latencies)} turns in {throughput.elapsed:.1f} s = {len(throughput.latencies) / throughput.elapsed:.1f}/s, errors {errors_text(throughput)}"
        )
        say("  CPU per turn: " + ", ".join(f"{label} {ms(value)} ms" for label, value in cpu_per_turn.items()))
        memory = [row for name, pid in rasa_pids.items() for row in memory_of(name, pid)] + memory_of(
            "action server", action_pid
        )
        memory += memory_of(
            "this benchmark process (PTB front end + fake Telegram + load driver)", os.getpid(), children=False
        )
        concurrency = front.application.concurrent_updates
    return StackResults(
        telegram, rest, throughput, cpu_per_turn, memory, model, current, concurrency, settings.rasa_servers
    )


# ---------------------------------------------------------------------------------------------- reference bot


@dataclass
class ReferenceResults:
    rest: List[Stats]
    train_seconds: float
    memory: List[Memory]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(
                f"the reference Rasa server stopped while starting; see {log_path}:\n{log_tail(log_path)}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"the reference Rasa server did not start within {timeout:.0f} s; see {log_path}")
        time.sleep(0.5)


def measure_reference(workdir: Path, plan: Plan, say) -> ReferenceResults:
    """A fresh `rasa init` bot, trained now, served by `rasa run --enable-api`, driven over REST."""
    home = workdir / "reference"
    project = home / "rasa-init"
    project.mkdir(parents=True)
    env = {**os.environ, **QUIET_ENV, "RASA_CACHE_DIRECTORY": str(home / "cache")}  # a really fresh training
    init_log = home / "init.log"
    say(f"Reference: `rasa init --no-prompt` (trains its default model; log {init_log}) ...")
    began = time.monotonic()
    with open(init_log, "wb") as out:
        done = subprocess.run(
            rasa_command("init", "--no-prompt", "--quiet", "--init-dir", str(project)),
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    train_seconds = time.monotonic() - began
    models = sorted((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if done.returncode != 0 or not models:
        raise RuntimeError(f"`rasa init` failed (exit {done.returncode}); see {init_log}:\n{log_tail(init_log)}")
    say(f"  trained in {train_seconds:.0f} s; starting `rasa run --enable-api` ...")
    port = free_port()
    run_log = home / "run.log"
    with open(run_log, "wb") as out:
        server = subprocess.Popen(
            rasa_command("run", "--enable-api", "-i", "127.0.0.1", "-p", str(port), "--model", str(models[-1])),
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{url}/status", server, 300, run_log)
        say(f"  REST round trip of 'hello': 1 user × {plan.single}, {plan.users} users × {plan.per_user} ...")
        rest = rest_measurements("reference", url, "hello", lambda texts: bool(texts[0]), plan)
        for stats in rest:
            say(
                f"  {stats.users:>2} user(s): p50 {ms(stats.p(50))} ms, p95 {ms(stats.p(95))} ms, errors {errors_text(stats)}"
            )
        memory = memory_of("reference `rasa run` (rasa init bot)", server.pid)
    finally:
        terminate(server, grace=20.0)
    return ReferenceResults(rest, train_seconds, memory)


# ---------------------------------------------------------------------------------------------- start-up


@dataclass
class StartupRun:
    label: str
    seconds: Optional[float]  # launch → "Buurtbot is ready" on stderr
    reported: Optional[str]  # the "start-up took X s" it printed itself
    memory: List[Memory]
    note: str = ""


def _read_until_ready(process: subprocess.Popen, log_path: Path, ready: threading.Event, found: dict) -> None:
    """Copies the launcher's standard error to `log_path`; notes when and how it says it is ready."""
    with open(log_path, "w") as out:
        for line in process.stderr:
            out.write(line)
            out.flush()
            if "Buurtbot is ready" in line and not ready.is_set():
                found["at"] = time.perf_counter()
                found["line"] = line.strip()
                ready.set()


def measure_startup(workdir: Path, runs: int, timeout: float, say) -> List[StartupRun]:
    """`python -m launcher serve` (what `make serve` runs) without TELEGRAM_BOT_TOKEN, on a throwaway var dir:
    the first run starts on an empty one (creates the database, loads the index), later runs reuse it."""
    var_dir = workdir / "serve"
    results = []
    for number in range(runs):
        env = {key: value for key, value in os.environ.items() if key not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL")}
        env.update(QUIET_ENV)
        env.update(
            BUURTBOT_VAR_DIR=str(var_dir),
            DATABASE_URL=f"sqlite:///{var_dir / 'serve.db'}",
            RASA_PORT=str(free_port()),
            ACTION_PORT=str(free_port()),
            DASHBOARD_PORT=str(free_port()),
        )
        label = "first (empty var dir)" if number == 0 else "again (existing database)"
        say(f"Start-up {number + 1}/{runs}: `python -m launcher serve`, {label} ...")
        log_path = workdir / f"serve-{number + 1}.log"
        ready = threading.Event()
        found: Dict[str, float | str] = {}
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "launcher", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        reader = threading.Thread(target=_read_until_ready, args=(process, log_path, ready, found), daemon=True)
        reader.start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.2) and process.poll() is None and time.monotonic() < deadline:
            pass
        children = descendants(process.pid)
        memory = (
            memory_of("`python -m launcher serve` (no token: no PTB)", process.pid, children=False)
            if ready.is_set()
            else []
        )
        _stop_serve(process, children)
        reader.join(timeout=10)
        if ready.is_set():
            seconds = found["at"] - began
            reported = str(found["line"]).split("took", 1)[-1].strip(" .") if "took" in str(found["line"]) else None
            results.append(StartupRun(label, seconds, reported, memory))
            say(f"  ready after {seconds:.1f} s (it says: {found['line']})")
        else:
            note = (
                "exited before it was ready"
                if process.returncode not in (None, 0, 130, -2)
                else f"not ready within {timeout:.0f} s"
            )
            results.append(StartupRun(label, None, None, [], f"{note}; see {log_path}"))
            say(f"  {note}; see {log_path}:\n{log_tail(log_path)}")
    return results


def _stop_serve(process: subprocess.Popen, children: List[int]) -> None:
    """SIGTERM, as a service manager would: the launcher stops its servers itself. (Not SIGINT: a benchmark
    started in the background of a shell inherits SIGINT ignored, and then waited a minute per run.)"""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in children:  # only the processes this run started
        if Path(f"/proc/{pid}").exists():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


# ---------------------------------------------------------------------------------------------- report


def machine_line() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    total = _kib(
        next(
            (
                line.split(":", 1)[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            None,
        )
    )
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), {mib(total)} MiB RAM, load average {load} (1/5/15 min) when the run ended; Python {platform.python_version()}"


def ratio_line(what: str, ours: Optional[float], reference: Optional[float]) -> str:
    if ours is None or reference is None:
        return f"- {what}: not measured."
    ratio = ours / reference
    verdict = "meets" if ratio <= LATENCY_AIM else "misses"
    return f"- {what}: {ms(ours)} ms / {ms(reference)} ms = **{ratio:.2f}×** ({verdict} the {LATENCY_AIM}× aim)"


def report(
    plan: Plan,
    stack: StackResults,
    reference: Optional[ReferenceResults],
    reference_note: str,
    startup: Optional[List[StartupRun]],
    quick: bool,
) -> str:
    out: List[str] = []
    add = out.append
    if quick:
        add("**Smoke run (`--quick`): too few messages for meaningful percentiles.**\n")
    add(f"Machine: {machine_line()}.")
    model_note = "" if stack.model_current else " (given with --model; not checked against the training data)"
    add(
        f"Model: `{stack.model.relative_to(PROJECT_ROOT) if stack.model.is_relative_to(PROJECT_ROOT) else stack.model}`{model_note}. "
        f"The front end handles {stack.concurrent_updates} update(s) at a time (python-telegram-bot `concurrent_updates`).\n"
    )
    add(
        "How it was measured: one run starts a throwaway stack (action server and "
        f"{stack.rasa_servers} Rasa server(s) (`RASA_SERVERS`) as `make serve` starts them, own SQLite database and ports), a local fake Telegram Bot API server (`tools/fake_telegram.py`) and the real "
        "python-telegram-bot application (`bot.telegram_app.build_application`, long polling) in the benchmark process. "
        "**Latency** is the time from the moment the fake's `getUpdates` hands the user's update to the bot until the bot's first "
        "`sendMessage` request for that chat arrives at the fake (one clock, one process); it includes PTB's queueing, the REST "
        "call to Rasa, NLU, policies, the action server and the tracker store, and excludes Telegram's own network. "
        f"Each simulated user sends its next message only after the previous turn's replies arrived. After warm-up "
        f"({plan.warmup} turn(s) of each type per user), each turn type runs {plan.single} sequential messages at 1 user and "
        f"{plan.per_user} messages per user at {plan.users} concurrent users. Errors: no reply within {plan.timeout:.0f} s, a reply "
        'starting with "Het lukt nu even niet" or "Sorry, daar ging iets mis", or not the expected reply.\n'
    )
    add("Turns: " + "; ".join(f"**{t.label}**: {TURN_DESCRIPTIONS[t.key]}" for t in TURN_TYPES) + ".\n")

    add("### Latency, Telegram path (update fetched → sendMessage issued)\n")
    add("| Turn | Users | Messages | p50 ms | p95 ms | max ms | p95 to last sendMessage, ms | Errors |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for turn, *phases in stack.telegram:
        for stats in phases:
            worst = max(stats.latencies) if stats.latencies else None
            add(
                f"| {turn.label} | {stats.users} | {stats.count} | {ms(stats.p(50))} | {ms(stats.p(95))} | {ms(worst)} | "
                f"{ms(stats.p(95, stats.latencies_last))} | {errors_text(stats)} |"
            )
    queued = [q for _, *phases in stack.telegram for s in phases for q in s.queued]
    if queued:
        add(
            f"\nFrom `push` to `getUpdates` handing it out (not part of the latency): p50 {ms(percentile(queued, 50))} ms, p95 {ms(percentile(queued, 95))} ms."
        )

    add("\n### Reference: REST round trip, ours vs a fresh `rasa init` bot (same run)\n")
    add(
        "`POST /webhooks/rest/webhook`, timed by the client (httpx, keep-alive), same load pattern as above. Ours: the NLU-only "
        'turn against our first Rasa server (one process, like the reference). Reference: "hello" → `utter_greet` on a fresh `rasa init --no-prompt` project, trained in '
        "this run with this venv's Rasa and served by `rasa run --enable-api` (in-memory tracker store; ours uses the SQL one).\n"
    )
    add("| Server | Users | Messages | p50 ms | p95 ms | Errors |")
    add("| --- | ---: | ---: | ---: | ---: | --- |")
    rows = [("Buurtbot Rasa, NLU-only turn", s) for s in stack.rest]
    if reference:
        rows += [('`rasa init` reference, "hello"', s) for s in reference.rest]
    for name, stats in rows:
        add(
            f"| {name} | {stats.users} | {stats.count} | {ms(stats.p(50))} | {ms(stats.p(95))} | {errors_text(stats)} |"
        )
    if reference:
        add(
            f"\nThe reference trained in {reference.train_seconds:.0f} s. Our NLU-only p95 against the reference p95 (aim: at most {LATENCY_AIM}×):\n"
        )
        for index, users in enumerate(("1 user", f"{plan.users} concurrent users")):
            ref = reference.rest[index].p(95)
            add(ratio_line(f"REST, {users}", stack.rest[index].p(95), ref))
            add(ratio_line(f"Telegram path, {users}", stack.telegram[0][1 + index].p(95), ref))
    else:
        add(f"\n{reference_note}")

    t = stack.throughput
    rate = len(t.latencies) / t.elapsed if t.elapsed else 0.0
    add(f"\n### Sustained throughput, {t.users} concurrent users\n")
    add(
        f"Every user sends its next message as soon as the previous turn's replies arrived, for {plan.duration:.0f} s; turn types "
        "alternate. Rate = answered user messages / time until the last turn ended. The front end's AIORateLimiter "
        "(Telegram's flood limit) allows 30 requests with a chat id per second in total; each turn here sends 1 message.\n"
    )
    add("| Users | Window s | Answered | Errors | Messages/s | Goal | p50 ms | p95 ms |")
    add("| ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |")
    verdict = "met" if rate >= THROUGHPUT_GOAL and not t.errors else "not met"
    add(
        f"| {t.users} | {t.elapsed:.1f} | {len(t.latencies)} | {errors_text(t)} | {rate:.1f} | ≥ {THROUGHPUT_GOAL:.0f}/s, 0 errors: {verdict} | {ms(t.p(50))} | {ms(t.p(95))} |"
    )
    add(
        "\nCPU time per answered message in this window (/proc/PID/stat; the machine has "
        f"{os.cpu_count()} cores, so {1000 * (os.cpu_count() or 1) / THROUGHPUT_GOAL:.0f} ms in total per message is the most "
        f"{THROUGHPUT_GOAL:.0f}/s allows): "
        + ", ".join(f"{label} {ms(value)} ms" for label, value in stack.cpu_per_turn.items())
        + "."
    )

    add("\n### Resident memory after the load\n")
    add(
        "VmRSS (and peak VmHWM) from /proc. The front end is measured as this benchmark process, which also hosts the fake "
        "Telegram server and the load driver, so it overstates the real front end a little; `python -m launcher serve` without "
        "a token (measured during start-up, below) runs no PTB at all.\n"
    )
    add("| Process | Command | RSS MiB | Peak MiB |")
    add("| --- | --- | ---: | ---: |")
    memory = list(stack.memory) + (reference.memory if reference else [])
    memory += [m for run in (startup or [])[:1] for m in run.memory]
    for row in memory:
        add(f"| {row.label} | `{row.command}` | {mib(row.rss_kib)} | {mib(row.peak_kib)} |")

    add("\n### Start-up: `make serve` until ready\n")
    if startup:
        add(
            "`python -m launcher serve` (what `make serve` runs, without make's venv check), without TELEGRAM_BOT_TOKEN, on a throwaway var "
            'dir and free ports, timed from launch until "Buurtbot is ready" appears on its standard error; the model was already '
            "trained. Stopped with Ctrl-C (SIGINT) after each run.\n"
        )
        add("| Run | Seconds to ready | It reports | Note |")
        add("| --- | ---: | ---: | --- |")
        for run in startup:
            add(
                f"| {run.label} | {'–' if run.seconds is None else f'{run.seconds:.1f}'} | {run.reported or '–'} | {run.note} |"
            )
    else:
        add("Skipped in this run (`--no-startup`, or the model was not up to date so start-up would include training).")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------- main


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_frontend", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: few messages, 5 s throughput window; writes nothing unless --write",
    )
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the rasa init reference (it trains a model: minutes)"
    )
    parser.add_argument("--no-startup", action="store_true", help="skip timing `python -m launcher serve`")
    parser.add_argument("--users", type=int, help="concurrent users (default 20)")
    parser.add_argument("--single", type=int, help="sequential messages per turn type at 1 user (default 50; quick 5)")
    parser.add_argument("--per-user", type=int, help="messages per user per turn type at N users (default 15; quick 2)")
    parser.add_argument("--duration", type=float, help="throughput window in seconds (default 30; quick 5)")
    parser.add_argument("--warmup", type=int, help="warm-up turns per user per turn type (default 2; quick 1)")
    parser.add_argument("--startup-runs", type=int, help="start-up measurements (default 2; quick 1)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds a turn may take before it counts as an error (default 60)"
    )
    parser.add_argument(
        "--model", type=Path, help="use this model archive as it is instead of `make train`'s (smoke runs)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, databases)")
    args = parser.parse_args(argv)
    plan = plan_from(args)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="buurtbot-bench-"))
    say(f"Working in {workdir}")
    try:
        reference, reference_note = None, "Reference skipped in this run (`--no-reference`)."
        if not args.no_reference:
            try:
                reference = measure_reference(workdir, plan, say)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # the rest is still worth measuring
                reference_note = f"The reference could not be measured: {str(exc).splitlines()[0]}"
                say(reference_note)
        stack = measure_stack(workdir, plan, args.model, say)
        startup = None
        if not args.no_startup:
            if model_is_current(stack_settings(workdir / "check")):
                startup = measure_startup(workdir, plan.startup_runs, 600.0, say)
            else:
                say(
                    "Skipping start-up: the model is not up to date, so `make serve` would train first (run `make train`)."
                )
    finally:
        if args.keep:
            say(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    body = report(plan, stack, reference, reference_note, startup, args.quick)
    print(body)
    if not args.no_write and (args.write or not args.quick):
        write_section(*SECTION, body)
        say(f"Written to {PROJECT_ROOT / 'docs' / 'benchmarks.md'} (section '{SECTION[0]}').")
    return 0


if __name__ == "__main__":
    sys.exit(main())
