"""Logs that never quote a user, for every process: the Rasa server (nlu/server.py), the action server,
the front end and the worker. Each writes to standard error and to var/log/<process>.log; LOG_LEVEL sets the level.

Libraries log what users wrote: Rasa's debug output prints every message with its entities and all slot
values, rasa-sdk's prints the latest message, and an exception's message can quote SQL parameters. A log file
must hold nothing of a conversation: an off-the-record report least of all, and "vergeet mij" cannot reach into
log files. So every record passes `HideUserContent` on its way out, whatever LOG_LEVEL is:
- records of our own packages pass: they name ids, counts and actions, never what a user wrote (tests check);
- library records below INFO are dropped;
- library records at INFO and up keep their message, except that a structured (JSON) record keeps only its
  event name and level, a warning only its category and place, and an exception only its type and frames.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any, List, Optional

from buurtbot.config import Settings

OWN_PACKAGES = frozenset({"buurtbot", "actions", "bot", "nlu", "launcher", "worker"})
STRUCTURED_KEYS = ("event", "level", "event_info", "action_name", "timestamp")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# nlu/server.py logs this once per Rasa speed-up, at its first use: the server log shows it is in effect.
SPEED_UP_IN_USE = "Speed-up in use:"
WARNING_PLACE = re.compile(r"^(.*?:\d+: \w+)")
# httpx logs every request URL at INFO, and a Telegram URL carries the bot token.
QUIET_LIBRARIES = ("httpx", "httpcore")
STDERR_IS_LOG = "BUURTBOT_STDERR_IS_LOG"  # set by the launcher for the servers it starts


class HideUserContent(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in OWN_PACKAGES:
            return True
        if record.levelno < logging.INFO:
            return False
        record.msg, record.args = library_message(record.name, record.getMessage()), ()
        if record.exc_info:
            record.msg += "\n" + exception_outline(record.exc_info)
            record.exc_info, record.exc_text = None, None
        return True


def library_message(logger: str, message: str) -> str:
    structured = _json_object(message)
    if structured is not None:
        kept = {key: structured[key] for key in STRUCTURED_KEYS if key in structured}
        hidden = sorted(set(structured) - set(kept))
        return json.dumps(kept, default=str) + (f" (hidden: {', '.join(hidden)})" if hidden else "")
    if logger == "py.warnings":
        place = WARNING_PLACE.match(message)
        return (place.group(1) if place else "a warning") + " (text hidden)"
    return message


def exception_outline(exc_info: Any) -> str:
    """The exception's type and where it happened, without its message (which may quote what a user wrote)."""
    kind, _, trace = exc_info
    return "".join(traceback.format_tb(trace)) + (kind.__name__ if kind else "Exception") + " (message hidden)"


def _json_object(message: str) -> Optional[dict]:
    if not message.startswith("{"):
        return None
    try:
        value = json.loads(message)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def configure(level: str, log_file: Optional[Path], stderr_level: str = "DEBUG") -> None:
    """Sends all logging of this process, through the filter, to standard error and to `log_file`.

    A server started by the launcher gets no file of its own (`log_file` None): the launcher already
    writes its standard error to var/log/<server>.log, and a second copy would double every line.
    """
    handlers: List[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    handlers[0].setLevel(stderr_level)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(HideUserContent())
    root = logging.getLogger()
    root.handlers = handlers
    root.setLevel(level)
    for package in OWN_PACKAGES:  # a library resets the root level during Rasa's start; ours keep theirs
        logging.getLogger(package).setLevel(level)
    for library in QUIET_LIBRARIES:
        logging.getLogger(library).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.captureWarnings(True)  # warnings can quote slot values too: they go through the filter


def configure_process(settings: Settings, process: str, stderr_level: str = "DEBUG") -> None:
    """Logging for a process named `process` (frontend, worker, actions, rasa): the file is
    var/log/<process>.log, unless the launcher started it and already writes its standard error there."""
    started_by_launcher = os.environ.get(STDERR_IS_LOG) == "1"
    log_file = None if started_by_launcher else settings.var_dir / "log" / f"{process}.log"
    configure(settings.log_level, log_file, stderr_level)
