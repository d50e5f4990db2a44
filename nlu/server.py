"""How the stack starts Rasa: `python -m nlu.server run ...` is `rasa run ...` with two speed-ups.

py-spy on a busy Rasa server showed places where Rasa 3.6 redoes, in every turn, work whose result cannot
change while the server runs. Two are worth a change (`make bench-rasa-tweaks`, docs/benchmarks.md):
1. Every answer of the action server goes through `jsonschema.validate`, which first checks Rasa's schema
   against the JSON Schema meta-schema and builds a new validator: about 50 ms of CPU per custom action.
2. Loading a conversation turns each stored event into an object; for every event, `Event.resolve_by_type`
   walks all Event subclasses (with `inspect.isabstract`) to find the class by name.
Each is computed once here and kept. Answers are still validated and events load to the same classes: the
results are the same, only faster. tests/test_rasa_server.py checks that, and that the running server uses them.
(A third, keeping the graph part per prediction, saved 0.02 ms per message when measured, and was removed.)
The tweaks are installed by `main`, so only in the Rasa server process; nothing else imports this module.

Its log goes through buurtbot/server_logs.py, so no level of Rasa's logging writes what a user said.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from typing import Any, Dict, Optional, Set, Type

import jsonschema
import sanic.log
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from buurtbot import server_logs
from buurtbot.config import get_settings

_library_validate = jsonschema.validate
_library_resolve_by_type = Event.resolve_by_type
log = logging.getLogger("nlu.server")  # not __name__: run as `python -m nlu.server`, that is "__main__"
IN_USE = server_logs.SPEED_UP_IN_USE  # logged once per speed-up, at its first use
_announced: Set[str] = set()


def _in_use(name: str) -> None:
    if name not in _announced:
        _announced.add(name)
        log.info("%s %s", IN_USE, name)


@functools.lru_cache(maxsize=64)
def _validator(schema_json: str) -> Validator:
    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """jsonschema.validate, with the schema check and the validator cached per schema."""
    _in_use("cached schema check")
    if cls is not None or args or kwargs:
        return _library_validate(instance, schema, cls, *args, **kwargs)
    try:
        key = json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):  # not plain JSON: leave it to the library
        return _library_validate(instance, schema)
    error = best_match(_validator(key).iter_errors(instance))
    if error is not None:
        raise error


_event_classes: Dict[str, Type[Event]] = {}


def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Event.resolve_by_type from a table; unknown names go to the library (its default, None or error)."""
    _in_use("event class table")
    if type_name not in _event_classes:
        for cls in all_subclasses(Event):
            _event_classes.setdefault(cls.type_name, cls)  # the first match wins, as in the library
    return _event_classes.get(type_name) or _library_resolve_by_type(type_name, default)


def install() -> None:
    # Rasa imports `validate` from jsonschema inside the function that uses it, so the module attribute counts.
    jsonschema.validate = validate
    Event.resolve_by_type = staticmethod(resolve_by_type)


def route_sanic_logs_through_the_filter() -> None:
    """Rasa's HTTP server configures Sanic's loggers with handlers of their own, which would write past the
    filter of buurtbot/server_logs.py; without them, Sanic's records go to the root handler like all others."""
    for logger in sanic.log.LOGGING_CONFIG_DEFAULTS["loggers"].values():
        logger["handlers"] = []


def main() -> None:
    install()
    server_logs.configure_process(get_settings(), "rasa")  # before Rasa's own set-up, which then adds no handler
    route_sanic_logs_through_the_filter()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
