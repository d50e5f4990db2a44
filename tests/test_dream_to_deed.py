"""From dream to deed, end to end: tenants and the droommakelaar in Telegram (real python-telegram-bot code
polling the local fake Bot API), the real Rasa and action servers, the real database, the real outbox."""

from __future__ import annotations

import asyncio
import json
from typing import Optional

from sqlalchemy import func, select

from bot.telegram_app import TelegramSink
from buurtbot.config import Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import DreamWish, HelpAsk, OutboxMessage, Pearl, Person, Role
from tests.telegram_frontend import TIMEOUT, Phone, polling_frontend
from tools.fake_telegram import Call, FakeTelegram
from worker.delivery import deliver_due


def make(settings: Settings, sender: int, role: Role, wijk: Optional[str] = None) -> None:
    with session_scope(settings) as session:
        set_role(session, get_or_create_person(session, str(sender)), role, wijk)


def open_button(listed: Call, snippet: str) -> str:
    """The "Open N" button of the wish in the work list that holds `snippet` (other tests share the database)."""
    block = next(b for b in listed.text.split("\n\n") if snippet in b)
    return f"Open {block.split('.', 1)[0]}"


def deliver(fake: FakeTelegram, settings: Settings) -> int:
    sink = TelegramSink(fake.application)
    return asyncio.run_coroutine_threadsafe(deliver_due(settings, sink), fake.loop).result(timeout=60)


def share_wish(tenant: Phone, wish: str, consent: bool) -> None:
    tenant.say("ik heb een idee voor de buurt", "Welke kansen zie je")
    tenant.say(wish, "Waar gaat je wens over")
    tenant.say("wijk", "zelf iets aan doen")
    tenant.press("Sla over", "droommakelaar contact")
    tenant.press("Ja, dat mag" if consent else "Nee, liever niet", "Dit sla ik op")
    tenant.press("Ja, opslaan", "Je wens is opgeslagen")


def test_a_status_change_with_a_note_reaches_the_tenant_exactly_once_across_a_restart(
    stack, stack_settings: Settings
) -> None:
    make(stack_settings, 7101, Role.bewoner, "Hagedoornbuurt")
    make(stack_settings, 7102, Role.droommakelaar, "Hagedoornbuurt")
    note = "Ik kijk met de gemeente naar een plek."
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar = Phone(fake, 7101), Phone(fake, 7102)
        share_wish(tenant, "een moestuin op het grasveld achter de flat", consent=True)
        listed = makelaar.say("/wensen", "Wensen (")
        assert "moestuin op het grasveld" in listed.text
        opened = makelaar.press(open_button(listed, "moestuin op het grasveld"), "Wens van")
        assert "Contact: stuur een bericht via Telegram" in opened.text  # the tenant consented
        makelaar.press("Opgepakt", "korte notitie")
        makelaar.say(note, "De bewoner krijgt een bericht")
        assert deliver(fake, stack_settings) >= 1
        news = tenant.wait("Nieuws over je wens")
        assert "De droommakelaar heeft je wens opgepakt." in news.text and note in news.text
        mine = tenant.say("/mijnwensen", "Status: opgepakt")
        assert note in mine.text
    with polling_frontend(stack_settings) as restarted:  # a new front end, on the same database
        assert deliver(restarted, stack_settings) == 0
        assert Phone(restarted, 7101).received("Nieuws over je wens") == []
    assert len(tenant.received("Nieuws over je wens")) == 1


def test_lukt_niet_asks_for_the_reason_the_tenant_reads(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7111, Role.bewoner, "Hagedoornbuurt")
    make(stack_settings, 7112, Role.droommakelaar, "Hagedoornbuurt")
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar = Phone(fake, 7111), Phone(fake, 7112)
        share_wish(tenant, "een zwembad op het dak van de flat", consent=False)
        listed = makelaar.say("/wensen", "zwembad op het dak")
        opened = makelaar.press(open_button(listed, "zwembad op het dak"), "zwembad op het dak")
        assert "geen contact" in opened.text and "tg://user" not in opened.text
        makelaar.press("Lukt niet", "Waarom lukt het niet")
        makelaar.say("Het dak is daar te zwak voor.", "De bewoner krijgt een bericht")
        deliver(fake, stack_settings)
        news = tenant.wait("Nieuws over je wens")
        assert "lukt helaas niet" in news.text and "Het dak is daar te zwak voor." in news.text
        withdrawn = tenant.say("/mijnwensen", "Status: lukt niet")
        tenant.press("Wens intrekken", "ingetrokken")
        assert withdrawn.buttons
        tenant.say("/mijnwensen", "nog geen wensen")


