"""The clarifying question knows where the conversation is: right after "bel 112", inside a form, after despair."""

from actions.digressions import ActionDespairFollowup
from actions.fallback import ActionClarify
from actions.referral import unwell_after_gas
from tests.actions_helpers import run, texts, tracker

EMERGENCY_TURN = [
    {"event": "user", "text": "er is brand", "parse_data": {"intent": {"name": "emergency"}}},
    {"event": "action", "name": "utter_emergency"},
    {"event": "action", "name": "action_emergency_followup"},
    {"event": "action", "name": "action_listen"},
]
FALLBACK = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "stop", "confidence": 0.3}]
FREE_TEXT_DOMAIN = {
    "slots": {
        "youth_school": {"mappings": [{"type": "from_text"}]},
        "youth_consent": {"mappings": [{"type": "from_intent"}]},
    }
}


def clarify(text: str, events=None, slots=None, active_loop=None, ranking=FALLBACK, domain=None):
    t = tracker(
        "f-1",
        text,
        "nlu_fallback",
        slots=slots,
        active_loop=active_loop,
        events=(events or []) + [{"event": "user", "text": text}],
    )
    t.latest_message["intent_ranking"] = ranking
    return run(ActionClarify(), t, domain)


def test_an_unclear_message_right_after_112_gets_112_again(app_db) -> None:
    messages, _ = clarify("we zitten op het balkon op 4 hoog", EMERGENCY_TURN)
    assert messages[0].get("response") == "utter_emergency"
    assert "Het gevaar is voorbij" in [b["title"] for m in messages for b in m.get("buttons") or []]


def test_safety_said_after_112_is_not_answered_with_112(app_db) -> None:
    messages, _ = clarify("we staan nu buiten", EMERGENCY_TURN)
    assert all(m.get("response") != "utter_emergency" for m in messages)


def test_an_unclear_message_without_an_emergency_before_it_is_asked_about(app_db) -> None:
    messages, _ = clarify("we zitten op het balkon op 4 hoog")
    assert all(m.get("response") != "utter_emergency" for m in messages) and "begrijp ik niet" in texts(messages)


def test_inside_a_form_an_unclear_free_text_answer_goes_to_the_form(app_db) -> None:
    _, events = clarify(
        "ik doe mbo horeca bij het ROC",
        slots={"requested_slot": "youth_school"},
        active_loop="youth_form",
        domain=FREE_TEXT_DOMAIN,
    )
    assert events == [{"event": "followup", "name": "youth_form", "timestamp": None}]


def test_inside_a_form_a_possible_emergency_is_still_asked_about(app_db) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "emergency", "confidence": 0.3}]
    messages, events = clarify(
        "ik zie rook",
        slots={"requested_slot": "youth_school"},
        active_loop="youth_form",
        ranking=ranking,
        domain=FREE_TEXT_DOMAIN,
    )
    assert events == [] and messages[0]["buttons"][0]["title"] == "Ja, er is nu gevaar"


def test_a_choice_question_inside_a_form_still_gets_the_clarifying_question(app_db) -> None:
    messages, events = clarify(
        "tja", slots={"requested_slot": "youth_consent"}, active_loop="youth_form", domain=FREE_TEXT_DOMAIN
    )
    assert events == [] and "begrijp ik niet" in texts(messages)


def test_after_despair_the_need_named_with_it_gets_its_button() -> None:
    t = tracker(
        "f-2",
        "de schulden worden me te veel en ik denk erover er een eind aan te maken",
        "despair",
        entities=[{"entity": "topic", "value": "schulden"}],
    )
    messages, _ = run(ActionDespairFollowup(), t)
    titles = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert titles == ["Ja, iemand spreken", "Hulp bij: geldzorgen en schulden"]


def test_nobody_unwell_after_the_gas_answer_is_no_emergency() -> None:
    ill = tracker("f-3", "mijn man is duizelig", slots={"referral_last_topic": "gaslucht"})
    well = tracker("f-3", "niemand is ziek ofzo, we zijn allemaal oke", slots={"referral_last_topic": "gaslucht"})
    assert unwell_after_gas(ill) and not unwell_after_gas(well)


def stop(text: str, events=None):
    from actions.fallback import ActionStop

    t = tracker("f-4", text, "stop", events=(events or []) + [{"event": "user", "text": text}])
    return run(ActionStop(), t)[0]


def test_a_message_read_as_stop_right_after_112_gets_112_again() -> None:
    assert stop("we zitten op het balkon op 4 hoog", EMERGENCY_TURN)[0].get("response") == "utter_emergency"


def test_a_plain_stop_still_stops_also_after_112() -> None:
    assert [m.get("response") for m in stop("stop", EMERGENCY_TURN)] == ["utter_stopped", "utter_anything_else"]
    assert [m.get("response") for m in stop("we zitten op het balkon")] == ["utter_stopped", "utter_anything_else"]
