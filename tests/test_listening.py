"""Take what is said, through the real stack: forms filled from the opening message, corrections, one wijk per
person, and answers checked against what they must be."""

from sqlalchemy import select

from buurtbot.config import get_settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role, StripUse
from buurtbot.strips import top_up


def joined(replies) -> str:
    return "\n".join(r.text or "" for r in replies)


def person(stack_settings, sender: str, role: Role = Role.bewoner, wijk=None, strips: int = 0) -> None:
    with session_scope(stack_settings) as session:
        someone = get_or_create_person(session, sender)
        set_role(session, someone, role, wijk)
        if strips:
            top_up(session, someone, strips, get_settings())


async def test_the_wish_in_the_opening_message_is_not_asked_again(chat, stack_settings) -> None:
    person(stack_settings, "l-dream-1", wijk="Zuidwijk")
    replies = joined(await chat("l-dream-1", "Ik zou graag een jeu-de-boulesbaan op het plein willen"))
    assert "Ik heb hem genoteerd" in replies and "Vertel over je droom" not in replies
    assert "Wil of kun je er zelf iets aan doen" in replies  # the place ("op het plein") and wijk are known too


async def test_a_meetup_sentence_fills_title_day_and_place(chat, stack_settings) -> None:
    person(stack_settings, "l-meet-1", wijk="Nieuw-West")
    replies = joined(await chat("l-meet-1", "Plan een kookmiddag op donderdag om 14:00 in het buurthuis"))
    assert "Hoe heet de activiteit" not in replies and "Wanneer is het" not in replies and "Waar is het" not in replies
    assert "Wil je er iets over vertellen" in replies


async def test_the_age_in_the_opening_message_is_taken(chat, stack_settings) -> None:
    person(stack_settings, "l-youth-1", wijk="Nieuw-West")
    replies = joined(await chat("l-youth-1", "ik ben 17 en ik wil meedoen met bouwen aan je toekomst"))
    assert "Hoe oud ben je" not in replies and "Wat vind je leuk om te doen" in replies


async def test_another_wijk_after_an_answer_corrects_it_and_becomes_the_tenants_wijk(chat, stack_settings) -> None:
    person(stack_settings, "l-cor-1")
    await chat("l-cor-1", "ik heb schulden")
    replies = joined(await chat("l-cor-1", "Zuidwijk"))
    assert "Voor geldzorgen en schulden in Zuidwijk" in replies
    replies = joined(await chat("l-cor-1", "nee, ik bedoel Almelo"))
    assert "Voor geldzorgen en schulden in Hagedoornbuurt" in replies and "begrijp ik niet" not in replies
    with session_scope(stack_settings) as session:
        assert get_or_create_person(session, "l-cor-1").wijk == "Hagedoornbuurt"
    assert "in Hagedoornbuurt" in joined(await chat("l-cor-1", "wat is er te doen in de buurt?"))  # one wijk everywhere


async def test_a_sentence_is_never_stored_as_the_partner_of_a_strip(chat, stack_settings) -> None:
    person(stack_settings, "l-strip-1", Role.professional, "Zuidwijk", strips=3)
    replies = await chat("l-strip-1", "ik wil een strip inzetten")
    buttons = [b for r in replies for b in r.buttons]
    assert buttons and all(b.payload.startswith('/inform{"partner": ') for b in buttons)
    assert "Buurtbemiddeling Hoeksche Waard" in [b.title for b in buttons]
    replies = joined(await chat("l-strip-1", "conflict tussen twee gezinnen"))
    assert "Kies een partner met een knop" in replies and "Waarom" not in replies
    replies = joined(
        await chat("l-strip-1", next(b.payload for b in buttons if b.title.startswith("Buurtbemiddeling")))
    )
    assert "Waarom" in replies
    assert "Gelukt" in joined(await chat("l-strip-1", "twee gezinnen hebben ruzie over de tuin"))
    with session_scope(stack_settings) as session:
        uses = session.execute(select(StripUse.partner_name)).scalars().all()
    assert "Buurtbemiddeling Hoeksche Waard (voorbeeld)" in uses and "conflict tussen twee gezinnen" not in uses


