"""The forms' answer checks (the validate_<slot> methods of actions/*), run as Rasa runs them: the answer is the
latest slot event after the user's message, and rasa-sdk's FormValidationAction.run, with the real domain,
decides which slots to check and what comes back. The checks only read the database: the module shares one."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rasa_sdk import FormValidationAction

from actions.dreams import ValidateDreamForm
from actions.human import ValidateCallbackForm
from actions.meetups import ValidatePlanMeetupForm, ValidateYouthForm
from actions.off_record import ValidateOffRecordForm
from actions.referral import ValidateReferralForm
from actions.strips import ValidateUseStripForm
from actions.veto import ValidateVetoForm
from buurtbot.config import PROJECT_ROOT
from buurtbot.storage.models import Role
from launcher.rasa_env import rasa_python
from tests.actions_helpers import make_person, run, texts, tracker

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 19, 15, 30, tzinfo=AMS)  # a Thursday
NEWCOMER = "v-new"  # a bewoner without a wijk, so every question of a form is asked


@lru_cache(maxsize=1)
def domain() -> Dict[str, Any]:
    """The domain as Rasa sends it to the action server: Rasa makes it, in the Rasa environment, and the forms
    run here, on the action server's rasa-sdk."""
    make = "import json, sys; from rasa.shared.core.domain import Domain; print(json.dumps(Domain.load(sys.argv[1]).as_dict()))"
    done = subprocess.run(
        [rasa_python(), "-c", make, str(PROJECT_ROOT / "domain.yml")], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def answer(
    form: FormValidationAction, slot: str, value: Any, sender: str = NEWCOMER, slots: Optional[Dict[str, Any]] = None
) -> Tuple[Dict[str, Any], str]:
    """The user answers the question for `slot` with `value`. Returns (the slots the action sets, what it says)."""
    text = value if isinstance(value, str) else ""
    events = [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}, "entities": []}},
        {"event": "slot", "name": slot, "value": value},  # Rasa's candidate for the slot, the last event
    ]
    filled = {**(slots or {}), slot: value, "requested_slot": slot}
    t = tracker(sender, text=text, intent="inform", slots=filled, active_loop=form.form_name(), events=events)
    messages, events = run(form, t, domain())
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, texts(messages)


def checked(form: FormValidationAction, slot: str, value: Any, **kwargs: Any) -> Tuple[Any, str]:
    """(the slot's value after the check, what the bot said); the check must set the slot."""
    result, said = answer(form, slot, value, **kwargs)
    assert slot in result, f"{slot} was not checked: {result}"
    return result[slot], said


def expect(outcome: Tuple[Any, str], expected: Any, says: str = "") -> None:
    """The slot got `expected`, and the bot said something holding `says` ("": it said nothing)."""
    value, said = outcome
    assert value == expected
    assert says in said if says else said == "", said


def case(value: Any, expected: Any, says: str = "") -> Any:
    return pytest.param(value, expected, says, id=repr(value)[:40])


class TestDreamForm:
    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Meer bankjes in het park", "Meer bankjes in het park"),
            case("abc", "abc"),  # three letters are enough
            case("  Een moestuin  ", "Een moestuin"),
            case("ok", None, "Vertel iets meer"),
            case("   hi   ", None, "Vertel iets meer"),  # short once the spaces are gone
            case("x" * 2500, "x" * 2000),
        ],
    )
    def test_the_wish(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateDreamForm(), "dream_wish", value), expected, says)

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("woning", "woning"),
            case("straat", "straat"),
            case("wijk", "wijk"),
            case("in mijn straat", "straat"),
            case("op het plein", "straat"),
            case("de hele buurt", "wijk"),
            case("bananen", None, "Kies een van de knoppen: woning, straat of wijk."),
            case("landelijk", None, "Kies een van de knoppen"),  # not a wijk of the index
        ],
    )
    def test_the_place(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateDreamForm(), "dream_place", value), expected, says)

    def test_a_wijk_given_as_the_place_is_the_place_and_the_wijk(self, module_app_db) -> None:
        result = answer(ValidateDreamForm(), "dream_place", "Nieuw west")
        assert result == ({"dream_place": "wijk", "dream_wijk": "Nieuw-West"}, "")

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Zuidwijk", "Zuidwijk"),
            case("zuid wijk", "Zuidwijk"),
            case("osdorp", "Nieuw-West"),  # another name for the wijk, from the referral index
            case("Utrecht", None, "Die wijk ken ik niet."),
            case("landelijk", None, "Die wijk ken ik niet."),
        ],
    )
    def test_the_wijk(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateDreamForm(), "dream_wijk", value), expected, says)

    @pytest.mark.parametrize(
        "value, expected",
        [
            ("  ik help planten  ", "ik help planten"),
            ("", "-"),
            ("-", "-"),
            ("x" * 1200, "x" * 1000),
        ],
    )
    def test_the_contribution_is_optional(self, module_app_db, value, expected) -> None:
        expect(checked(ValidateDreamForm(), "dream_contribution", value), expected)