def test_three_moestuin_wishes_become_one_group_and_a_meetup_the_two_who_consented_are_invited_to(
    stack, stack_settings: Settings
) -> None:
    tenants = {7201: True, 7202: True, 7203: False}  # user id: consent to contact
    for user in tenants:
        make(stack_settings, user, Role.bewoner, "Nieuw-West")
    make(stack_settings, 7204, Role.droommakelaar, "Nieuw-West")
    wishes = ["een moestuin op het grasveld", "samen groenten kweken met de buren", "een volkstuintje bij de flat"]
    with polling_frontend(stack_settings) as fake:
        for (user, consent), wish in zip(tenants.items(), wishes, strict=True):
            share_wish(Phone(fake, user), wish, consent)
        makelaar = Phone(fake, 7204)
        groups = makelaar.say("/groepen", "wensen over een moestuin")
        assert "3 wensen over een moestuin in Nieuw-West" in groups.text
        makelaar.press("Plan een bijeenkomst", "Wanneer is het")
        asked = makelaar.say("zaterdag om 14:00", "Waar is het")
        assert asked.buttons[0]["text"] == "Moestuin Sloterpark"  # the place that fits the group first
        makelaar.press("Moestuin Sloterpark", "Wil je er iets over vertellen")
        makelaar.press("Sla over", "Hoeveel mensen")
        makelaar.press("Geen maximum", "Ik nodig 2 buren uit")
        deliver(fake, stack_settings)
        first, second, third = (Phone(fake, user) for user in tenants)
        invitation = first.wait("Je deelde een wens over een moestuin")
        assert "Samen aan de slag: een moestuin" in invitation.text and "Moestuin Sloterpark" in invitation.text
        second.wait("Je deelde een wens over een moestuin")
        first.press("Ik doe mee", "Gelukt! Je bent aangemeld")
        assert third.received("Je deelde een wens") == []
        assert deliver(fake, stack_settings) == 0  # nothing more, and nothing twice
        assert len(first.received("Je deelde een wens")) == 1


def test_a_pearl_is_offered_matched_asked_and_accepted_and_only_then_shared(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7301, Role.bewoner, "Zuidwijk")
    make(stack_settings, 7302, Role.bewoner, "Zuidwijk")
    make(stack_settings, 7303, Role.bewoner, "Zuidwijk")
    make(stack_settings, 7304, Role.droommakelaar, "Zuidwijk")
    with polling_frontend(stack_settings) as fake:
        share_wish(Phone(fake, 7301), "een repair cafe in het buurthuis", consent=True)
        share_wish(Phone(fake, 7302), "iemand die kapotte spullen kan repareren", consent=False)
        helper, makelaar = Phone(fake, 7303), Phone(fake, 7304)
        helper.say("/parel", "Wat kun en wil je doen")
        helper.say("ik kan goed repareren, fietsen en stofzuigers", "Mag de droommakelaar je vragen")
        helper.press("Ja, dat mag", "bewaard als parel")
        makelaar.say("/groepen", "wensen over een repair café in Zuidwijk")
        pearls = makelaar.press("Parels die passen", "Buren die kunnen helpen")
        assert "ik kan goed repareren" in pearls.text and "7303" not in pearls.text
        makelaar.press("Vraag 1", "Ik heb het gevraagd")
        deliver(fake, stack_settings)
        helper.wait("De droommakelaar vraagt of je daarbij wilt helpen")
        assert makelaar.received("tg://user?id=7303") == []  # nothing before the yes
        helper.press("Ja, dat mag", "Ik geef het door")
        deliver(fake, stack_settings)
        shared = makelaar.wait("wil helpen met")
        assert "tg://user?id=7303" in shared.text


def test_the_tenant_says_no_to_an_ervaringsdeskundige_and_nothing_reaches_them(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7401, Role.bewoner, "Hagedoornbuurt")
    make(stack_settings, 7402, Role.droommakelaar, "Hagedoornbuurt")
    make(stack_settings, 7403, Role.ervaringsdeskundige, "Hagedoornbuurt")
    wish = "Ik heb schulden en durf de post niet meer open te maken. Een plek met hulp in de buurt zou fijn zijn."
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar, expert = Phone(fake, 7401), Phone(fake, 7402), Phone(fake, 7403)
        share_wish(tenant, wish, consent=True)
        listed = makelaar.say("/wensen", "durf de post niet meer open")
        makelaar.press(open_button(listed, "durf de post niet meer open"), "Vroegsignaal geldzorgen")
        makelaar.press("Vraag een ervaringsdeskundige", "Welke ervaringsdeskundige")
        makelaar.press("Ervaringsdeskundige 1", "eerst gevraagd")
        deliver(fake, stack_settings)
        tenant.wait("Mag die persoon contact met je opnemen")
        tenant.press("Nee, liever niet", "Ik geef niets van jou door")
        deliver(fake, stack_settings)
        makelaar.wait("wil liever geen contact")
        assert expert.received("") == []  # not a single message


