"""The beheerder's meetups and invites in the dashboard: approve, reject and cancel meetups with the chat's
notifications, and make, list and revoke invite codes with a deep link and a QR code."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from types import SimpleNamespace
from typing import List, Optional

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import func, select

from bot.commands import to_payload
from buurtbot import invites, meetups
from buurtbot.config import Settings
from buurtbot.people import get_or_create_person, get_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Invite, Meetup, MeetupStatus, OutboxMessage, Role
from buurtbot.storage.types import utcnow
from dashboard.pages.meetups import made_context
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    click_and_wait,
    main_text,
    serious_violations,
    sign_in,
    staff_client,
)


def plan(settings: Settings, sender: str, role: Role, title: str) -> int:
    """A meetup planned in the chat's way: a bewoner's waits for approval, a professional's is published."""
    with session_scope(settings) as session:
        organiser = get_or_create_person(session, sender, "Ria")
        set_role(session, organiser, role, "Hagedoornbuurt")
        meetup = meetups.plan(
            session, organiser, title, utcnow() + timedelta(days=3), "Buurthuis De Schakel", "Hagedoornbuurt",
            zone=settings.timezone,
        )  # fmt: skip
        return meetup.id


def messages_for(settings: Settings, key: str) -> List[str]:
    with session_scope(settings) as session:
        rows = session.execute(select(OutboxMessage).where(OutboxMessage.key == key)).scalars()
        return [row.payload["text"] for row in rows]


def status_of(settings: Settings, meetup_id: int) -> MeetupStatus:
    with session_scope(settings) as session:
        return session.get(Meetup, meetup_id).status


def test_approving_a_proposal_tells_the_organiser_as_the_chat_does(browser, dashboard_settings) -> None:
    meetup_id = plan(dashboard_settings, "meet-org-1", Role.bewoner, "Koffieochtend op het plein")
    sign_in(browser, dashboard_settings, "meet-1", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/bijeenkomsten")
    assert serious_violations(browser) == []
    click_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, "button[aria-label='Goedkeuren: Koffieochtend op het plein']")
    )
    assert '"Koffieochtend op het plein" is goedgekeurd. De bewoner krijgt een bericht.' in main_text(browser)
    assert serious_violations(browser) == []
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.goedgekeurd
    # The text of buurtbot/meetups.py decide, which the chat's action_approve_meetup calls too.
    told = ['Je activiteit "Koffieochtend op het plein" staat nu in de agenda. Buren kunnen zich aanmelden.']
    assert messages_for(dashboard_settings, f"meetup:{meetup_id}:decision") == told
    # Now it is in the agenda, not among the proposals; a second decision changes nothing and says so.
    client = staff_client(dashboard_settings, "meet-1b", Role.beheerder)
    again = client.post("/bijeenkomsten/besluit", data={"meetup": str(meetup_id), "besluit": "afgewezen"})
    assert again.status_code == 303
    shown = client.get(again.headers["location"])
    assert "al beslist" in shown.text and "niets veranderd" in shown.text
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.goedgekeurd
    assert messages_for(dashboard_settings, f"meetup:{meetup_id}:decision") == told


def test_rejecting_a_proposal_tells_the_organiser(dashboard_settings) -> None:
    meetup_id = plan(dashboard_settings, "meet-org-2", Role.bewoner, "Barbecue in de straat")
    client = staff_client(dashboard_settings, "meet-2", Role.beheerder)
    assert "Barbecue in de straat" in client.get("/bijeenkomsten").text
    answer = client.post("/bijeenkomsten/besluit", data={"meetup": str(meetup_id), "besluit": "afgewezen"})
    assert "is afgewezen" in client.get(answer.headers["location"]).text
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.afgewezen
    assert messages_for(dashboard_settings, f"meetup:{meetup_id}:decision") == [
        'Je activiteit "Barbecue in de straat" is niet goedgekeurd. Vraag de beheerder gerust waarom.'
    ]


