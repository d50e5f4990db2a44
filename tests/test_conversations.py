"""Whole conversations through the REST channel: real model, real action server, real database."""

import json

from sqlalchemy import func, select

from buurtbot.invites import create_invite
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage, Role, StripCard, StripUse, Veto


def joined(replies) -> str:
    return "\n".join(r.text or "" for r in replies)


def make(stack_settings, sender: str, role: Role, wijk=None) -> None:
    with session_scope(stack_settings) as session:
        set_role(session, get_or_create_person(session, sender), role, wijk)


async def become_professional(chat, stack_settings, sender: str) -> None:
    with session_scope(stack_settings) as session:
        code = create_invite(session, Role.professional, wijk="Zuidwijk")
    replies = await chat(sender, "/redeem_invite" + json.dumps({"invite_code": code}))
    assert "Je bent nu professional in Zuidwijk" in joined(replies)


async def test_a_tenant_finds_help_choosing_the_wijk_with_a_button(chat) -> None:
    replies = await chat("c-bew-1", "ik heb schulden, waar kan ik terecht?")
    assert "In welke wijk" in joined(replies)
    assert any(b.title == "Zuidwijk" for r in replies for b in r.buttons)
    replies = await chat("c-bew-1", '/ask_referral{"wijk": "Zuidwijk"}')
    assert "Voor geldzorgen en schulden in Zuidwijk" in joined(replies) and "Bel:" in joined(replies)


async def test_a_missing_topic_is_asked_with_buttons(chat, stack_settings) -> None:
    make(stack_settings, "c-bew-2", Role.bewoner, "Nieuw-West")
    replies = await chat("c-bew-2", "wie kan mij helpen?")
    assert "Waar gaat het over?" in joined(replies)
    replies = await chat("c-bew-2", '/ask_referral{"topic": "huiselijk_geweld"}')
    assert replies[0].text == "Is er nu direct gevaar? Bel dan meteen 112."
    assert "in Nieuw-West" in joined(replies)


async def test_an_emergency_in_the_middle_of_a_form_gets_112_first(chat) -> None:
    await chat("c-bew-3", "ik heb schulden")
    replies = await chat("c-bew-3", "help er is brand in de flat!!")
    assert "112" in replies[0].text


async def test_a_forged_strip_payload_from_a_bewoner_is_refused(chat, stack_settings) -> None:
    make(stack_settings, "c-boss", Role.beheerder)  # who would be told of a strip use (the one beheerder here)
    with session_scope(stack_settings) as session:
        queued = session.execute(select(func.count(OutboxMessage.id))).scalar()
    for forged in ("/use_strip", '/use_strip{"strip_partner": "Tolk", "strip_reason": "gesprek"}', "/check_strips"):
        assert "alleen voor professionals" in joined(await chat("c-bew-4", forged)), forged
    with session_scope(stack_settings) as session:
        person = get_or_create_person(session, "c-bew-4")
        assert person.role == Role.bewoner
        cards = select(StripCard.id).where(StripCard.person_id == person.id)
        assert session.execute(cards).first() is None  # no card is made, so no strip is used either
        assert session.execute(select(StripUse).where(StripUse.card_id.in_(cards))).first() is None
        assert session.execute(select(func.count(OutboxMessage.id))).scalar() == queued


async def test_a_professional_uses_a_strip(chat, stack_settings) -> None:
    await become_professional(chat, stack_settings, "c-pro-1")
    assert "Welke partner" in joined(await chat("c-pro-1", "ik wil een strip inzetten"))
    assert "Waarom" in joined(await chat("c-pro-1", "buurtbemiddeling zuidwijk"))
    replies = await chat("c-pro-1", "twee gezinnen hebben al maanden ruzie over de tuin, ze willen bemiddeling")
    assert "Je hebt er nog 9" in joined(replies)


async def test_stopping_a_veto_halfway_stores_nothing(chat, stack_settings) -> None:
    await become_professional(chat, stack_settings, "c-pro-2")
    assert "Op welk besluit" in joined(await chat("c-pro-2", "ik wil een veto geven op een besluit"))
    assert "dossiernummer" in joined(await chat("c-pro-2", "de sluiting van het buurthuis"))
    replies = await chat("c-pro-2", "laat maar")
    assert "Er is niets opgeslagen" in joined(replies)
    with session_scope(stack_settings) as session:
        assert session.execute(select(Veto).where(Veto.decision == "de sluiting van het buurthuis")).first() is None


