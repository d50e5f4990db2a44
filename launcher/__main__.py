"""`python -m launcher run|serve|train|frontend|worker`: what `make run`, `make serve` and `make train` do.

run       set up what is missing, start the servers and chat: Telegram with TELEGRAM_BOT_TOKEN,
          else in this terminal (reads standard input; ends at end of input)
serve     the same without a terminal chat: servers, plus Telegram when a token is set
train     train the model if its inputs changed
frontend  only the Telegram front end, for servers that run elsewhere (RASA_HOST, RASA_PORT, RASA_SERVERS);
          it runs the worker too, unless --without-worker says a separate worker process runs
worker    only the scheduled jobs (outbox delivery, reminders, digest, retention), sending through Telegram
rasa      one Rasa server in the foreground (RASA_PORT), for a container or a host of its own (deploy/)
migrate   bring the database schema up to date and seed an empty referral index, then stop

Every process logs to standard error and to var/log/<process>.log, at LOG_LEVEL (buurtbot/server_logs.py).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from buurtbot import server_logs
from buurtbot.config import PROJECT_ROOT, ConfigError, Settings, get_settings
from buurtbot.referral.index import IndexFileError, seed_index
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from launcher.model import ensure_model
from launcher.stack import StackError, check_ports, rasa_server_command, running_stack

COMMANDS = ("run", "serve", "train", "frontend", "worker", "rasa", "migrate")


def prepare(settings: Settings) -> Path:
    """Model, database schema and referral index: everything the servers need before they start."""
    model = ensure_model(settings)
    upgrade(settings)
    with session_scope(settings) as session:
        # The database holds the index (buurtbot/referral/editing.py): the file only fills an empty one.
        seeded, count = seed_index(session)
    source = "loaded from data/referral_index.yml" if seeded else "kept in the database"
    print(f"Database ready; referral index {source} ({count} partners).", file=sys.stderr)
    return model


def run(settings: Settings, chat_in_terminal: bool) -> None:
    started = time.monotonic()
    if chat_in_terminal and not settings.telegram_bot_token and "RASA_SERVERS" not in os.environ:
        # The terminal chat has one user: one Rasa server starts sooner and uses half the memory.
        settings = dataclasses.replace(settings, rasa_servers=1)
    check_ports(settings)  # fail fast, before minutes of training
    model = prepare(settings)
    rasa = (
        f"using the Rasa servers of RASA_URLS ({', '.join(settings.rasa_urls)})"
        if settings.rasa_remote_urls
        else f"{settings.rasa_servers} Rasa server(s)"
    )
    print(f"Starting the action server, the dashboard and {rasa} ...", file=sys.stderr)
    with running_stack(settings, model):
        print(f"Buurtbot is ready: start-up took {time.monotonic() - started:.1f} s.", file=sys.stderr)
        print(f"Staff dashboard: {settings.dashboard_url} (sign in by sending /dashboard to the bot).", file=sys.stderr)
        if settings.telegram_bot_token:
            run_telegram(settings, with_worker=True)
        elif chat_in_terminal:
            asyncio.run(_terminal_chat(settings))
        else:
            print(f"Servers running (Rasa on {', '.join(settings.rasa_urls)}). Stop with Ctrl-C.", file=sys.stderr)
            signal.pause()


def run_telegram(settings: Settings, with_worker: bool) -> None:
    from bot import telegram_app
    from launcher.worker import start_with, stop_with

    if with_worker:
        telegram_app.run(settings, on_start=start_with, on_stop=stop_with)
    else:
        telegram_app.run(settings)


def _need_token(settings: Settings, process: str) -> None:
    if not settings.telegram_bot_token:
        raise ConfigError(f"TELEGRAM_BOT_TOKEN is not set: the {process} needs it to reach Telegram.")


async def _terminal_chat(settings: Settings) -> None:
    from bot.rasa_client import RasaClient
    from bot.terminal import TerminalSink, chat, terminal_sender
    from worker.jobs import start_jobs, stop_jobs

    client = RasaClient(settings.rasa_urls, settings.rasa_timeout)
    jobs = start_jobs(settings, TerminalSink(terminal_sender(), sys.stdout))
    try:
        await chat(client)
    finally:
        await stop_jobs(*jobs)
        await client.close()


def _stop_on_sigterm() -> None:
    # SIGTERM unwinds like Ctrl-C, so the servers we started are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))


def dispatch(command: str, settings: Settings, without_worker: bool) -> None:
    if command == "train":
        ensure_model(settings)
    elif command == "frontend":
        _need_token(settings, "front end")
        upgrade(settings)
        run_telegram(settings, with_worker=not without_worker)
    elif command == "migrate":
        upgrade(settings)
        with session_scope(settings) as session:
            seed_index(session)
    elif command == "rasa":
        # Replaces this process, so the container's stop signal reaches Rasa itself.
        command_line = rasa_server_command(settings, ensure_model(settings), settings.rasa_port)
        os.chdir(PROJECT_ROOT)  # credentials.yml and nlu/ are found from the project's folder
        os.execve(command_line[0], command_line, settings.process_env())
    elif command == "worker":
        _need_token(settings, "worker")
        upgrade(settings)
        from launcher.worker import run_worker

        asyncio.run(run_worker(settings))
    else:
        run(settings, chat_in_terminal=command == "run")


def configure_logging(settings: Settings, command: str) -> None:
    # The terminal chat shares the terminal with the user: only warnings go there, the rest to the file.
    stderr_level = "WARNING" if command == "run" else "DEBUG"
    process = {"run": "launcher", "serve": "launcher", "train": "launcher"}.get(command, command)
    server_logs.configure_process(settings, process, stderr_level)


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m launcher", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument(
        "--without-worker", action="store_true", help="frontend: a separate worker process runs the jobs"
    )
    args = parser.parse_args(argv)
    _stop_on_sigterm()
    try:
        settings = get_settings()
        configure_logging(settings, args.command)
        dispatch(args.command, settings, args.without_worker)
    except (ConfigError, StackError, IndexFileError) as exc:
        print(f"Buurtbot could not start: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(
            f"Buurtbot could not start: '{' '.join(map(str, exc.cmd[:4]))}' failed (exit {exc.returncode}).",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