class TestPlanMeetupForm:
    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Koffieochtend", "Koffieochtend"),
            case("abc", "abc"),
            case("x" * 120, "x" * 120),
            case("ab", None, "Geef de activiteit een korte naam"),
            case("x" * 121, None, "Geef de activiteit een korte naam"),
        ],
    )
    def test_the_title(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidatePlanMeetupForm(), "meetup_title", value), expected, says)

    def test_a_title_that_holds_the_day_keeps_the_name_and_takes_the_day(self, module_app_db) -> None:
        with time_machine.travel(NOW, tick=False):
            result, said = answer(ValidatePlanMeetupForm(), "meetup_title", "kookmiddag op vrijdag om 3 uur")
        assert result == {
            "meetup_title": "kookmiddag",
            "meetup_when": "2026-11-20T15:00:00+01:00",
            "requested_slot": "meetup_place",  # the day is known: the place comes next
        }
        assert said == ""

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("zaterdag om 10:00", "2026-11-21T10:00:00+01:00"),
            case("21-11 om 14.30", "2026-11-21T14:30:00+01:00"),
            case("vandaag om 16:00", "2026-11-19T16:00:00+01:00"),
            case("zaterdag om 07:00", "2026-11-21T07:00:00+01:00"),  # the earliest start
            case("zaterdag om 22:00", "2026-11-21T22:00:00+01:00"),  # the latest (buurtbot.dates.is_sensible_hour)
            case("zaterdag om 22:30", None, "Kies een tijd tussen 7:00 en 22:00"),
            case("zaterdag", None, "Hoe laat begint het?"),
            case("zaterdag om 06:59", None, "Om 06:59 slapen de meeste buren."),
            case("zaterdag om 23:00", None, "Om 23:00 slapen de meeste buren."),
            case("zaterdag om 3 uur 's nachts", None, "Om 03:00 slapen de meeste buren."),
            case("vandaag om 15:00", None, "Die tijd is vandaag al voorbij."),
            case("gisteren om 10:00", None, "Die datum is al voorbij."),
            case("31-02 om 10:00", None, "31 februari bestaat niet."),
            case("blabla", None, "Ik snap de datum niet."),
        ],
    )
    def test_the_day_and_time(self, module_app_db, value, expected, says) -> None:
        with time_machine.travel(NOW, tick=False):
            expect(checked(ValidatePlanMeetupForm(), "meetup_when", value), expected, says)

    @pytest.mark.parametrize(
        "value, expected",
        [
            ("Buurthuis", "Buurthuis"),
            ("in het buurthuis de Kring", "buurthuis de Kring"),
            ("", None),
            ("x" * 250, "x" * 200),
        ],
    )
    def test_the_place(self, module_app_db, value, expected) -> None:
        expect(checked(ValidatePlanMeetupForm(), "meetup_place", value), expected)

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Zuidwijk", "Zuidwijk"),
            case("hagedoorn", "Hagedoornbuurt"),
            case("Utrecht", None, "Kies een wijk hieronder."),
            case("landelijk", None, "Kies een wijk hieronder."),  # a meetup is somewhere
        ],
    )
    def test_the_wijk(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidatePlanMeetupForm(), "meetup_wijk", value), expected, says)

    def test_an_organiser_with_a_wijk_is_not_asked_for_one(self, module_app_db) -> None:
        make_person("pro-f1", Role.professional, "Zuidwijk")
        result, _ = answer(ValidatePlanMeetupForm(), "meetup_title", "Koffieochtend", sender="pro-f1")
        assert result == {"meetup_title": "Koffieochtend", "requested_slot": "meetup_when"}  # not meetup_wijk

    @pytest.mark.parametrize(
        "value, expected",
        [
            ("  Met koffie en koek  ", "Met koffie en koek"),
            ("", "-"),
            ("x" * 1200, "x" * 1000),
        ],
    )
    def test_the_description_is_optional(self, module_app_db, value, expected) -> None:
        expect(checked(ValidatePlanMeetupForm(), "meetup_description", value), expected)

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("20", "20"),
            case("max 15 mensen", "15"),
            case("1", "1"),
            case("1000", "1000"),
            case("-", "-"),  # the button "Geen maximum"
            case("0", None, "Typ een getal"),
            case("-5", None, "Typ een getal"),  # no number of places
            case("1001", None, "Typ een getal"),
            case("twintig", None, "Typ een getal"),
            case("geen idee", None, "Typ een getal"),
        ],
    )
    def test_the_capacity(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidatePlanMeetupForm(), "meetup_capacity", value), expected, says)


