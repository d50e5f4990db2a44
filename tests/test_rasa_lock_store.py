"""Rasa's lock store in Redis (REDIS_URL): what keeps one sender's messages in order is shared by every Rasa
server, so a sender who moves to another server (bot/rasa_client.py) is never handled by two at once.
A real Redis server from Debian's packages (make test installs it: scripts/redis.sh)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from buurtbot.config import Settings
from buurtbot.referral.index import load_index
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from launcher.model import ensure_model
from launcher.rasa_env import ENDPOINTS, endpoints_file
from launcher.stack import free_port, running_stack
from tests.conftest import make_settings
from tests.databases import fresh_database
from tests.test_faults import say


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/redis.sh ensure-installed (make test does)"
    port, workdir = free_port(), tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip()
            != "PONG"
        ):
            assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_without_redis_url_the_servers_start_with_the_projects_endpoints(tmp_path: Path) -> None:
    assert endpoints_file(make_settings(tmp_path)) == ENDPOINTS


def test_with_redis_url_the_lock_store_is_redis_in_a_private_file(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, REDIS_URL="redis://:geheim@10.0.0.9:6380/2")
    generated = endpoints_file(settings)
    endpoints = yaml.safe_load(generated.read_text())
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "10.0.0.9",
        "port": 6380,
        "db": 2,
        "use_ssl": False,
        "key_prefix": "buurtbot",
        "password": "geheim",
    }
    assert endpoints["tracker_store"] == yaml.safe_load(ENDPOINTS.read_text())["tracker_store"]
    assert generated.stat().st_mode & 0o777 == 0o600


@pytest.mark.stack  # a Rasa server of its own, with Redis as its lock store
def test_a_rasa_server_with_redis_url_locks_each_sender_in_redis(tmp_path_factory, redis_port: int) -> None:
    var_dir = tmp_path_factory.mktemp("redis-stack")
    with fresh_database(var_dir) as url:
        settings: Settings = make_settings(
            var_dir,
            DATABASE_URL=url,
            RASA_PORT=str(free_port()),
            ACTION_PORT=str(free_port()),
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/1",
        )
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
        with running_stack(settings, ensure_model(settings)):
            monitor = subprocess.Popen(
                ["redis-cli", "-p", str(redis_port), "MONITOR"], stdout=subprocess.PIPE, text=True
            )
            try:
                time.sleep(0.5)
                assert "Ik ben Buurtbot" in say(settings, "redis-lock-user", "ben jij een robot")
            finally:
                monitor.terminate()
            seen = monitor.communicate(timeout=30)[0]
    locks = [line for line in seen.splitlines() if "redis-lock-user" in line]
    assert locks, seen[-2000:]  # Rasa took (and released) the sender's lock in Redis
    assert all("buurtbot" in line for line in locks)