def test_cancelling_a_meetup_tells_everyone_signed_up(browser, dashboard_settings) -> None:
    meetup_id = plan(dashboard_settings, "meet-org-3", Role.professional, "Taalcafe voor buren")
    with session_scope(dashboard_settings) as session:
        tenant = get_or_create_person(session, "meet-tenant-3", "Joke")
        assert meetups.rsvp(session, session.get(Meetup, meetup_id), tenant, 2).ok
        tenant_id = tenant.id
    sign_in(browser, dashboard_settings, "meet-3", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/bijeenkomsten")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[aria-label='Afzeggen: Taalcafe voor buren']"))
    assert "Weet je zeker" in main_text(browser) and "1 aanmelding(en)" in main_text(browser)
    assert serious_violations(browser) == []
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.goedgekeurd  # asking changes nothing
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Ja, afzeggen']"))
    assert '"Taalcafe voor buren" is afgezegd. 1 aanmelding(en) krijgen een bericht.' in main_text(browser)
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.geannuleerd
    [text] = messages_for(dashboard_settings, f"meetup:{meetup_id}:cancelled:{tenant_id}")
    assert text.startswith('Jammer: "Taalcafe voor buren" op ') and text.endswith("gaat niet door.")
    again = staff_client(dashboard_settings, "meet-3b", Role.beheerder).post(
        "/bijeenkomsten/afzeggen", data={"meetup": str(meetup_id)}
    )
    assert "klaar=niet_afgezegd" in again.headers["location"]


def invite_id_of(settings: Settings, code: str) -> Optional[int]:
    with session_scope(settings) as session:
        return session.execute(select(Invite.id).where(Invite.code_hash == invites.hash_code(code))).scalar()


def redeem(settings: Settings, sender: str, code: str) -> Optional[invites.Redeemed]:
    with session_scope(settings) as session:
        return invites.redeem_invite(session, get_or_create_person(session, sender), code)


def test_an_invite_shows_its_code_link_and_qr_once_and_can_be_revoked(browser, dashboard_settings) -> None:
    sign_in(browser, dashboard_settings, "inv-1", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/uitnodigingen")
    assert serious_violations(browser) == []
    Select(browser.find_element(By.ID, "rol")).select_by_value("professional")
    Select(browser.find_element(By.ID, "wijk")).select_by_value("Zuidwijk")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Maak de uitnodiging']"))
    code = browser.find_element(By.CSS_SELECTOR, ".code").text
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    link = f"https://t.me/{dashboard_settings.telegram_bot_username}?start={code}"
    assert browser.find_element(By.CSS_SELECTOR, f"a[href='{link}']").text == link
    assert browser.find_elements(By.CSS_SELECTOR, ".qr svg path")
    assert "professional in Zuidwijk" in main_text(browser) and f"/code {code}" in main_text(browser)
    assert serious_violations(browser) == []
    invite_id = invite_id_of(dashboard_settings, code)
    browser.get(f"{dashboard_settings.dashboard_url}/uitnodigingen")
    assert code not in browser.page_source  # shown once: the list has no codes
    revoke = browser.find_element(By.XPATH, f"//form[input[@name='invite' and @value='{invite_id}']]/button")
    row = revoke.find_element(By.XPATH, "ancestor::tr").text
    assert "professional" in row and "Zuidwijk" in row and "open" in row
    click_and_wait(browser, revoke)
    assert "De uitnodiging is ingetrokken" in main_text(browser)
    assert serious_violations(browser) == []
    assert redeem(dashboard_settings, "inv-1-new", code) is None
    with session_scope(dashboard_settings) as session:
        assert get_person(session, "inv-1-new").role == Role.bewoner
        assert invites.state(session.get(Invite, invite_id)) == "ingetrokken"


def test_a_used_or_revoked_invite_cannot_be_revoked_and_a_fresh_one_still_works(dashboard_settings) -> None:
    client = staff_client(dashboard_settings, "inv-2", Role.beheerder)
    made = client.post("/uitnodigingen", data={"rol": "droommakelaar", "wijk": "Hagedoornbuurt"})
    code = re.search(r'class="code">([A-Z2-9]{10})<', made.text).group(1)
    assert redeem(dashboard_settings, "inv-2-new", code) == invites.Redeemed(Role.droommakelaar, "Hagedoornbuurt")
    answer = client.post("/uitnodigingen/intrekken", data={"invite": str(invite_id_of(dashboard_settings, code))})
    assert "klaar=niet_ingetrokken" in answer.headers["location"]
    assert "al gebruikt of al ingetrokken" in client.get(answer.headers["location"]).text


def test_without_a_bot_name_the_invite_says_to_type_the_code_and_how_to_set_the_name(dashboard_settings) -> None:
    from dashboard.app import create_app

    settings = dataclasses.replace(dashboard_settings, telegram_bot_username=None)
    request = SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(settings=settings)))
    context = made_context(request, "ABCDEFGH23", Role.professional, "Zuidwijk")
    assert context["link"] is None and context["qr"] is None
    page = create_app(settings, name="invite_without_bot_name").ctx.templates.get_template("invites_made.html")
    html = page.render(csrf="", menu=[], path="/uitnodigingen", title="Nieuwe uitnodiging", **context)
    assert "/code ABCDEFGH23" in html and "TELEGRAM_BOT_USERNAME" in html and "t.me" not in html