class TestYouthForm:
    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("17", "17"),
            case("ik ben 17 jaar", "17"),
            case("16", "16"),
            case("27", "27"),
            case("zeventien", None, "Typ je leeftijd als getal"),
            case("NaN", None, "Typ je leeftijd als getal"),
            case("", None, "Typ je leeftijd als getal"),
            case("1000", None, "Typ je leeftijd als getal"),
        ],
    )
    def test_the_age(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateYouthForm(), "youth_age", value), expected, says)

    @pytest.mark.parametrize("age", ["14", "15", "28", "99"])
    def test_an_age_outside_16_to_27_ends_the_form_without_more_questions(self, module_app_db, age: str) -> None:
        assert answer(ValidateYouthForm(), "youth_age", age) == ({"requested_slot": None}, "")

    @pytest.mark.parametrize(
        "slot, value, expected",
        [
            ("youth_interests", "  timmeren  ", "timmeren"),
            ("youth_interests", "", None),
            ("youth_interests", "x" * 600, "x" * 500),
            ("youth_school", "ROC", "ROC"),
            ("youth_school", "", "-"),
        ],
    )
    def test_interests_and_school(self, module_app_db, slot: str, value: str, expected: Optional[str]) -> None:
        expect(checked(ValidateYouthForm(), slot, value, slots={"youth_age": "17"}), expected)


class TestCallbackForm:
    CONSENTED = {"callback_consent": True, "callback_channel": "telefoon"}

    @pytest.mark.parametrize("value, expected", [("telegram", "telegram"), ("telefoon", "telefoon"), ("email", None)])
    def test_the_channel(self, module_app_db, value, expected) -> None:
        expect(checked(ValidateCallbackForm(), "callback_channel", value, slots={"callback_consent": True}), expected)

    def test_by_telegram_no_phone_number_is_asked(self, module_app_db) -> None:
        result, _ = answer(ValidateCallbackForm(), "callback_channel", "telegram", slots={"callback_consent": True})
        assert result == {"callback_channel": "telegram", "requested_slot": None}

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("06 12345678", "06 12345678"),
            case("0612345678", "0612345678"),
            case("06-1234-5678", "06-1234-5678"),
            case("+31 6 1234 5678", "+31 6 1234 5678"),
            case(" 06 12345678 ", "06 12345678"),
            case("12345", None, "Dat lijkt geen telefoonnummer."),
            case("bel me maar", None, "Dat lijkt geen telefoonnummer."),
            case("06123456789012345678", None, "Dat lijkt geen telefoonnummer."),
            case("06 12345678; DROP TABLE people", None, "Dat lijkt geen telefoonnummer."),
        ],
    )
    def test_the_phone_number(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateCallbackForm(), "callback_phone", value, slots=self.CONSENTED), expected, says)


