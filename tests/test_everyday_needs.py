"""What tenants ask most, through the real stack: repairs, paperwork, a gas smell, a need outside the topics,
a wijk outside the index, danger asked calmly, other languages, and asking instead of guessing."""

import pytest

from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role

# What the bot understands and answers: the same on every database (not run again against PostgreSQL).
pytestmark = pytest.mark.dialogue

EMERGENCY_ANSWER = "Dat is het nummer voor politie, brandweer en ambulance"


def joined(replies) -> str:
    return "\n".join(r.text or "" for r in replies)


def tenant(stack_settings, sender: str, wijk=None) -> None:
    with session_scope(stack_settings) as session:
        set_role(session, get_or_create_person(session, sender), Role.bewoner, wijk)


async def test_a_repair_goes_to_the_corporations_repair_service_with_its_urgent_number(chat, stack_settings) -> None:
    tenant(stack_settings, "n-rep-1", "Zuidwijk")
    replies = joined(await chat("n-rep-1", "mijn verwarming is kapot"))
    assert "Reparatieservice HW Wonen" in replies and "0186-000 0290" in replies and "0186-000 0299" in replies
    assert "112" not in replies


async def test_a_damp_flat_and_a_coughing_child_get_no_emergency_answer(chat, stack_settings) -> None:
    tenant(stack_settings, "n-rep-2", "Nieuw-West")
    replies = await chat("n-rep-2", "er zit overal schimmel in mijn flat en mijn kind hoest de hele tijd")
    assert EMERGENCY_ANSWER not in joined(replies) and "112" not in joined(replies)
    offered = [b.payload for r in replies for b in r.buttons]  # asked: danger now, or the repair service
    assert "Reparatieservice" in joined(replies) or any('"reparatie"' in p for p in offered)


async def test_paperwork_goes_to_the_sociaal_raadslieden(chat, stack_settings) -> None:
    tenant(stack_settings, "n-pap-1", "Hagedoornbuurt")
    replies = joined(await chat("n-pap-1", "ik snap die brief van de belastingdienst niet"))
    assert "Sociaal raadslieden Almelo" in replies and "112" not in replies and "Veilig Thuis" not in replies


async def test_a_gas_smell_gets_the_outage_number_first_and_112_only_with_someone_unwell(chat) -> None:
    replies = await chat("n-gas-1", "ik ruik gas in de gang")
    assert "0800-9009" in replies[0].text and "ga naar buiten" in replies[0].text
    assert EMERGENCY_ANSWER not in joined(replies)
    assert "In welke wijk" not in joined(replies)
    replies = await chat("n-gas-2", "ik ruik gas en mijn moeder is duizelig")
    assert EMERGENCY_ANSWER in replies[0].text


async def test_someone_unwell_after_the_gas_answer_gets_112_first(chat) -> None:
    assert "0800-9009" in (await chat("n-gas-3", "het stinkt hier naar gas in het trappenhuis"))[0].text
    replies = await chat("n-gas-3", "mijn buurman is duizelig en moet overgeven")  # alone, no emergency reading
    assert EMERGENCY_ANSWER in replies[0].text and "0800-9009" in joined(replies)


async def test_a_need_outside_the_topics_goes_to_the_wijks_general_contact(chat, stack_settings) -> None:
    tenant(stack_settings, "n-gen-1", "Nieuw-West")
    replies = joined(await chat("n-gen-1", "ik wil graag vrijwilligerswerk doen in de buurt, bij wie moet ik zijn"))
    assert "Dit past niet bij een van mijn onderwerpen" in replies and "Buurtteam Nieuw-West" in replies


async def test_the_iets_anders_button_gives_the_general_contact(chat, stack_settings) -> None:
    tenant(stack_settings, "n-gen-2", "Zuidwijk")
    replies = await chat("n-gen-2", "wie kan mij helpen?")
    other = [b.payload for r in replies for b in r.buttons if b.title == "Iets anders"]
    assert other == ['/ask_referral{"topic": "algemeen"}']
    assert "Sociaal wijkteam Oud-Beijerland" in joined(await chat("n-gen-2", other[0]))


async def test_a_wijk_outside_the_index_gets_national_help_and_the_way_to_the_gemeente(chat, stack_settings) -> None:
    replies = joined(await chat("n-out-1", "ik woon in Utrecht en ik heb schulden"))
    assert "Je wijk staat nog niet in mijn lijst" in replies and "gemeente" in replies
    assert "Het Juridisch Loket" in replies  # national help for schulden
    with session_scope(stack_settings) as session:
        assert get_or_create_person(session, "n-out-1").wijk is None  # nothing is remembered that is not a wijk


async def test_danger_asked_calmly_names_the_national_numbers_first(chat, stack_settings) -> None:
    tenant(stack_settings, "n-dan-1", "Nieuw-West")
    replies = await chat(
        "n-dan-1", "mijn man slaat me soms als hij gedronken heeft, nu is hij naar zijn werk. wie kan ik bellen?"
    )
    assert replies[0].text == "Is er nu direct gevaar? Bel dan meteen 112."
    names = [r.text.splitlines()[0] for r in replies[2:]]
    assert names[0] == "Veilig Thuis" and any("Nieuw-West" in name for name in names[1:])
    assert EMERGENCY_ANSWER not in joined(replies)


