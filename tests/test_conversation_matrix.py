"""Every form against every digression, through the real stack: the question is answered, nothing of it is
stored as the form's answer, the form asks its open question again, and "stop" still works."""

from typing import Dict, List, Tuple

import httpx
import pytest

from bot.rasa_client import RasaClient
from buurtbot.config import get_settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from buurtbot.strips import top_up

# What the bot understands and answers: the same on every database (not run again against PostgreSQL).
pytestmark = pytest.mark.dialogue

# form: (how it starts, who starts it, the slot it asks first)
FORMS: Dict[str, Tuple[str, Role, str]] = {
    "referral_form": ("/ask_referral", Role.bewoner, "topic"),
    "dream_form": ("/share_dream", Role.bewoner, "dream_wish"),
    "plan_meetup_form": ("/plan_meetup", Role.bewoner, "meetup_title"),
    "youth_form": ("/youth_signup", Role.bewoner, "youth_age"),
    "callback_form": ("/request_human", Role.bewoner, "callback_consent"),
    "off_record_form": ("/report_off_record", Role.professional, "offrecord_wijk"),
    "veto_form": ("/register_veto", Role.professional, "veto_decision"),
    "use_strip_form": ("/use_strip", Role.professional, "strip_partner"),
}
# digression: (a message people write, what the answer must contain, the form that has it as its own intent)
DIGRESSIONS: Dict[str, Tuple[str, str, str]] = {
    "privacy": ("wat doen jullie met mijn gegevens?", "Dit bewaren we over jou", ""),
    "help": ("wat kun je allemaal?", "Kies hieronder wat je wilt doen", ""),
    "referral": ("wie kan ik bellen over mijn schulden?", "Voor geldzorgen en schulden", "referral_form"),
    "a person": ("ik wil iemand spreken", "Wil je iemand spreken? Dat kan.", "callback_form"),
    "thanks": ("dank je wel", "Graag gedaan!", ""),
    "activities": ("wat is er te doen in de buurt?", "agenda", ""),
    "the bot": ("ben jij een robot?", "Ik ben Buurtbot, een computerprogramma", ""),
    "another language": ("Hello, can you help me please?", "I only speak Dutch", ""),
    "emergency": ("help er is brand in de gang!!", "Bel meteen 112", ""),
    "despair": ("ik zie het niet meer zitten", "0800-0113", ""),
}
CASES = [(form, name) for form in FORMS for name, (_, _, own) in DIGRESSIONS.items() if own != form]


@pytest.fixture(scope="module")
def rasa(stack, stack_settings):
    async def say(sender: str, message: str) -> Tuple[List, dict]:
        client = RasaClient(stack_settings.rasa_urls, timeout=60)
        try:
            replies = await client.send(sender, message)
            url = f"{client.url_for(sender)}/conversations/{sender}/tracker"
            async with httpx.AsyncClient(timeout=30) as api:
                tracker = (await api.get(url, params={"token": stack_settings.rasa_auth_token})).json()
        finally:
            await client.close()
        return replies, tracker

    return say


def text_of(replies) -> str:
    return "\n".join(r.text or "" for r in replies)


def asked(tracker: dict) -> str:
    return (
        (tracker.get("slots") or {}).get("requested_slot") if (tracker.get("active_loop") or {}).get("name") else None
    )


@pytest.mark.parametrize("form, digression", CASES, ids=[f"{f}-{d}" for f, d in CASES])
async def test_a_digression_is_answered_and_the_form_asks_again(
    rasa, stack_settings, form: str, digression: str
) -> None:
    start, role, first_slot = FORMS[form]
    sender = f"matrix-{form}-{digression.replace(' ', '-')}"
    with session_scope(stack_settings) as session:
        person = get_or_create_person(session, sender)
        set_role(session, person, role)
        if role == Role.professional:
            top_up(session, person, 3, get_settings())
    _, tracker = await rasa(sender, start)
    assert (tracker.get("active_loop") or {}).get("name") == form and asked(tracker) == first_slot

    message, answer, _ = DIGRESSIONS[digression]
    replies, tracker = await rasa(sender, message)
    assert answer in text_of(replies)
    if digression == "emergency":
        assert "112" in replies[0].text
    assert (tracker.get("active_loop") or {}).get("name") == form, "the form goes on"
    assert asked(tracker) == first_slot, "the form asks its open question again"
    assert tracker["slots"][first_slot] is None, "nothing of the digression is stored as the answer"

    replies, tracker = await rasa(sender, "stop")
    assert "gestopt" in text_of(replies) and not (tracker.get("active_loop") or {}).get("name")
