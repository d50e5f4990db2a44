"""The whole back end: a real model, the real action server and Rasa, over real HTTP."""

import asyncio
import glob
import json
import os
import socket
import subprocess
import sys
import time
from typing import Optional

import httpx
import pytest
from sqlalchemy import func, select

from bot.rasa_client import RasaClient
from buurtbot.config import PROJECT_ROOT
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person, ReferralPartner, Role
from launcher.stack import StackError, ensure_port_free, free_port
from tests.conftest import make_settings


async def test_a_greeting_gets_a_dutch_reply_from_a_custom_action(stack, stack_settings) -> None:
    client = RasaClient(stack_settings.rasa_urls, timeout=30)
    try:
        replies = await client.send("test-user-1", "hoi", {"first_name": "Fatima"})
    finally:
        await client.close()
    texts = " ".join(r.text or "" for r in replies)
    assert "Hoi Fatima! Ik ben Buurtbot." in texts
    assert any(b.payload == "/share_dream" for r in replies for b in r.buttons)
    with session_scope(stack_settings) as session:  # the action server wrote the person to the database
        person = session.execute(select(Person).where(Person.sender_id == "test-user-1")).scalar_one()
        assert person.role == Role.bewoner


async def test_emergency_answers_with_112_first(stack, stack_settings) -> None:
    client = RasaClient(stack_settings.rasa_urls, timeout=30)
    try:
        replies = await client.send("test-user-2", "help mijn buurman slaat zijn vrouw, ze gilt")
    finally:
        await client.close()
    assert "112" in replies[0].text


def test_the_conversation_is_kept_in_the_database(stack, stack_settings) -> None:
    import httpx

    response = httpx.get(
        f"{stack_settings.rasa_url}/conversations/test-user-1/tracker",
        params={"token": stack_settings.rasa_auth_token},
        timeout=30,
    )
    assert response.status_code == 200
    from sqlalchemy import text

    with session_scope(stack_settings) as session:
        count = session.execute(text("SELECT count(*) FROM events WHERE sender_id = 'test-user-1'")).scalar()
    assert count > 0


def test_the_http_api_needs_the_token(stack, stack_settings) -> None:
    import httpx

    response = httpx.get(f"{stack_settings.rasa_url}/conversations/test-user-1/tracker", timeout=30)
    assert response.status_code == 401


def test_a_port_in_use_is_one_clear_sentence() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(StackError, match=f"Port {port} on 127.0.0.1 is already in use.*RASA_PORT"):
            ensure_port_free("127.0.0.1", port, "RASA_PORT")


def time_wait_ports() -> set:
    """Local ports with a connection in TIME_WAIT (state 06 in /proc/net/tcp)."""
    lines = open("/proc/net/tcp").read().splitlines()[1:]
    return {int(fields[1].split(":")[1], 16) for fields in (line.split() for line in lines) if fields[3] == "06"}


@pytest.mark.integration  # starts the real action server
def test_a_restart_straight_after_a_stop_finds_its_port_free(tmp_path) -> None:
    """The action server, stopped with a connection open, leaves its port in TIME_WAIT; the port check binds
    the way the servers do, so the restart is not refused, and the new server answers."""
    import httpx

    from launcher.stack import Stack, terminate
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, ACTION_PORT=str(free_port()))
    stack = Stack(settings, model_path=tmp_path / "unused.tar.gz")
    server = stack.start_action_server()
    health = server.health_url
    stack.wait_until_ready(60)
    with httpx.Client() as client:  # a kept-alive connection, which the server closes when it stops
        assert client.get(health).status_code == 200
        terminate(server.process)
    assert settings.action_port in time_wait_ports(), "no TIME_WAIT: the test would prove nothing"
    ensure_port_free(settings.action_host, settings.action_port, "ACTION_PORT")
    stack.restart("action server", timeout=60)
    try:
        assert httpx.get(health).status_code == 200
    finally:
        stack.stop()


