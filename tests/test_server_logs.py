"""The servers' log filter: what Rasa and rasa-sdk log about a conversation never reaches the log file."""

import io
import json
import logging

import pytest

from buurtbot.server_logs import FORMAT, HideUserContent

STORY = "de bewoner van nummer 8 dreigde met een hamer"


@pytest.fixture
def log():
    """A logger tree whose output goes through the filter into a string."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(HideUserContent())
    root = logging.getLogger("filtered-test-root")
    root.handlers, root.propagate = [handler], False
    root.setLevel(logging.DEBUG)

    def emit(name: str, level: int, message: str, *args, **kwargs) -> str:
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = [handler], False
        logger.setLevel(logging.DEBUG)
        logger.log(level, message, *args, **kwargs)
        return out.getvalue()

    return emit


def test_library_debug_output_never_reaches_the_log(log) -> None:
    assert log("rasa.core.processor", logging.DEBUG, f"Received user message '{STORY}' with intent 'inform'") == ""
    assert log("rasa_sdk.forms", logging.DEBUG, "Validating user input '%s'", {"text": STORY}) == ""


def test_a_structured_record_keeps_only_its_event_name(log) -> None:
    record = json.dumps({"event": "processor.slots.log", "level": "info", "slot_values": {"offrecord_story": STORY}})
    written = log("rasa.core.processor", logging.INFO, record)
    assert "processor.slots.log" in written and "slot_values" in written and STORY not in written


def test_an_exception_keeps_its_type_and_frames_but_not_its_message(log) -> None:
    try:
        raise ValueError(f"could not store {STORY!r}")
    except ValueError:
        written = log("sanic.error", logging.ERROR, "Exception occurred while handling uri", exc_info=True)
    assert "ValueError (message hidden)" in written and "test_server_logs.py" in written and STORY not in written


def test_a_warning_keeps_its_category_and_place_only(log) -> None:
    written = log(
        "py.warnings",
        logging.WARNING,
        f"/x/rasa/forms.py:12: UserWarning: slot 'offrecord_wijk' got '{STORY}'\n  warn()",
    )
    assert "/x/rasa/forms.py:12: UserWarning (text hidden)" in written and STORY not in written


def test_our_own_lines_pass_at_every_level(log) -> None:
    assert "Digest: 2 made" in log("worker.jobs", logging.DEBUG, "Digest: %s made", 2)
    assert "Rasa server is up" in log("rasa.core.run", logging.INFO, "Rasa server is up and running.")