async def test_a_dream_is_shared_and_stored_only_after_confirmation(chat, stack_settings) -> None:
    from buurtbot.storage.models import DreamWish, Person

    make(stack_settings, "c-bew-5", Role.bewoner, "Zuidwijk")
    assert "Welke kansen zie je" in joined(await chat("c-bew-5", "ik heb een idee voor de buurt"))
    assert "Waar gaat je wens over" in joined(await chat("c-bew-5", "een moestuin met bankjes op het grasveld"))
    assert "zelf iets aan doen" in joined(await chat("c-bew-5", "wijk"))
    assert "droommakelaar contact" in joined(await chat("c-bew-5", "ik kan wel helpen met planten"))
    replies = await chat("c-bew-5", "/deny")
    assert "Dit sla ik op" in joined(replies) and "ziet de droommakelaar niet" in joined(replies)
    mine = select(DreamWish).join(Person, Person.id == DreamWish.person_id).where(Person.sender_id == "c-bew-5")
    with session_scope(stack_settings) as session:
        assert session.execute(mine).first() is None  # not before the confirmation
    assert "opgeslagen" in joined(await chat("c-bew-5", "/affirm"))
    with session_scope(stack_settings) as session:
        wish = session.execute(mine).scalar_one()
        assert wish.wish == "een moestuin met bankjes op het grasveld" and wish.contact_consent is False


async def test_stopping_a_dream_halfway_stores_nothing(chat, stack_settings) -> None:
    from buurtbot.storage.conversations import events_of
    from buurtbot.storage.models import DreamWish

    make(stack_settings, "c-bew-6", Role.bewoner, "Zuidwijk")
    await chat("c-bew-6", "hoi")
    await chat("c-bew-6", "ik wil een wens delen")
    await chat("c-bew-6", "een bankje bij de bushalte")
    with session_scope(stack_settings) as session:
        assert "een bankje bij de bushalte" in str(events_of(session, "c-bew-6"))  # kept while the form runs
    assert "niets opgeslagen" in joined(await chat("c-bew-6", "/stop"))
    with session_scope(stack_settings) as session:
        assert all(w.wish != "een bankje bij de bushalte" for w in session.execute(select(DreamWish)).scalars())
        history = str(events_of(session, "c-bew-6"))
    # "Niets opgeslagen" holds for the conversation history too: the form is gone from its first message on.
    assert (
        "een bankje bij de bushalte" not in history
        and "ik wil een wens delen" not in history
        and "dream_form" not in history
    )
    assert "hoi" in history  # what came before the form stays


async def test_despair_gets_warmth_and_113_never_stop_also_inside_a_form(chat, stack_settings) -> None:
    from buurtbot.storage.conversations import events_of

    replies = joined(await chat("c-bew-7", "laat maar, het hoeft voor mij allemaal niet meer"))
    assert "113" in replies and "0800-0113" in replies and "stoppen" not in replies
    make(stack_settings, "c-bew-8", Role.bewoner, "Zuidwijk")
    assert "Welke kansen zie je" in joined(await chat("c-bew-8", "ik heb een idee voor de buurt"))
    replies = await chat("c-bew-8", "ik kan niet meer")
    assert "113" in replies[0].text and "niets opgeslagen" not in joined(replies)
    assert "Welke kansen zie je" in joined(replies)  # the form asks its question again: nothing was taken as the wish
    with session_scope(stack_settings) as session:
        slots = [e for e in events_of(session, "c-bew-8") if e.get("event") == "slot" and e.get("name") == "dream_wish"]
    assert all(e.get("value") is None for e in slots)


async def test_danger_gets_the_national_numbers_at_once_and_local_ones_after_the_wijk(chat) -> None:
    """ "Wie kan ik bellen bij huiselijk geweld?" is not answered with a question first."""
    replies = await chat("c-bew-9", "wie kan ik bellen bij huiselijk geweld?")
    assert replies[0].text == "Is er nu direct gevaar? Bel dan meteen 112."
    assert "Veilig Thuis" in joined(replies) and "In welke wijk" not in joined(replies)
    local = [b.payload for r in replies for b in r.buttons if b.title == "Zuidwijk"]
    assert local == ['/ask_referral{"topic": "huiselijk_geweld", "wijk": "Zuidwijk"}']
    replies = await chat("c-bew-9", local[0])
    assert replies[0].text == "Is er nu direct gevaar? Bel dan meteen 112." and "in Zuidwijk" in joined(replies)
    assert "Wil je ook hulp dichtbij" not in joined(replies)