async def test_a_strip_partner_named_in_the_opening_message_is_taken(chat, stack_settings) -> None:
    person(stack_settings, "l-strip-2", Role.professional, "Zuidwijk", strips=3)
    replies = joined(await chat("l-strip-2", "ik wil een strip gebruiken voor buurtbemiddeling"))
    assert "Welke partner" not in replies and "Waarom" in replies


async def test_a_story_that_sounds_like_a_referral_question_is_the_answer(chat, stack_settings) -> None:
    person(stack_settings, "l-veto-1", Role.professional, "Zuidwijk")
    replies = joined(await chat("l-veto-1", "Ik wil een veto leggen op de ontruiming van het gezin op nummer 23."))
    assert "Op welk besluit" not in replies and "dossiernummer" in replies
    await chat("l-veto-1", "geen dossiernummer")
    replies = joined(
        await chat(
            "l-veto-1", "Er loopt een schuldhulptraject en de kinderen doen examen. Ontruimen maakt alles kapot."
        )
    )
    assert "Voor geldzorgen" not in replies and "veto" in replies.lower()


async def test_of_two_places_the_one_where_the_tenant_lives_is_taken(chat, stack_settings) -> None:
    person(stack_settings, "l-cor-2")
    await chat("l-cor-2", "de verwarming doet het niet")
    assert "0546-000 0390" in joined(await chat("l-cor-2", "almelo"))
    replies = joined(await chat("l-cor-2", "o wacht nee, ik woon zelf in oud beijerland, mn moeder woont in almelo"))
    assert "Voor reparaties en onderhoud in Zuidwijk" in replies and "0546-000 0390" not in replies
    with session_scope(stack_settings) as session:
        assert get_or_create_person(session, "l-cor-2").wijk == "Zuidwijk"


async def test_a_statement_where_a_description_is_asked_is_the_description(chat, stack_settings) -> None:
    person(stack_settings, "l-meet-2", Role.bewoner, "Zuidwijk")
    replies = joined(await chat("l-meet-2", "Plan een wensenavond op donderdag om 19:00 in het buurthuis"))
    assert "Wil je er iets over vertellen" in replies
    replies = joined(await chat("l-meet-2", "bewoners vertellen elkaar wat ze graag in de wijk zouden willen zien"))
    assert "Dit bewaren we over jou" not in replies and "Hoeveel mensen" in replies


async def test_a_day_given_where_the_wijk_is_asked_is_kept_off_the_record(chat, stack_settings) -> None:
    person(stack_settings, "l-off-1", Role.professional, "Zuidwijk")
    await chat("l-off-1", "ik wil iets off the record melden")
    replies = joined(await chat("l-off-1", "vorige week dinsdag"))
    assert "De dag heb ik genoteerd" in replies and "Over welke wijk" in replies
    replies = joined(await chat("l-off-1", "Zuidwijk"))
    assert "Wanneer" not in replies and "contact" in replies.lower()


async def test_what_a_young_person_likes_in_the_opening_is_taken_and_a_need_gets_a_button(chat, stack_settings) -> None:
    person(stack_settings, "l-youth-2", Role.bewoner, "Nieuw-West")
    text = "Ik ben 19 en wil me aanmelden voor Bouwen aan je Toekomst, ik heb ook schulden. Ik hou van koken en organiseren"
    replies = await chat("l-youth-2", text)
    assert "Wat vind je leuk om te doen" not in joined(replies) and "Zit je op school" in joined(replies)
    assert any('"schulden"' in b.payload for r in replies for b in r.buttons)


async def test_a_wijk_named_where_the_place_of_a_wish_is_asked_is_the_wijk(chat, stack_settings) -> None:
    person(stack_settings, "l-dream-9")
    assert "Waar gaat je wens over" in joined(await chat("l-dream-9", "ik wens een grotere speeltuin"))
    replies = joined(await chat("l-dream-9", "hagedoorn"))
    assert "Kies een van de knoppen" not in replies and "In welke wijk" not in replies
    assert "Wil of kun je er zelf iets aan doen" in replies  # place and wijk taken: the next question
