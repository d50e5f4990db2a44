"""The Parelketting through the real actions and a real database: groups, pearls, the droommakelaar's questions
and their answers, the digest's overview, retention and forgetting. End to end in tests/test_dream_to_deed.py."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from actions.dreams import ActionSubmitDream
from actions.parelketting import (
    ActionAnswerHelpAsk,
    ActionAskExpert,
    ActionAskPearl,
    ActionPlanGroupMeetup,
    ActionShowGroupPearls,
    ActionShowWishGroups,
    ActionSubmitPearl,
    ActionWithdrawPearl,
)
from actions.wish_work import ActionMyWishes, ActionOpenWish
from buurtbot.config import get_settings
from buurtbot.dreams import pearls
from buurtbot.dreams.digest import overview, preview, render_text
from buurtbot.people import get_person
from buurtbot.privacy import forget
from buurtbot.retention import purge_expired
from buurtbot.storage import session_scope
from buurtbot.storage.models import HelpAsk, OutboxMessage, Pearl, Role
from buurtbot.storage.types import utcnow
from tests.actions_helpers import make_person, run, texts, tracker
from tests.test_wish_work import buttons, share

MONEY = "Ik heb schulden en durf de post niet meer open te maken. Een buurthuis met hulp zou fijn zijn."


def said(action, sender: str, **entities: str) -> tuple:
    messages, events = run(action, tracker(sender, entities=[{"entity": k, "value": v} for k, v in entities.items()]))
    return texts(messages), buttons(messages), events


def sent_to(sender: str, kind: str = None) -> list:
    with session_scope() as session:
        person = get_person(session, sender)
        query = select(OutboxMessage).where(OutboxMessage.recipient_id == person.id)
        rows = session.execute(query.order_by(OutboxMessage.id)).scalars()
        return [row.payload for row in rows if kind is None or row.kind == kind]


def offer(sender: str, text: str, wijk: str = "Zuidwijk", consent: bool = True) -> int:
    with session_scope() as session:
        return pearls.offer(session, get_person(session, sender), text, wijk, consent).id


@pytest.fixture
def wijk(app_db) -> None:
    make_person("dm", Role.droommakelaar, "Zuidwijk")
    make_person("dm-west", Role.droommakelaar, "Nieuw-West")
    make_person("beh", Role.beheerder)
    make_person("exp", Role.ervaringsdeskundige, "Zuidwijk")
    for tenant in ("t1", "t2", "t3", "helper"):
        make_person(tenant, Role.bewoner, "Zuidwijk")


def test_the_droommakelaar_sees_groups_with_their_count_and_fitting_pearls(wijk) -> None:
    share("t1", "Een moestuin op het grasveld.")
    share("t2", "samen tomaten kweken met de buren")
    share("t3", "een groentetuintje bij de flat", consent=False)
    offer("helper", "Ik heb groene vingers en help graag met de moestuin")
    offer("t1", "Ik kan koken")  # fits nothing of the group
    text, choices, _ = said(ActionShowWishGroups(), "dm")
    assert "3 wensen over een moestuin in Zuidwijk. 1 buur biedt iets aan dat past." in text
    assert {"Plan een bijeenkomst", "Parels die passen"} <= set(choices)
    looked, choices, _ = said(ActionShowWishGroups(), "beh")
    assert "3 wensen over een moestuin" in looked and "Plan een bijeenkomst" not in choices  # the beheerder looks
    assert "alleen voor de droommakelaar" in said(ActionShowWishGroups(), "t1")[0]
    assert "geen wensen die bij elkaar horen" in said(ActionShowWishGroups(), "dm-west")[0]  # another wijk


def test_a_pearl_is_asked_and_only_a_yes_shares_contact(wijk) -> None:
    for tenant in ("t1", "t2"):
        share(tenant, "Een moestuin bij de flat.")
    pearl = offer("helper", "ik kan tuinieren en heb gereedschap")
    text, choices, _ = said(ActionShowGroupPearls(), "dm", wijk="Zuidwijk", wish_group="moestuin")
    assert "ik kan tuinieren en heb gereedschap" in text and "helper" not in text and list(choices) == ["Vraag 1"]
    assert (
        "Ik heb het gevraagd"
        in said(ActionAskPearl(), "dm", wijk="Zuidwijk", wish_group="moestuin", pearl_id=str(pearl))[0]
    )
    (question,) = sent_to("helper", "help_ask")
    assert "wensen over een moestuin" in question["text"] and [b["title"] for b in question["buttons"]] == [
        "Ja, dat mag",
        "Nee, liever niet",
    ]
    assert sent_to("dm", "help_answer") == []  # nothing before the answer
    ask_id = question["buttons"][0]["args"]["ask_id"]
    assert "niet vinden" in said(ActionAnswerHelpAsk(), "t1", ask_id=ask_id, answer="ja")[0]  # not theirs
    assert "Ik geef het door" in said(ActionAnswerHelpAsk(), "helper", ask_id=ask_id, answer="ja")[0]
    (answer,) = sent_to("dm", "help_answer")
    assert "wil helpen met: 2 wensen over een moestuin" in answer["text"] and "Contact: via de chat" in answer["text"]
    assert "al beantwoord" in said(ActionAnswerHelpAsk(), "helper", ask_id=ask_id, answer="nee")[0]


def test_a_no_to_a_pearl_question_shares_nothing(wijk) -> None:
    for tenant in ("t1", "t2"):
        share(tenant, "Meer bankjes in het park.")
    pearl = offer("helper", "ik kan bankjes timmeren")
    said(ActionAskPearl(), "dm", wijk="Zuidwijk", wish_group="bankje", pearl_id=str(pearl))
    ask_id = sent_to("helper", "help_ask")[0]["buttons"][1]["args"]["ask_id"]
    assert "Ik geef niets van jou door" in said(ActionAnswerHelpAsk(), "helper", ask_id=ask_id, answer="nee")[0]
    (answer,) = sent_to("dm", "help_answer")
    assert "kan of wil nu niet" in answer["text"] and "Contact" not in answer["text"]


def test_an_ervaringsdeskundige_hears_nothing_when_the_tenant_says_no(wijk) -> None:
    wish = share("t1", MONEY)
    opened, choices, _ = said(ActionOpenWish(), "dm", wish_id=str(wish))
    assert "Vraag een ervaringsdeskundige" in choices
    text, choices, _ = said(ActionAskExpert(), "dm", wish_id=str(wish))
    assert "De bewoner krijgt eerst de vraag" in text
    (chosen,) = choices.values()
    helper_id = chosen.split('"helper_id": "')[1].split('"')[0]
    assert "eerst gevraagd" in said(ActionAskExpert(), "dm", wish_id=str(wish), helper_id=helper_id)[0]
    assert sent_to("exp") == []
    (question,) = sent_to("t1", "help_ask")
    assert "ervaringsdeskundige" in question["text"] and "niets over jou" in question["text"]
    said(ActionAnswerHelpAsk(), "t1", ask_id=question["buttons"][1]["args"]["ask_id"], answer="nee")
    assert sent_to("exp") == []  # nothing at all reaches the ervaringsdeskundige
    assert "wil liever geen contact" in sent_to("dm", "help_answer")[0]["text"]


def test_a_yes_gives_the_ervaringsdeskundige_the_wish_and_the_way_to_reach_the_tenant(wijk) -> None:
    wish = share("t1", MONEY)
    with session_scope() as session:
        helper_id = str(get_person(session, "exp").id)
    said(ActionAskExpert(), "dm", wish_id=str(wish), helper_id=helper_id)
    question = sent_to("t1", "help_ask")[0]
    said(ActionAnswerHelpAsk(), "t1", ask_id=question["buttons"][0]["args"]["ask_id"], answer="ja")
    (message,) = sent_to("exp")
    assert "schulden" in message["text"] and "Contact: via de chat" in message["text"]


def test_no_ervaringsdeskundige_for_a_wish_without_signal_or_consent(wijk) -> None:
    calm, anonymous = share("t1", "Een moestuin."), share("t2", MONEY, consent=False)
    with session_scope() as session:
        helper_id = str(get_person(session, "exp").id)
    for wish in (calm, anonymous):
        assert "Vraag een ervaringsdeskundige" not in said(ActionOpenWish(), "dm", wish_id=str(wish))[1]
        assert "vroegsignaal" in said(ActionAskExpert(), "dm", wish_id=str(wish), helper_id=helper_id)[0]
    assert sent_to("t1", "help_ask") == sent_to("t2", "help_ask") == []


@pytest.mark.parametrize(
    "action, sender, entities",
    [
        (ActionAskPearl(), "t1", {"wijk": "Zuidwijk", "wish_group": "moestuin", "pearl_id": "1"}),
        (ActionAskPearl(), "beh", {"wijk": "Zuidwijk", "wish_group": "moestuin", "pearl_id": "1"}),
        (ActionAskPearl(), "dm-west", {"wijk": "Zuidwijk", "wish_group": "moestuin", "pearl_id": "1"}),
        (ActionAskPearl(), "dm", {"wijk": "Zuidwijk", "wish_group": "zwembad", "pearl_id": "1"}),
        (ActionAskPearl(), "dm", {"wijk": "Zuidwijk", "wish_group": "moestuin", "pearl_id": "x"}),
        (ActionAskExpert(), "t1", {"wish_id": "1", "helper_id": "1"}),
        (ActionAskExpert(), "dm-west", {"wish_id": "1", "helper_id": "1"}),
        (ActionAskExpert(), "dm", {"wish_id": "1", "helper_id": "2"}),  # not an ervaringsdeskundige
        (ActionPlanGroupMeetup(), "t1", {"wijk": "Zuidwijk", "wish_group": "moestuin"}),
        (ActionPlanGroupMeetup(), "dm-west", {"wijk": "Zuidwijk", "wish_group": "moestuin"}),
        (ActionShowGroupPearls(), "t2", {"wijk": "Zuidwijk", "wish_group": "moestuin"}),
        (ActionAnswerHelpAsk(), "t2", {"ask_id": "1", "answer": "ja"}),
        (ActionAnswerHelpAsk(), "helper", {"ask_id": "1", "answer": "misschien"}),
        (ActionWithdrawPearl(), "t1", {"pearl_id": "1"}),
    ],
)
def test_role_checks_and_forged_payloads_change_and_send_nothing(wijk, action, sender, entities) -> None:
    share("t1", MONEY)
    share("t2", "een moestuin")
    share("t3", "samen groente kweken")
    assert offer("helper", "ik help met de moestuin") == 1
    with session_scope() as session:
        before = session.execute(select(func.count(OutboxMessage.id))).scalar()
    text, _, events = said(action, sender, **entities)
    assert text and not [e for e in events if e.get("event") == "followup"]
    with session_scope() as session:
        assert session.execute(select(func.count(OutboxMessage.id))).scalar() == before
        assert session.execute(select(func.count(HelpAsk.id))).scalar() == 0
        assert session.execute(select(func.count(Pearl.id))).scalar() == 1


def test_planning_for_a_group_fills_in_the_meetup_form(wijk) -> None:
    share("t1", "een moestuin")
    share("t2", "samen groente kweken")
    text, _, events = said(ActionPlanGroupMeetup(), "dm", wijk="Zuidwijk", wish_group="moestuin")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {
        "meetup_title": "Samen aan de slag: een moestuin",
        "meetup_wijk": "Zuidwijk",
        "meetup_wish_group": "moestuin",
    }
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "plan_meetup_form"}
    assert "uitnodiging" in text


def test_a_pearl_is_offered_on_its_own_and_at_the_end_of_the_wish_form_and_can_be_withdrawn(wijk) -> None:
    slots = {"pearl_offer": "ik heb een aanhanger", "pearl_wijk": None, "pearl_consent": False}
    assert "zonder je naam" in texts(run(ActionSubmitPearl(), tracker("t1", slots=slots))[0])
    dream = {
        "dream_wish": "Een moestuin",
        "dream_place": "wijk",
        "dream_wijk": "Zuidwijk",
        "dream_contribution": "ik kan water geven",
        "dream_consent": True,
        "dream_confirm": True,
    }
    run(ActionSubmitDream(), tracker("t1", slots=dream))
    with session_scope() as session:
        kept = {(p.offer, p.wijk, p.contact_consent) for p in pearls.pearls_of(session, get_person(session, "t1"))}
    assert kept == {("ik heb een aanhanger", "Zuidwijk", False), ("ik kan water geven", "Zuidwijk", True)}
    text, choices, _ = said(ActionMyWishes(), "t1")
    assert "Je bood aan" in text and "Aanbod intrekken" in choices
    first = choices["Aanbod intrekken"].split('"pearl_id": "')[1].split('"')[0]
    assert "niet vinden" in said(ActionWithdrawPearl(), "t2", pearl_id=first)[0]
    assert "ingetrokken" in said(ActionWithdrawPearl(), "t1", pearl_id=first)[0]
    with session_scope() as session:
        assert len(pearls.pearls_of(session, get_person(session, "t1"))) == 1


def test_only_pearls_with_consent_are_offered_to_be_asked(wijk) -> None:
    for tenant in ("t1", "t2"):
        share(tenant, "een moestuin")
    offer("helper", "ik help met de moestuin", consent=False)
    text, choices, _ = said(ActionShowGroupPearls(), "dm", wijk="Zuidwijk", wish_group="moestuin")
    assert "nog geen buren" in text and not choices


def test_the_digest_tells_where_the_wijk_stands(wijk) -> None:
    for tenant in ("t1", "t2"):
        share(tenant, "een moestuin achter de flat")
    share("t3", MONEY)
    offer("helper", "ik kan koken")
    with session_scope() as session:
        text = render_text(preview(session)[0], get_settings().timezone)
        stand = overview(session, "Zuidwijk")
    assert "Alle wensen uit de wijk: nieuw 3" in text
    assert "Open vroegsignalen met toestemming voor contact: 1" in text
    assert "- 2 wensen over een moestuin in Zuidwijk" in text
    assert 'Nieuwe parels (wat buren willen doen):\n- "ik kan koken"' in text
    assert stand.statuses["nieuw"] == 3 and stand.open_signals == 1


def test_retention_and_forgetting_take_pearls_and_questions(wijk) -> None:
    for tenant in ("t1", "t2"):
        share(tenant, "een moestuin")
    pearl = offer("helper", "ik help met de moestuin")
    old = offer("t1", "oud aanbod")
    with session_scope() as session:
        session.get(Pearl, old).created_at = utcnow() - timedelta(days=get_settings().retention.pearls_days + 1)
    said(ActionAskPearl(), "dm", wijk="Zuidwijk", wish_group="moestuin", pearl_id=str(pearl))
    with session_scope() as session:
        purged = purge_expired(session, get_settings().retention)
    assert (purged.pearls, purged.help_asks) == (1, 0)  # the old pearl; the question is fresh
    later = utcnow() + timedelta(days=get_settings().retention.outbox_days + 1)
    with session_scope() as session:
        assert purge_expired(session, get_settings().retention, now=later).help_asks == 1
    said(ActionAskPearl(), "dm", wijk="Zuidwijk", wish_group="moestuin", pearl_id=str(pearl))
    with session_scope() as session:
        forget(session, get_person(session, "helper"))
    with session_scope() as session:
        assert session.execute(select(func.count(Pearl.id))).scalar() == 0
        assert session.execute(select(func.count(HelpAsk.id))).scalar() == 0


def test_an_ervaringsdeskundige_is_made_by_invite(wijk) -> None:
    from actions.access import ActionCreateInvite

    _, choices, _ = said(ActionCreateInvite(), "beh")
    assert "Ervaringsdeskundige" in choices


@pytest.mark.parametrize(
    "consents, says", [((False, False), "Niemand in deze groep"), ((True, False), "Ik nodig 1 buur uit")]
)
def test_a_meetup_for_a_group_invites_only_who_consented(wijk, consents, says) -> None:
    from actions.meetups import ActionSubmitMeetup

    for tenant, consent in zip(("t1", "t2"), consents, strict=True):
        share(tenant, "een moestuin achter de flat", consent=consent)
    slots = {
        "meetup_title": "Samen aan de slag: een moestuin",
        "meetup_when": (utcnow() + timedelta(days=5)).isoformat(),
        "meetup_place": "Buurtkamer Zuidwijk",
        "meetup_wijk": "Zuidwijk",
        "meetup_description": "-",
        "meetup_capacity": "-",
        "meetup_wish_group": "moestuin",
    }
    text = texts(run(ActionSubmitMeetup(), tracker("dm", slots=slots))[0])
    assert "staat in de agenda" in text and says in text
    assert len(sent_to("t1", "invitation")) == int(consents[0]) and sent_to("t2", "invitation") == []
