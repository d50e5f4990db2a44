"""nlu/server.py: the cached schema check and the event class table give exactly the library's results, and
Rasa uses them once installed (tests/test_stack.py checks the running Rasa servers too). Every test leaves the
library as it found it."""

from typing import Iterator, List

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, deserialise_events

from nlu import server as rasa_server

SPEC = RemoteAction.action_response_format_spec()
GOOD = {
    "events": [{"event": "slot", "timestamp": None, "name": "wijk", "value": "Noord"}],
    "responses": [{"text": "Hoi"}],
}
BAD = [
    {"events": [{"event": "slot", "name": 5}], "responses": []},
    {"events": "geen lijst", "responses": []},
    {"events": [], "responses": ["geen object"]},
]


STORED_EVENTS = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "hoi", "parse_data": {"intent": {"name": "greet"}}},
    {"event": "slot", "name": "wijk", "value": "Noord"},
    {"event": "active_loop", "name": "dream_form"},
    {"event": "session_started"},
]


def patched() -> List[str]:
    """The library attributes that install() replaced and that are still replaced."""
    replaced = (
        ("jsonschema.validate", jsonschema.validate, rasa_server._library_validate),
        ("Event.resolve_by_type", Event.resolve_by_type, rasa_server._library_resolve_by_type),
    )
    return [name for name, now, original in replaced if now is not original]


@pytest.fixture(autouse=True)
def library_left_as_found() -> Iterator[None]:
    assert patched() == [], "the library was patched before this test"
    yield
    assert patched() == [], "this test left the library patched"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """nlu.server.install() for one test; monkeypatch puts back each thing it replaces."""
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)
    monkeypatch.setattr(Event, "resolve_by_type", vars(Event)["resolve_by_type"])  # the staticmethod itself
    rasa_server.install()
    assert sorted(patched()) == ["Event.resolve_by_type", "jsonschema.validate"]


def test_valid_answers_pass_like_the_library() -> None:
    assert jsonschema.validate(GOOD, SPEC) is None
    assert rasa_server.validate(GOOD, SPEC) is None


@pytest.mark.parametrize("answer", BAD)
def test_invalid_answers_fail_with_the_library_error(answer: dict) -> None:
    with pytest.raises(jsonschema.ValidationError) as library:
        jsonschema.validate(answer, SPEC)
    with pytest.raises(jsonschema.ValidationError) as cached:
        rasa_server.validate(answer, SPEC)
    assert (cached.value.message, list(cached.value.path)) == (library.value.message, list(library.value.path))


def test_an_invalid_schema_is_still_refused() -> None:
    with pytest.raises(jsonschema.SchemaError):
        rasa_server.validate({}, {"type": "geen type"})


def test_rasa_validates_action_answers_with_it(installed: None) -> None:
    rasa_server._validator.cache_clear()  # the tests above filled the cache: start from nothing
    action = RemoteAction("action_greet", None)
    assert action._validate_action_result(GOOD)
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result(BAD[0])
    info = rasa_server._validator.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # Rasa's schema checked once, its validator used again


def test_rasa_loads_events_with_the_table(installed: None) -> None:
    rasa_server._event_classes.clear()
    loaded = deserialise_events(STORED_EVENTS)
    assert [e.type_name for e in loaded] == [d["event"] for d in STORED_EVENTS]
    assert {d["event"] for d in STORED_EVENTS} <= set(rasa_server._event_classes)  # filled by Rasa's own loading


def test_events_load_to_the_same_classes() -> None:
    from rasa.shared.core.events import UserUttered

    library = [type(e) for e in deserialise_events(STORED_EVENTS)]
    assert [rasa_server.resolve_by_type(d["event"]) for d in STORED_EVENTS] == library
    assert rasa_server.resolve_by_type("user") is UserUttered
    assert rasa_server.resolve_by_type("topic") is None  # the library's old-name exception
    assert rasa_server.resolve_by_type("onbekend", default=Event) is Event
    with pytest.raises(ValueError):
        rasa_server.resolve_by_type("onbekend")
