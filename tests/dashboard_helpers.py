"""Helpers for the dashboard tests: a headless browser, signing in as a role, and the accessibility check."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from typing import List, Optional

import httpx
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from buurtbot import web_access
from buurtbot.config import Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role

SERIOUS = ("serious", "critical")


def start_browser() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=nl"):
        options.add_argument(flag)
    # The driver from Debian's chromium-driver: Selenium Manager would try to download one.
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def click_and_wait(browser: WebDriver, element: WebElement) -> None:
    """Clicks a button or link that loads a new page, and waits until that page is there."""
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(lambda driver: _gone(old))
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def _gone(element: WebElement) -> bool:
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:  # Chromium also says "Node ... does not belong to the document"
        return "does not belong to the document" in str(exc)
    return False


def main_text(browser: WebDriver) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def make_staff(settings: Settings, sender: str, role: Role, wijk: Optional[str] = None, name: str = "Sam") -> None:
    with session_scope(settings) as session:
        person = get_or_create_person(session, sender, name)
        set_role(session, person, role, wijk)


def link_for(settings: Settings, sender: str) -> str:
    """A fresh one-time sign-in link for an existing person, as /dashboard would send it."""
    with session_scope(settings) as session:
        from buurtbot.people import get_person

        person = get_person(session, sender)
        token = web_access.new_link_token(session, person)
    assert token is not None, f"{sender} may not use the dashboard"
    return web_access.sign_in_url(settings.dashboard_url, token)


def sign_in(browser: WebDriver, settings: Settings, sender: str, role: Role, wijk: Optional[str] = None) -> None:
    """Signs the browser in as a staff member with `role` (made if new), through the sign-in page's button."""
    make_staff(settings, sender, role, wijk)
    browser.delete_all_cookies()
    browser.get(link_for(settings, sender))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Welkom" in main_text(browser), browser.page_source[:500]


@dataclass
class StaffClient:
    """Plain HTTP as a signed-in staff member: for the security tests (no browser needed to forge a request)."""

    http: httpx.Client
    csrf: str

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, data: Optional[dict] = None, with_csrf: bool = True, **kwargs) -> httpx.Response:
        form = dict(data or {})
        if with_csrf:
            form.setdefault("csrf", self.csrf)
        return self.http.post(path, data=form, **kwargs)


def staff_client(settings: Settings, sender: str, role: Role, wijk: Optional[str] = None) -> StaffClient:
    make_staff(settings, sender, role, wijk)
    http = httpx.Client(base_url=settings.dashboard_url, timeout=30, follow_redirects=False)
    token = link_for(settings, sender).split("token=", 1)[1]
    answer = http.post(web_access.SIGN_IN_PATH, data={"token": token})
    assert answer.status_code == 303, answer.text[:300]
    start = http.get("/")
    match = re.search(r'name="csrf" value="([^"]+)"', start.text)
    assert match, start.text[:300]
    return StaffClient(http, match.group(1))


def serious_violations(browser: WebDriver) -> List[str]:
    """axe-core (bundled in axe-core-python) run in the page: the rules broken at 'serious' or 'critical'."""
    from axe_core_python.selenium import Axe

    result = Axe().run(
        browser, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v.get("impact") in SERIOUS
    ]


# Hostile and odd text for every form field (the same kind of list as the chat's tests/test_hostile_inputs.py).
HOSTILE_FIELDS = [
    "",
    " ",
    "\x00",
    "hoi\x00daar",
    "\u202e\u202d",
    "\x07\x1b[31mrood",
    "a" * 20_000,
    "😀" * 300,
    "👨‍👩‍👧‍👦",
    "مرحبا، أحتاج مساعدة",
    "İSTANBUL ıi ß ﬁ",
    "'; DROP TABLE people; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999",
    "NaN",
    "1e308",
    "31-02-2026",
    "https://evil.example/\r\nSet-Cookie: x=1",
]


def assert_no_server_error(answer: httpx.Response) -> None:
    """A kind answer: no 5xx, no traceback, and no hostile markup echoed unescaped."""
    assert answer.status_code < 500, answer.text[:300]
    for word in ("Traceback", "sqlalchemy", "<script>alert(1)</script>", "<img src=x onerror"):
        assert word not in answer.text, word
