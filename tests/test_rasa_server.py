"""nlu/server.py: the cached schema check and the event class table give exactly the library's results, and
Rasa uses them (tests/test_stack.py checks the running Rasa servers too)."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from nlu import server as rasa_server

SPEC = RemoteAction.action_response_format_spec()
GOOD = {"events": [{"event": "slot", "timestamp": None, "name": "wijk", "value": "Noord"}], "responses": [{"text": "Hoi"}]}
BAD = [
    {"events": [{"event": "slot", "name": 5}], "responses": []},
    {"events": "geen lijst", "responses": []},
    {"events": [], "responses": ["geen object"]},
]


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


def test_rasa_validates_action_answers_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)  # undone after the test
    rasa_server.install()
    action = RemoteAction("action_greet", None)
    assert action._validate_action_result(GOOD)
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result(BAD[0])
    assert rasa_server._validator.cache_info().hits > 0


def test_events_load_to_the_same_classes() -> None:
    from rasa.shared.core.events import Event, UserUttered, deserialise_events

    stored = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hoi", "parse_data": {"intent": {"name": "greet"}}},
        {"event": "slot", "name": "wijk", "value": "Noord"},
        {"event": "active_loop", "name": "dream_form"},
        {"event": "session_started"},
    ]
    library = [type(e) for e in deserialise_events(stored)]
    assert [rasa_server.resolve_by_type(d["event"]) for d in stored] == library
    assert rasa_server.resolve_by_type("user") is UserUttered
    assert rasa_server.resolve_by_type("topic") is None  # the library's old-name exception
    assert rasa_server.resolve_by_type("onbekend", default=Event) is Event
    with pytest.raises(ValueError):
        rasa_server.resolve_by_type("onbekend")