class TestReferralForm:
    @pytest.mark.parametrize("value, expected", [("schulden", "schulden"), ("algemeen", "algemeen"), ("onzin", None)])
    def test_the_topic_is_one_of_the_topics(self, module_app_db, value, expected) -> None:
        expect(checked(ValidateReferralForm(), "topic", value), expected)

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Zuidwijk", "Zuidwijk"),
            case("landelijk", "landelijk"),
            case("Utrecht", None, "Die wijk ken ik nog niet."),
        ],
    )
    def test_the_wijk(self, module_app_db, value, expected, says) -> None:
        expect(checked(ValidateReferralForm(), "wijk", value, slots={"topic": "schulden"}), expected, says)


class TestProfessionalForms:
    @pytest.fixture
    def professional(self, module_app_db) -> str:
        make_person("pro-f2", Role.professional, "Zuidwijk")
        return "pro-f2"

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("buurtbemiddeling zuidwijk", "zuidwijk-buurtbemiddeling"),
            case("iemand", None, "Die partner ken ik niet"),
            case("", None, "Die partner ken ik niet"),
        ],
    )
    def test_the_strip_partner_is_one_of_the_wijk(self, professional, value, expected, says) -> None:
        expect(checked(ValidateUseStripForm(), "strip_partner", value, sender=professional), expected, says)

    @pytest.mark.parametrize(
        "slot, value, expected",
        [
            ("strip_reason", "  burenruzie  ", "burenruzie"),
            ("strip_reason", "", None),
            ("strip_reason", "x" * 600, "x" * 500),
        ],
    )
    def test_the_strip_reason(self, professional, slot: str, value: str, expected: Optional[str]) -> None:
        partner = {"strip_partner": "zuidwijk-buurtbemiddeling"}
        expect(checked(ValidateUseStripForm(), slot, value, sender=professional, slots=partner), expected)

    @pytest.mark.parametrize(
        "slot, value, expected",
        [
            ("veto_decision", "  sluiting buurthuis  ", "sluiting buurthuis"),
            ("veto_decision", "", None),
            ("veto_decision", "x" * 2100, "x" * 2000),
            ("veto_dossier", "dossier D-123", "D-123"),
            ("veto_dossier", "zaak 2026/0042", "zaak 2026/0042"),
            ("veto_dossier", "", "-"),
            ("veto_dossier", "geen", "-"),  # as the button "Geen dossiernummer"
            ("veto_dossier", "weet ik niet", "-"),
            ("veto_dossier", "x" * 100, "x" * 80),
            ("veto_reason", "  gezin met kinderen  ", "gezin met kinderen"),
            ("veto_reason", "", None),
        ],
    )
    def test_the_veto(self, professional, slot: str, value: str, expected: Optional[str]) -> None:
        expect(checked(ValidateVetoForm(), slot, value, sender=professional), expected)

    @pytest.mark.parametrize(
        "value, expected, says",
        [
            case("Hij bedreigde me bij de lift", "Hij bedreigde me bij de lift"),
            case("kort", None, "Dat is wel erg kort."),
            case("x" * 5100, "x" * 5000),
        ],
    )
    def test_the_off_record_story(self, professional, value, expected, says) -> None:
        expect(checked(ValidateOffRecordForm(), "offrecord_story", value, sender=professional), expected, says)

    @pytest.mark.parametrize(
        "form, slot, value",
        [
            (ValidateUseStripForm(), "strip_partner", "buurtbemiddeling zuidwijk"),
            (ValidateVetoForm(), "veto_decision", "sluiting buurthuis"),
            (ValidateOffRecordForm(), "offrecord_story", "Hij bedreigde me bij de lift"),
        ],
    )
    def test_a_bewoner_is_asked_nothing_and_nothing_is_taken(self, module_app_db, form, slot: str, value: str) -> None:
        assert answer(form, slot, value) == ({"requested_slot": None}, "")  # the submit action refuses