def run_bot(*args: str, env: dict, input: Optional[str] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "launcher", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.integration
def test_make_run_with_a_bad_database_url_exits_with_one_sentence(tmp_path) -> None:
    import os

    env = dict(
        os.environ,
        BUURTBOT_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgresql://x:y@127.0.0.1:1/none",
        RASA_PORT=str(free_port(count=2)),
        ACTION_PORT=str(free_port()),
        DASHBOARD_PORT=str(free_port()),
    )
    result = run_bot("run", env=env)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Buurtbot could not start: Cannot connect to the database")
    assert "Traceback" not in result.stderr


def find_python(kind: str, tmp_path) -> subprocess.CompletedProcess:
    """setup_venv.sh's interpreter search, on a PATH with only the system's Pythons and no pyenv."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")}
    command = ["bash", "scripts/setup_venv.sh", kind, "--find-python"]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


def system_python(condition: str) -> bool:
    found = glob.glob("/usr/bin/python3*") + glob.glob("/usr/local/bin/python3*")
    check = f"import sys; sys.exit(0 if {condition} else 1)"
    return any(
        subprocess.run([p, "-c", check], capture_output=True).returncode == 0 for p in found if os.access(p, os.X_OK)
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    "kind, condition, says",
    [
        ("rasa", "sys.version_info[:2] == (3, 10)", ["needs Python 3.10", "install python3.10"]),
        ("app", "sys.version_info[:2] >= (3, 12)", ["needs Python 3.12 or newer", "install python3.12"]),
    ],
)
def test_setup_without_the_right_python_names_what_to_install(tmp_path, kind, condition, says) -> None:
    if system_python(condition):
        pytest.skip("this machine has a system-wide Python that fits")
    result = find_python(kind, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert all(part in result.stderr for part in says)


@pytest.mark.integration
def test_setup_names_its_two_environments_only(tmp_path) -> None:
    result = find_python("python3.10", tmp_path)
    assert result.returncode == 2 and "app|rasa" in result.stderr


def test_the_rasa_servers_use_their_speed_ups_and_no_other_process_does(stack, stack_settings) -> None:
    """nlu/server.py logs each speed-up at its first use: a custom action's answer (the greeting) and a stored
    conversation loaded again make both run. The action server never loads them."""
    import httpx

    from buurtbot.server_logs import SPEED_UP_IN_USE as IN_USE

    for _ in range(2):  # the second message loads the stored conversation
        httpx.post(
            f"{stack_settings.rasa_url}/webhooks/rest/webhook",
            params={"token": stack_settings.rasa_auth_token},
            json={"sender": "speed-up-user", "message": "hoi"},
            timeout=120,
        )
    logs = {path.name: path.read_text(errors="replace") for path in (stack_settings.var_dir / "log").glob("*.log")}
    rasa_logs = "".join(text for name, text in logs.items() if name.startswith("rasa"))
    assert f"{IN_USE} cached schema check" in rasa_logs
    assert f"{IN_USE} event class table" in rasa_logs
    assert IN_USE not in logs.get("actions.log", "")


def test_no_secret_reaches_the_server_logs(stack, stack_settings) -> None:
    import httpx

    httpx.get(f"{stack_settings.rasa_url}/status", params={"token": stack_settings.rasa_auth_token}, timeout=30)
    logs = "".join(path.read_text(errors="replace") for path in (stack_settings.var_dir / "log").glob("*.log"))
    assert logs and stack_settings.rasa_auth_token not in logs


@pytest.mark.skipif(
    subprocess.run(["git", "rev-parse"], cwd=PROJECT_ROOT, capture_output=True).returncode != 0,
    reason="not a git checkout",
)
def test_secrets_data_model_and_venv_are_kept_out_of_git() -> None:
    for path in (
        "var/secrets.env",
        "var/buurtbot.db",
        "models/buurtbot.tar.gz",
        ".venv/bin/python",
        ".venv-rasa/bin/python",
        ".venv-uv/bin/uv",
        "buurtbot.egg-info/PKG-INFO",
        "data/nlu/wijken.yml",
    ):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=PROJECT_ROOT)
        assert ignored.returncode == 0, (
            f"{path} could be committed"
        )  # secrets, data, model, venv and generated files stay out of git


async def test_a_user_whose_rasa_server_is_down_goes_on_with_the_next_one(stack, stack_settings) -> None:
    """Two Rasa servers: the users of a killed server go to the next server of their ranking and their
    conversation goes on there (it lives in the database, not in the server); the other users never notice;
    after the restart each user is back on their own server, still in the same conversation."""
    client = RasaClient(stack_settings.rasa_urls, timeout=30)
    first, second = stack_settings.rasa_urls
    senders = [f"shard-user-{i}" for i in range(20)]
    on_first = next(s for s in senders if client.url_for(s) == first)
    on_second = next(s for s in senders if client.url_for(s) == second)
    try:
        assert "wens" in " ".join(r.text or "" for r in await client.send(on_second, "ik wil een wens delen")).lower()
        stack.kill("Rasa server 2")
        assert "Ik ben Buurtbot" in (await client.send(on_first, "ben jij een robot"))[0].text
        moved = await client.send(on_second, "een bankje bij de speeltuin")  # answered by server 1
        stack.restart("Rasa server 2")
        back = await client.send(on_second, "in de wijk")  # server 2 again, which sees what server 1 stored
    finally:
        await client.close()
    # Exactly the dream form's next questions: had the conversation been lost on the way, the sentences would start
    # a new one (a fallback, a new form, or the greeting, whose "Waarmee kan ik je helpen?" also holds "waar").
    assert [r.text for r in moved] == ["Waar gaat je wens over?"]
    assert [r.text for r in back] == ["In welke wijk woon je?"]  # the form's next question, after the place


def test_adding_a_server_moves_only_its_share_of_users_and_removing_one_only_its_own() -> None:
    """Rendezvous hashing: with a third server, the users who move all move to it, about a third of them;
    without the second server, only the second server's users move."""
    two = ["http://10.0.0.1:5005", "http://10.0.0.2:5005"]
    three = two + ["http://10.0.0.3:5005"]
    senders = [str(5000 + i) for i in range(3000)]
    before, after = servers_of(two, senders), servers_of(three, senders)
    moved = [s for s in senders if before[s] != after[s]]
    assert {after[s] for s in moved} == {three[2]}
    assert 0.28 < len(moved) / len(senders) < 0.39
    without_second = servers_of([two[0], three[2]], senders)
    assert [s for s in senders if after[s] != without_second[s]] == [s for s in senders if after[s] == two[1]]


@pytest.mark.integration  # processes of their own
def test_each_user_has_the_same_server_in_every_process() -> None:
    """The server of a user does not depend on the process (Python's hash() differs per process): another
    process with another hash seed, as after a restart, sends every user to the same server as this one."""
    urls = ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]
    senders = [f"shard-user-{i}" for i in range(20)] + ["5001", "terminal:fatima", "ü-ñ"]
    script = (
        "import json, sys; from bot.rasa_client import RasaClient; client = RasaClient(json.loads(sys.argv[1]), 1); "
        "print(json.dumps([client.url_for(s) for s in json.loads(sys.argv[2])]))"
    )
    here = [url_for(urls, sender) for sender in senders]
    assert set(here) == set(urls)  # both servers get users
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        other = subprocess.run(
            [sys.executable, "-c", script, json.dumps(urls), json.dumps(senders)],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert json.loads(other.stdout) == here


def servers_of(urls: list, senders: list) -> dict:
    client = RasaClient(urls, timeout=1)
    try:
        return {sender: client.url_for(sender) for sender in senders}
    finally:
        asyncio.run(client.close())


def url_for(urls: list, sender: str) -> str:
    client = RasaClient(urls, timeout=1)
    try:
        return client.url_for(sender)
    finally:
        asyncio.run(client.close())


@pytest.mark.stack  # `make run` starts the real servers
def test_make_run_chats_in_the_terminal_with_one_rasa_server(tmp_path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RASA_SERVERS", "DATABASE_URL")}
    env.update(BUURTBOT_VAR_DIR=str(tmp_path), RASA_PORT=str(free_port(count=2)), ACTION_PORT=str(free_port()))
    env.update(DASHBOARD_PORT=str(free_port()))
    result = run_bot("run", env=env, input="hoi\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Starting the action server, the dashboard and 1 Rasa server(s)" in result.stderr  # one user: one server
    assert f"Staff dashboard: http://127.0.0.1:{env['DASHBOARD_PORT']}" in result.stderr
    assert "Ik ben Buurtbot." in result.stdout and "Waarmee kan ik je helpen?" in result.stdout


@pytest.mark.integration  # Rasa's parser runs in a process of the Rasa environment
def test_a_token_that_starts_with_a_dash_is_passed_as_the_token(tmp_path) -> None:
    """secrets.token_urlsafe may start with "-": `rasa run` must still read it as the token, not as an option.
    Rasa's own parser reads the command, in the Rasa environment (launcher/rasa_env.py), where the servers run."""
    from buurtbot.config import Settings
    from launcher.stack import Stack

    settings = Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path), "RASA_AUTH_TOKEN": "-starts-with-a-dash"})
    command = Stack(settings, tmp_path / "model.tar.gz")._rasa_command(5005)
    parse = "import sys; from rasa.__main__ import create_argument_parser; print(create_argument_parser().parse_args(sys.argv[1:]).auth_token)"
    result = subprocess.run([command[0], "-c", parse, *command[3:]], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "-starts-with-a-dash"


@pytest.mark.integration  # a process of its own
def test_launcher_migrate_prepares_the_database_and_stops(tmp_path) -> None:
    env = dict(os.environ, BUURTBOT_VAR_DIR=str(tmp_path), RASA_AUTH_TOKEN="t")
    env.pop("DATABASE_URL", None)
    result = run_bot("migrate", env=env)
    assert result.returncode == 0, result.stderr[-500:]
    settings = make_settings(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'buurtbot.db'}")
    with session_scope(settings) as session:
        assert session.execute(select(func.count()).select_from(ReferralPartner)).scalar_one() > 10


@pytest.mark.stack  # one real Rasa server, as a container or a host of its own runs it
def test_launcher_rasa_runs_one_rasa_server_in_the_foreground(stack, tmp_path) -> None:
    port = free_port()
    env = dict(os.environ, BUURTBOT_VAR_DIR=str(tmp_path), RASA_AUTH_TOKEN="t", RASA_PORT=str(port))
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "launcher", "rasa"], cwd=PROJECT_ROOT, env=env)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/status", params={"token": "t"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the Rasa server did not start"
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=60)
