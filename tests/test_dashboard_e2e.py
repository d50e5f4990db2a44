"""The dashboard with the whole stack: staff ask the bot for a sign-in link in Telegram (the real front end on
the fake Bot API, the real Rasa and action servers), open it in a real browser, and the session ends when they
are forgotten in the chat."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from buurtbot.config import Settings
from buurtbot.storage.models import Role
from tests.dashboard_helpers import click_and_wait, main_text, make_staff, serious_violations
from tests.telegram_frontend import Phone, polling_frontend


def link_in(text: str, settings: Settings) -> str:
    match = re.search(re.escape(settings.dashboard_url) + r"/aanmelden\?token=[\w-]+", text or "")
    assert match, text
    return match.group(0)


def test_staff_sign_in_through_the_bots_link_and_a_tenant_gets_none(stack, stack_settings: Settings, browser) -> None:
    make_staff(stack_settings, "7801", Role.droommakelaar, "Hagedoornbuurt")
    make_staff(stack_settings, "7802", Role.bewoner, "Hagedoornbuurt")
    with polling_frontend(stack_settings) as fake:
        makelaar, tenant = Phone(fake, 7801), Phone(fake, 7802)
        makelaar.say("/dashboard", "10 minuten")
        link = link_in(makelaar.wait(stack_settings.dashboard_url).text, stack_settings)
        refused = tenant.say("/dashboard", "alleen voor medewerkers")
        assert stack_settings.dashboard_url not in refused.text
    browser.delete_all_cookies()
    browser.get(link)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Welkom" in main_text(browser) and "droommakelaar in Hagedoornbuurt" in browser.page_source
    assert serious_violations(browser) == []


def test_vergeet_mij_in_the_chat_ends_the_dashboard_session(stack, stack_settings: Settings, browser) -> None:
    make_staff(stack_settings, "7803", Role.beheerder)
    with polling_frontend(stack_settings) as fake:
        boss = Phone(fake, 7803)
        boss.say("/dashboard", "10 minuten")
        link = link_in(boss.wait(stack_settings.dashboard_url).text, stack_settings)
        browser.delete_all_cookies()
        browser.get(link)
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "Welkom" in main_text(browser)
        boss.say("/vergeet_mij", "Weet je het zeker")
        boss.press("Ja, wis alles", "Alles over jou is gewist")
    browser.get(stack_settings.dashboard_url + "/")
    assert "niet (meer) aangemeld" in main_text(browser)