def test_other_roles_get_403_and_forged_posts_change_nothing(dashboard_settings) -> None:
    meetup_id = plan(dashboard_settings, "meet-org-4", Role.bewoner, "Schoonmaakdag")
    with session_scope(dashboard_settings) as session:
        before = session.execute(select(func.count(Invite.id))).scalar()
    for sender, role in (("meet-4a", Role.droommakelaar), ("meet-4b", Role.professional)):
        client = staff_client(dashboard_settings, sender, role, "Hagedoornbuurt")
        for path in ("/bijeenkomsten", "/uitnodigingen", f"/bijeenkomsten/afzeggen?id={meetup_id}"):
            assert client.get(path).status_code == 403, path
        for path, data in (
            ("/bijeenkomsten/besluit", {"meetup": str(meetup_id), "besluit": "goedgekeurd"}),
            ("/bijeenkomsten/afzeggen", {"meetup": str(meetup_id)}),
            ("/uitnodigingen", {"rol": "beheerder", "wijk": "-"}),
            ("/uitnodigingen/intrekken", {"invite": "1"}),
        ):
            answer = client.post(path, data=data)
            assert answer.status_code == 403 and 'class="code"' not in answer.text, path
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.voorgesteld
    with session_scope(dashboard_settings) as session:
        assert session.execute(select(func.count(Invite.id))).scalar() == before


def test_hostile_values_in_every_meetup_and_invite_field_get_a_kind_answer(dashboard_settings) -> None:
    meetup_id = plan(dashboard_settings, "meet-org-5", Role.bewoner, "Rommelmarkt")
    client = staff_client(dashboard_settings, "meet-5", Role.beheerder)
    with session_scope(dashboard_settings) as session:
        before = session.execute(select(func.count(Invite.id))).scalar()
    for value in HOSTILE_FIELDS:
        for path, data in (
            ("/bijeenkomsten/besluit", {"meetup": value, "besluit": "goedgekeurd"}),
            ("/bijeenkomsten/besluit", {"meetup": str(meetup_id), "besluit": value}),
            ("/bijeenkomsten/afzeggen", {"meetup": value}),
            ("/uitnodigingen", {"rol": value, "wijk": "Zuidwijk"}),
            ("/uitnodigingen", {"rol": "professional", "wijk": value}),
            ("/uitnodigingen/intrekken", {"invite": value}),
        ):
            answer = client.post(path, data=data)
            assert_no_server_error(answer)
            if answer.status_code == 303:
                assert_no_server_error(client.get(answer.headers["location"]))
        short = value[:2000]  # a URL holds less than a form
        assert_no_server_error(client.get("/bijeenkomsten/afzeggen", params={"id": short}))
        for page in ("/bijeenkomsten", "/uitnodigingen"):
            assert_no_server_error(
                client.get(page, params={"klaar": short, "probleem": short, "id": short, "n": short})
            )
    assert status_of(dashboard_settings, meetup_id) == MeetupStatus.voorgesteld
    with session_scope(dashboard_settings) as session:
        assert session.execute(select(func.count(Invite.id))).scalar() == before


async def test_an_invite_made_in_the_dashboard_is_redeemed_with_the_deep_link_in_the_chat(
    stack, stack_settings, chat
) -> None:
    client = staff_client(stack_settings, "inv-e2e-1", Role.beheerder)
    made = client.post("/uitnodigingen", data={"rol": "droommakelaar", "wijk": "Nieuw-West"})
    link = re.search(r'href="(https://t\.me/[^"?]+\?start=([A-Z2-9]{10}))"', made.text)
    assert link and link.group(1).startswith(f"https://t.me/{stack_settings.telegram_bot_username}?start=")
    # What Telegram sends when the link is opened: "/start CODE", translated by the front end as always.
    replies = await chat("inv-e2e-2", to_payload(f"/start {link.group(2)}"))
    assert "Je bent nu droommakelaar in Nieuw-West" in "\n".join(r.text or "" for r in replies)
    with session_scope(stack_settings) as session:
        person = get_person(session, "inv-e2e-2")
        assert (person.role, person.wijk) == (Role.droommakelaar, "Nieuw-West")
