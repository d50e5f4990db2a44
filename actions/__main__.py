"""The action server: `python -m actions --port 5055`.

This is rasa-sdk's own server with one change. When an action fails, rasa-sdk answers HTTP 500 and
the user hears nothing. Here a failing action answers with a clear Dutch message instead, and a
separate message when the database cannot be reached. The error goes to the log, not to the user.
Also used by the stack (launcher/stack.py), so there is one way to start it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import traceback
import warnings
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import DBAPIError

from buurtbot import server_logs
from buurtbot.config import get_settings
from buurtbot.dreams import analysis

log = logging.getLogger("actions")

STORAGE_DOWN = "Het lukt nu even niet om iets op te slaan of op te zoeken. Probeer het over een paar minuten opnieuw."
FAILED = "Sorry, daar ging iets mis bij mij. Probeer het nog eens, of typ /help."


def failure_text(exception: BaseException) -> str:
    return STORAGE_DOWN if isinstance(exception, DBAPIError) else FAILED


async def answer_failure(request: Request, exception: Exception) -> HTTPResponse:
    action = (request.json or {}).get("next_action") if request.content_type == "application/json" else None
    # Frames and the error's type only: its message may quote what the user wrote (an SQL error quotes
    # its parameters), and an off-the-record story must never reach a log.
    log.error(
        "Action %s failed with %s:\n%s",
        action,
        type(exception).__name__,
        "".join(traceback.format_tb(exception.__traceback__)),
    )
    # No events: the conversation stays where it was, so the user can simply try again.
    return response.json({"events": [], "responses": [{"text": failure_text(exception)}]}, status=200)


async def warm_up(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Once the server answers: compile the wish analysis and load the date fallback in a thread, so neither
    delays the start nor the first user who needs them."""

    def load() -> None:
        analysis.warm_up()
        import dateparser.date  # noqa: F401

    await loop.run_in_executor(None, load)


def _executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    server_logs.configure_process(get_settings(), "actions")  # library debug output quotes users: never logged
    # Rasa 3.6 talks to a newer rasa-sdk on purpose (the webhook's JSON is the same): no warning per request.
    warnings.filterwarnings("ignore", message="Your versions of rasa and rasa_sdk might not be compatible")
    app = create_app(_executor())
    # rasa-sdk's own handler answers every route's errors, and Sanic refuses a second one for all routes:
    # ours is for the webhook, where actions run, and Sanic prefers it there.
    webhook = next(route.name for route in app.router.routes if route.path == "webhook")
    app.error_handler.add(Exception, answer_failure, route_names=[webhook])
    app.register_listener(warm_up, "after_server_start")
    # One process, as before: Sanic's worker manager would serve from a child process that imports this
    # module again, and a kill of this process (launcher/stack.py) would have to reach the child too.
    app.run(os.environ.get("SANIC_HOST", "127.0.0.1"), args.port, access_log=False, single_process=True)


if __name__ == "__main__":
    main()
