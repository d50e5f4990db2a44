"""Signing in to the staff dashboard: one-time links, sessions, roles, CSRF and signing out."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from selenium.webdriver.common.by import By
from sqlalchemy import select

from buurtbot import web_access
from buurtbot.config import Settings
from buurtbot.people import get_person, set_role
from buurtbot.privacy import forget
from buurtbot.storage import session_scope
from buurtbot.storage.models import DashboardSession, ReferralChange, Role
from tests.dashboard_helpers import (
    click_and_wait,
    link_for,
    main_text,
    make_staff,
    serious_violations,
    sign_in,
    staff_client,
)


def test_a_link_signs_in_once_and_the_session_cookie_is_httponly_and_strict(browser, dashboard_settings) -> None:
    make_staff(dashboard_settings, "dash-1", Role.beheerder)
    link = link_for(dashboard_settings, "dash-1")
    browser.delete_all_cookies()
    browser.get(link)
    assert serious_violations(browser) == []
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Welkom" in main_text(browser)
    cookie = browser.get_cookie("buurtbot_sessie")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["secure"] is False
    assert serious_violations(browser) == []
    browser.delete_all_cookies()
    browser.get(link)  # the same link again
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "werkt niet meer" in main_text(browser)
    assert browser.get_cookie("buurtbot_sessie") is None


def test_a_link_older_than_ten_minutes_is_refused(dashboard_settings) -> None:
    make_staff(dashboard_settings, "dash-2", Role.beheerder)
    with session_scope(dashboard_settings) as session:
        person = get_person(session, "dash-2")
        with time_machine.travel(-timedelta(minutes=10, seconds=5)):
            token = web_access.new_link_token(session, person)
    answer = httpx.post(f"{dashboard_settings.dashboard_url}/aanmelden", data={"token": token})
    assert answer.status_code == 403 and "werkt niet meer" in answer.text
    assert "buurtbot_sessie" not in answer.cookies


def test_a_tenant_gets_no_link_and_an_unknown_token_opens_nothing(dashboard_settings) -> None:
    make_staff(dashboard_settings, "dash-3", Role.bewoner)
    with session_scope(dashboard_settings) as session:
        assert web_access.new_link_token(session, get_person(session, "dash-3")) is None
    answer = httpx.post(f"{dashboard_settings.dashboard_url}/aanmelden", data={"token": "made-up"})
    assert answer.status_code == 403


def test_without_a_session_every_page_asks_to_sign_in(dashboard_settings) -> None:
    answer = httpx.get(f"{dashboard_settings.dashboard_url}/")
    assert answer.status_code == 401 and "/dashboard" in answer.text


def test_a_post_without_the_csrf_token_is_refused(dashboard_settings) -> None:
    client = staff_client(dashboard_settings, "dash-4", Role.beheerder)
    refused = client.post("/afmelden", with_csrf=False)
    assert refused.status_code == 403
    assert client.get("/").status_code == 200  # still signed in
    wrong = client.post("/afmelden", data={"csrf": "not-the-token"})
    assert wrong.status_code == 403


def test_signing_out_ends_the_session(dashboard_settings) -> None:
    client = staff_client(dashboard_settings, "dash-5", Role.droommakelaar, "Hagedoornbuurt")
    assert client.post("/afmelden").status_code == 200
    assert client.get("/").status_code == 401


def test_a_role_change_ends_the_session(dashboard_settings) -> None:
    client = staff_client(dashboard_settings, "dash-6", Role.droommakelaar, "Hagedoornbuurt")
    with session_scope(dashboard_settings) as session:
        set_role(session, get_person(session, "dash-6"), Role.droommakelaar, "Zuidwijk")  # another wijk
    assert client.get("/").status_code == 401


def test_an_idle_session_ends_after_thirty_minutes(dashboard_settings: Settings) -> None:
    client = staff_client(dashboard_settings, "dash-7", Role.beheerder)
    with session_scope(dashboard_settings) as session:
        from sqlalchemy import select, update

        from buurtbot.storage.models import DashboardSession, Person

        person_id = session.execute(select(Person.id).where(Person.sender_id == "dash-7")).scalar_one()
        session.execute(
            update(DashboardSession)
            .where(DashboardSession.person_id == person_id)
            .values(last_seen_at=web_access.utcnow() - timedelta(minutes=31))
        )
    assert client.get("/").status_code == 401


def test_the_menu_follows_the_role(browser, dashboard_settings) -> None:
    sign_in(browser, dashboard_settings, "dash-8", Role.professional, "Hagedoornbuurt")
    menu = browser.find_element(By.CSS_SELECTOR, "nav").text
    assert "Verwijsindex" in menu and "Wensen" not in menu and "Inzicht" not in menu


def test_forgetting_a_staff_member_ends_their_sessions_and_their_name_leaves_the_index_history(
    dashboard_settings: Settings,
) -> None:
    client = staff_client(dashboard_settings, "dash-9", Role.beheerder)
    with session_scope(dashboard_settings) as session:
        person = get_person(session, "dash-9")
        session.add(
            ReferralChange(partner_key="wijkteam", action="gewijzigd", changes={}, by_id=person.id, by_name="Sam")
        )
    with session_scope(dashboard_settings) as session:
        forget(session, get_person(session, "dash-9"))
    assert client.get("/").status_code == 401
    with session_scope(dashboard_settings) as session:
        names = session.execute(
            select(ReferralChange.by_name).where(ReferralChange.partner_key == "wijkteam")
        ).scalars()
        assert "Sam" not in list(names)
        assert session.execute(select(DashboardSession).where(DashboardSession.person_id == person.id)).first() is None