@pytest.mark.parametrize(
    "text, marker",
    [
        ("Hello, can you help me with my rent please?", "I only speak Dutch"),
        ("Merhaba, kira ödeyemiyorum ne yapmalıyım", "Sadece Hollandaca"),
        ("مرحبا، أحتاج مساعدة في السكن", "أتكلم الهولندية"),
        ("Dzień dobry, potrzebuję pomocy z czynszem", "Mówię tylko po niderlandzku"),
    ],
)
async def test_a_message_in_another_language_gets_a_short_text_in_that_language(chat, text: str, marker: str) -> None:
    replies = joined(await chat(f"n-lang-{marker[:4]}", text))
    assert marker in replies and "112" in replies and "Hoi" not in replies


async def test_an_emergency_in_another_language_gets_112_first(chat) -> None:
    replies = await chat("n-lang-em", "Yangın var, lütfen ambulans gönderin!")
    assert "112" in replies[0].text and "Sadece Hollandaca" in joined(replies)


async def test_an_unclear_need_is_asked_with_buttons_and_never_with_112(chat, stack_settings) -> None:
    tenant(stack_settings, "n-ask-1", "Zuidwijk")
    replies = await chat("n-ask-1", "er is iets met mijn buurvrouw")
    assert "112" not in joined(replies)
    titles = [b.title for r in replies for b in r.buttons]
    assert titles and titles[-1] == "Iets anders"  # the likeliest topics, or all of them when none stands out


async def test_two_needs_answer_the_first_and_offer_the_second(chat, stack_settings) -> None:
    tenant(stack_settings, "n-two-1", "Zuidwijk")
    replies = await chat("n-two-1", "ik heb schulden en veel last van herrie van de buren")
    assert "in Zuidwijk kun je hier terecht" in joined(replies)
    offered = [b.payload for r in replies for b in r.buttons]
    assert any('"topic": "schulden"' in p for p in offered) or any('"topic": "overlast"' in p for p in offered)
    replies = await chat("n-two-2", "ik zou graag een moestuin willen en ik heb ook huurachterstand")
    if "Leuk dat je je wens deelt" in joined(replies):  # the wish, said first, is taken; the debts get a button
        assert any('"schulden"' in b.payload for r in replies for b in r.buttons)
        return
    assert "In welke wijk" in joined(replies)  # or the debts first: no wijk known yet, asked first, the wish kept
    replies = await chat("n-two-2", '/ask_referral{"wijk": "Zuidwijk"}')
    assert "Voor geldzorgen en schulden in Zuidwijk" in joined(replies)
    assert "/share_dream" in [b.payload for r in replies for b in r.buttons]


async def test_a_danger_topic_is_never_a_guess(chat, stack_settings) -> None:
    """Retirement and volunteering read as domestic violence by the regression (0.55): no Veilig Thuis, no 112;
    the bot asks with buttons instead."""
    tenant(stack_settings, "n-guess-1", "Hagedoornbuurt")
    text = "Ik ben sinds kort met pensioen en zit de hele dag thuis. Ik zou graag vrijwilligerswerk doen, wie weet daar meer van?"
    replies = await chat("n-guess-1", text)
    assert "Veilig Thuis" not in joined(replies) and "112" not in joined(replies)
    assert any(r.buttons for r in replies)


async def test_two_needs_are_answered_in_the_order_they_were_said(chat, stack_settings) -> None:
    tenant(stack_settings, "n-two-3", "Zuidwijk")
    replies = await chat("n-two-3", "mijn buurman is erg verward en zijn woning is helemaal vervuild")
    assert "Voor verward gedrag in Zuidwijk" in joined(replies)
    offered = [b.payload for r in replies for b in r.buttons]
    assert any('"woningvervuiling"' in p for p in offered)


async def test_worry_about_someone_is_not_the_topic_care(chat, stack_settings) -> None:
    """ "Ik maak me zorgen om haar" names no need for care; a confused neighbour gets the police's number for it."""
    tenant(stack_settings, "n-worry-1", "Zuidwijk")
    replies = joined(
        await chat("n-worry-1", "mijn buurvrouw is heel verward en roept de hele nacht, ik maak me zorgen om haar")
    )
    assert "Voor verward gedrag" in replies and "0900-8844" in replies and "Zorg en mantelzorg" not in replies


async def test_the_wish_to_die_said_of_oneself_gets_warmth_and_113_not_the_alarm(chat) -> None:
    replies = await chat("n-die-1", "ik wil niet meer leven")
    assert "Bel meteen 112" in replies[0].text and "0800-0113" in replies[0].text  # 112 first, in the warm answer
    assert EMERGENCY_ANSWER not in joined(replies)


async def test_someone_else_who_wants_to_die_gets_the_emergency_answer(chat) -> None:
    replies = await chat("n-die-2", "mijn zoon zegt dat hij zelfmoord wil plegen")
    assert EMERGENCY_ANSWER in replies[0].text


async def test_the_answer_in_another_language_names_113_too(chat) -> None:
    replies = joined(await chat("n-lang-113", "Hello, can you help me please?"))
    assert "I only speak Dutch" in replies and "0800-0113" in replies
