"""Starts and stops the servers behind the front end: the action server, the Rasa server(s) and the staff
dashboard (dashboard/).

Rasa works on one message at a time per process, so `RASA_SERVERS` processes (default 2) serve the same
model on consecutive ports, and the front end sends each user to one of them (bot/rasa_client.py).

Used by `make run` / `make serve` and by the integration tests, so both start the stack one way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional

import httpx

from buurtbot import server_logs
from buurtbot.config import PROJECT_ROOT, Settings
from launcher.rasa_env import endpoints_file, rasa_python

# One TensorFlow thread per Rasa process: the processes already use the cores in parallel, and TensorFlow's own
# threads only fight over them (with 2 threads each, Rasa used ~50 % more CPU per message; docs/benchmarks.md).
RASA_THREADS = {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}
STARTUP_TIMEOUT = 300.0  # seconds; loading a model takes tens of seconds on 2 cores


class StackError(Exception):
    """The stack could not start; the message is one sentence for the operator."""


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    log_path: Path
    command: List[str]
    env: dict
    health_url: str
    health_params: dict = field(default_factory=dict)

    def log_tail(self, lines: int = 15) -> str:
        return log_tail(self.log_path, lines)


@dataclass
class Stack:
    settings: Settings
    model_path: Path
    servers: List[Server] = field(default_factory=list)

    def start(self) -> None:
        check_ports(self.settings)
        self.start_action_server()
        self.start_dashboard()
        log_dir, env = self._log_dir(), self._env()
        rasa_env = {**RASA_THREADS, **env}  # the operator's own TF_* settings win
        local = [] if self.settings.rasa_remote_urls else self.settings.rasa_urls  # RASA_URLS: they run elsewhere
        for index, url in enumerate(local):
            name, log = (
                ("Rasa server", "rasa.log") if index == 0 else (f"Rasa server {index + 1}", f"rasa-{index + 1}.log")
            )
            command = self._rasa_command(self.settings.rasa_port + index)
            self.servers.append(
                self._spawn(
                    name, command, rasa_env, log_dir / log, f"{url}/status", {"token": self.settings.rasa_auth_token}
                )
            )

    def start_action_server(self) -> Server:
        """Starts the action server alone (`start` starts it with the rest); wait with `wait_until_ready`."""
        health = f"http://{self.settings.action_host}:{self.settings.action_port}/health"
        server = self._spawn(
            "action server", self._action_command(), self._env(), self._log_dir() / "actions.log", health
        )
        self.servers.append(server)
        return server

    def start_dashboard(self) -> Server:
        """Starts the staff dashboard alone (`start` starts it with the rest); wait with `wait_until_ready`."""
        health = f"http://{self.settings.dashboard_host}:{self.settings.dashboard_port}/health"
        command = [sys.executable, "-m", "dashboard", "--port", str(self.settings.dashboard_port)]
        server = self._spawn("dashboard", command, self._env(), self._log_dir() / "dashboard.log", health)
        self.servers.append(server)
        return server

    def _log_dir(self) -> Path:
        log_dir = self.settings.var_dir / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        return log_dir

    def _env(self) -> dict:
        env = self.settings.process_env()
        env["SANIC_HOST"] = self.settings.action_host  # the action server binds to this interface
        env[server_logs.STDERR_IS_LOG] = "1"  # their standard error goes to var/log/<server>.log
        return env

    @property
    def rasa_servers(self) -> List[Server]:
        return [server for server in self.servers if server.name.startswith("Rasa server")]

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT, only: Optional[str] = None) -> None:
        """Waits until every server (or only the one named) answers its health check."""
        deadline = time.monotonic() + timeout
        for server in self.servers:
            if only is not None and server.name != only:
                continue
            while not _responds(server.health_url, server.health_params):
                if server.process.poll() is not None:
                    raise StackError(
                        f"The {server.name} stopped while starting (see {server.log_path}):\n{server.log_tail()}"
                    )
                if time.monotonic() > deadline:
                    raise StackError(
                        f"The {server.name} did not become ready within {timeout:.0f} s (see {server.log_path})."
                    )
                time.sleep(0.5)

    def stop(self) -> None:
        for server in reversed(self.servers):
            terminate(server.process)
        self.servers.clear()

    def server(self, name: str) -> Server:
        return next(s for s in self.servers if s.name == name)

    def kill(self, name: str) -> None:
        """Stops one server at once, without a chance to clean up: what a crash does."""
        process = self.server(name).process
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart(self, name: str, timeout: float = STARTUP_TIMEOUT) -> None:
        """Starts a stopped (or crashed) server again and waits until it is ready."""
        old = self.server(name)
        if old.process.poll() is None:
            terminate(old.process)
        self.servers[self.servers.index(old)] = self._spawn(
            name, old.command, old.env, old.log_path, old.health_url, old.health_params
        )
        self.wait_until_ready(timeout, only=name)

    def _action_command(self) -> List[str]:
        return [sys.executable, "-m", "actions", "--port", str(self.settings.action_port)]

    def _rasa_command(self, port: int) -> List[str]:
        return rasa_server_command(self.settings, self.model_path, port)

    @staticmethod
    def _spawn(
        name: str, command: List[str], env: dict, log_path: Path, health_url: str, health_params: Optional[dict] = None
    ) -> Server:
        log = open(log_path, "ab")
        # A new session per child: Ctrl-C reaches only us, and we stop the children in order.
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return Server(name, process, log_path, command, env, health_url, health_params or {})


def rasa_server_command(settings: Settings, model_path: Path, port: int) -> List[str]:
    """One Rasa server: `rasa run` with the speed-ups of nlu/server.py, the REST channel and the HTTP API."""
    return [
        rasa_python(),
        "-m",
        "nlu.server",
        "run",
        "--model",
        str(model_path),
        # One argument with "=": a generated token may start with "-", which argparse would take for an option.
        "--enable-api",
        f"--auth-token={settings.rasa_auth_token}",
        "--interface",
        settings.rasa_host,
        "--port",
        str(port),
        "--endpoints",
        str(endpoints_file(settings)),
        "--credentials",
        "credentials.yml",
    ]


@contextmanager
def running_stack(settings: Settings, model_path: Path, timeout: float = STARTUP_TIMEOUT) -> Iterator[Stack]:
    stack = Stack(settings, model_path)
    try:
        stack.start()
        stack.wait_until_ready(timeout)
        yield stack
    finally:
        stack.stop()


def check_ports(settings: Settings) -> None:
    """Every server port must be free; raises StackError naming the port and its variable."""
    ensure_port_free(settings.action_host, settings.action_port, "ACTION_PORT")
    ensure_port_free(settings.dashboard_host, settings.dashboard_port, "DASHBOARD_PORT")
    for index in range(0 if settings.rasa_remote_urls else settings.rasa_servers):
        variable = "RASA_PORT" if index == 0 else f"RASA_PORT (+{index}, for RASA_SERVERS={settings.rasa_servers})"
        ensure_port_free(settings.rasa_host, settings.rasa_port + index, variable)


def ensure_port_free(host: str, port: int, variable: str) -> None:
    if not _is_free(host, port):
        raise StackError(
            f"Port {port} on {host} is already in use: stop the program that uses it or set {variable} to a free port."
        )


def free_port(host: str = "127.0.0.1", count: int = 1) -> int:
    """A free port; with `count`, the first of that many free consecutive ports (for RASA_PORT)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            first = sock.getsockname()[1]
        if first + count - 1 <= 65535 and all(_is_free(host, port) for port in range(first + 1, first + count)):
            return first


def _is_free(host: str, port: int) -> bool:
    """Binds as the servers do (Sanic sets SO_REUSEADDR): a port whose last connections linger in TIME_WAIT
    after a stop is free for them, and so it is here; a port something listens on is not."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _responds(url: str, params: dict) -> bool:
    try:
        response = httpx.get(url, params=params, timeout=2.0)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def terminate(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stops a child started in its own session: SIGTERM to its group, SIGKILL after `grace` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