def test_mijngegevens_and_vergeet_mij_cover_statuses_pearls_and_questions(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7501, Role.bewoner, "Zuidwijk")
    make(stack_settings, 7502, Role.droommakelaar, "Zuidwijk")
    with polling_frontend(stack_settings) as fake:
        tenant, makelaar = Phone(fake, 7501), Phone(fake, 7502)
        tenant.say("/parel", "Wat kun en wil je doen")
        tenant.say("ik kan fietsen plakken voor buren", "Mag de droommakelaar je vragen")
        tenant.press("Ja, dat mag", "bewaard als parel")
        share_wish(tenant, "een fietsenrek bij de ingang van de flat", consent=True)
        listed = makelaar.say("/wensen", "fietsenrek bij de ingang")
        makelaar.press(open_button(listed, "fietsenrek bij de ingang"), "Wens van")
        makelaar.press("Opgepakt", "korte notitie")
        makelaar.press("Geen notitie", "De bewoner krijgt een bericht")
        start = len(fake.sent)
        fake.push_command(7501, "mijngegevens")
        sent = fake.wait_for_sent(
            lambda c: c.chat_id == 7501 and c.method == "sendDocument", timeout=TIMEOUT, start=start
        )
        copy = json.loads(next(iter(sent.files.values())).content)
        assert [p["offer"] for p in copy["parels"]] == ["ik kan fietsen plakken voor buren"]
        assert [(w["wish"], w["status"]) for w in copy["wensen"]] == [
            ("een fietsenrek bij de ingang van de flat", "opgepakt")
        ]
        tenant.say("/vergeet_mij", "Weet je het zeker")
        tenant.press("Ja, wis alles", "Alles over jou is gewist")
    with session_scope(stack_settings) as session:
        assert session.execute(select(Person).where(Person.sender_id == "7501")).first() is None
        assert session.execute(select(Pearl).where(Pearl.offer.like("%fietsen plakken%"))).first() is None
        assert (
            session.execute(select(DreamWish).where(DreamWish.wish.like("%fietsenrek bij de ingang%"))).first() is None
        )


FORGED = [
    '/set_wish_status{"wish_id": "1", "wish_status": "gelukt"}',
    '/open_wish{"wish_id": "1"}',
    '/show_wishes{"wijk": "Zuidwijk"}',
    "/show_wish_groups",
    '/show_group_pearls{"wijk": "Zuidwijk", "wish_group": "moestuin"}',
    '/plan_group_meetup{"wijk": "Zuidwijk", "wish_group": "moestuin"}',
    '/ask_pearl{"pearl_id": "1", "wijk": "Zuidwijk", "wish_group": "moestuin"}',
    '/ask_expert{"wish_id": "1", "helper_id": "1"}',
    '/answer_help_ask{"ask_id": "1", "answer": "ja"}',
    '/withdraw_wish{"wish_id": "1"}',
    '/withdraw_pearl{"pearl_id": "1"}',
]


def test_forged_payloads_of_every_new_action_are_refused_and_change_nothing(stack, stack_settings: Settings) -> None:
    make(stack_settings, 7601, Role.bewoner, "Zuidwijk")
    with session_scope(stack_settings) as session:
        before = [session.execute(select(func.count()).select_from(t)).scalar() for t in (DreamWish, Pearl, HelpAsk)]
        outbox_before = session.execute(select(func.count(OutboxMessage.id))).scalar()
        statuses = session.execute(select(DreamWish.id, DreamWish.status)).all()
    with polling_frontend(stack_settings) as fake:
        forger = Phone(fake, 7601)
        for payload in FORGED:
            start = len(fake.sent)
            fake.push_text(7601, payload)
            reply = fake.wait_for_sent(lambda c: c.chat_id == 7601, timeout=TIMEOUT, start=start)
            assert reply.text and "opgepakt" not in reply.text and "gelukt" not in reply.text.lower(), payload
        assert forger.received("De bewoner krijgt een bericht") == []
    with session_scope(stack_settings) as session:
        after = [session.execute(select(func.count()).select_from(t)).scalar() for t in (DreamWish, Pearl, HelpAsk)]
        assert after == before
        assert session.execute(select(func.count(OutboxMessage.id))).scalar() == outbox_before
        assert session.execute(select(DreamWish.id, DreamWish.status)).all() == statuses
