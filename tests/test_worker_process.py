"""The worker as a process of its own (`python -m launcher worker`) next to a front end that runs
without it (`python -m launcher frontend --without-worker`): the worker alone delivers the outbox,
and each process logs to standard error and to its own file under var/log/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest
from sqlalchemy import func, select

from buurtbot import outbox, server_logs
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.people import get_or_create_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage
from tests.conftest import make_settings
from tools.fake_telegram import FakeTelegram

TEXT = "Je bijeenkomst begint morgen om 14:00."


def start(settings: Settings, fake: FakeTelegram, *args: str) -> subprocess.Popen:
    env = {**settings.process_env(), "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url}
    return subprocess.Popen(
        [sys.executable, "-m", "launcher", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> str:
    """SIGTERM, as a service manager stops it; returns what the process wrote to standard error."""
    os.killpg(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    return stderr


def queue(settings: Settings, count: int) -> List[str]:
    texts = [f"{TEXT} ({n})" for n in range(count)]
    with session_scope(settings) as session:
        for n, text in enumerate(texts):
            outbox.enqueue(
                session, f"worker-test:{n}", get_or_create_person(session, str(700000 + n)), "notification", text
            )
    return texts


def undelivered(settings: Settings) -> int:
    with session_scope(settings) as session:
        return session.execute(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.delivered_at.is_(None))
        ).scalar()


def test_only_the_worker_delivers_when_the_front_end_runs_without_it(settings: Settings) -> None:
    texts = queue(settings, 5)
    with FakeTelegram.running() as fake:
        front = start(settings, fake, "frontend", "--without-worker")
        try:
            fake.wait_until(lambda: "default" in fake.commands, timeout=120)  # the front end is up
            time.sleep(5)  # more than two delivery intervals of a worker, had one run inside the front end
            assert fake.texts() == [] and undelivered(settings) == len(texts)
            worker = start(settings, fake, "worker")
            fake.wait_until(lambda: set(texts) <= set(fake.texts()), timeout=120)
            worker_stderr = stop(worker)
        finally:
            front_stderr = stop(front)
    assert worker.returncode == 0, worker_stderr
    assert sorted(fake.texts()) == sorted(texts)  # each once
    assert undelivered(settings) == 0
    for process, stderr in (("worker", worker_stderr), ("frontend", front_stderr)):
        written = (settings.var_dir / "log" / f"{process}.log").read_text()
        assert written.strip(), f"var/log/{process}.log is empty"
        assert "INFO" in stderr or "DEBUG" in stderr, f"{process} wrote no log lines to standard error"
        assert TEXT not in written and TEXT not in stderr, f"{process} logged a message text"
        assert fake.token not in written and fake.token not in stderr, f"{process} logged the bot token"


@pytest.mark.integration
def test_the_worker_without_a_token_says_why_it_cannot_start(settings: Settings) -> None:
    env = {**settings.process_env(), "TELEGRAM_BOT_TOKEN": ""}
    result = subprocess.run(
        [sys.executable, "-m", "launcher", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


LOGS_ONE_LINE = (
    "import logging; from buurtbot import server_logs; from buurtbot.config import get_settings; "
    "server_logs.configure_process(get_settings(), 'actions'); logging.getLogger('actions').info('gestart')"
)


def log_one_line(settings: Settings, started_by_launcher: bool) -> str:
    env = {**settings.process_env(), server_logs.STDERR_IS_LOG: "1" if started_by_launcher else "0"}
    result = subprocess.run(
        [sys.executable, "-c", LOGS_ONE_LINE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.stderr


@pytest.mark.integration  # processes of their own
def test_a_process_logs_to_its_file_unless_the_launcher_already_writes_its_stderr_there(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    log_file = settings.var_dir / "log" / "actions.log"
    assert "gestart" in log_one_line(settings, started_by_launcher=True)
    assert not log_file.exists()
    assert "gestart" in log_one_line(settings, started_by_launcher=False)
    assert "gestart" in log_file.read_text()
