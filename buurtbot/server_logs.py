"""Server logs that never quote a user. Used by the Rasa server (nlu/server.py) and the action server.

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
import re
import sys
import traceback
from typing import Any, Optional

OWN_PACKAGES = frozenset({"buurtbot", "actions", "bot", "nlu", "launcher", "worker"})
STRUCTURED_KEYS = ("event", "level", "event_info", "action_name", "timestamp")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WARNING_PLACE = re.compile(r"^(.*?:\d+: \w+)")


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


def configure(level: str) -> logging.Handler:
    """Sends all logging of this process to standard output (the stack writes it to var/log), through the filter."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(HideUserContent())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for package in OWN_PACKAGES:  # a library resets the root level during Rasa's start; ours keep theirs
        logging.getLogger(package).setLevel(level)
    logging.captureWarnings(True)  # warnings can quote slot values too: they go through the filter
    return handler
