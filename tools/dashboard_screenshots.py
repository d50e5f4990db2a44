"""Screenshots of the staff dashboard for the README (docs/screenshots/), in headless Chromium.

Fills a fresh database with the benchmark's example data (tools/bench_dashboard.py), starts the real
dashboard, signs in as the beheerder and as a droommakelaar, and saves one PNG per page.

    make screenshots
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path
from typing import List, Tuple

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from buurtbot import web_access
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from launcher.stack import Stack, free_port
from tools.bench_dashboard import fill

TARGET = PROJECT_ROOT / "docs" / "screenshots"
DESKTOP, PHONE = (1280, 900), (390, 844)
PAGES: List[Tuple[str, str, Tuple[int, int]]] = [  # (file, path, window size)
    ("start", "/", DESKTOP),
    ("wensen", "/wensen?status=alle", DESKTOP),
    ("wensen-telefoon", "/wensen?status=alle", PHONE),
    ("themas", "/wensen/themas", DESKTOP),
    ("verwijsindex", "/verwijsindex?wijk=Hagedoornbuurt", DESKTOP),
    ("partner-nieuw", "/verwijsindex/nieuw", DESKTOP),
    ("uitnodigingen", "/uitnodigingen", DESKTOP),
    ("inzicht", "/inzicht", DESKTOP),
]


def browser() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=nl", "--hide-scrollbars"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


def sign_in(driver: WebDriver, settings: Settings, sender: str, role: Role, wijk: str | None) -> None:
    with session_scope(settings) as session:
        person = get_or_create_person(session, sender, "Ilse")
        set_role(session, person, role, wijk)
        token = web_access.new_link_token(session, person)
    driver.delete_all_cookies()
    driver.get(web_access.sign_in_url(settings.dashboard_url, token))
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()


def shoot(driver: WebDriver, settings: Settings, name: str, path: str, size: Tuple[int, int]) -> None:
    driver.set_window_size(*size)
    driver.get(settings.dashboard_url + path)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(size[0], min(max(height, size[1]), 2400))
    driver.save_screenshot(str(TARGET / f"{name}.png"))
    print(f"docs/screenshots/{name}.png")


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {"BUURTBOT_VAR_DIR": scratch, "DASHBOARD_PORT": str(free_port()), "RASA_AUTH_TOKEN": "screens"}
        settings = Settings.from_env({**env, "TELEGRAM_BOT_USERNAME": "BuurtbotBot", "LOG_LEVEL": "WARNING"})
        fill(settings, random.Random(17))
        stack = Stack(settings, Path("unused"))
        driver = browser()
        try:
            stack.start_dashboard()
            stack.wait_until_ready()
            sign_in(driver, settings, "screens-boss", Role.beheerder, None)
            for name, path, size in PAGES:
                shoot(driver, settings, name, path, size)
            sign_in(driver, settings, "screens-dm", Role.droommakelaar, "Hagedoornbuurt")
            shoot(driver, settings, "wens", _first_wish(driver, settings), DESKTOP)
        finally:
            driver.quit()
            stack.stop()


def _first_wish(driver: WebDriver, settings: Settings) -> str:
    driver.get(settings.dashboard_url + "/wensen?signaal=ja")
    link = driver.find_element(By.CSS_SELECTOR, "main table a[href^='/wensen/']")
    return link.get_attribute("href").replace(settings.dashboard_url, "")


if __name__ == "__main__":
    main()
