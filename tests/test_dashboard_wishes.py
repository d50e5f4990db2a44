"""The wishes pages of the staff dashboard: who sees which wish, filters and paging, a status change that reaches
the tenant in the fake Bot API, forged requests, contact only with consent, groups, the chart, the CSV export,
and hostile input. Each test has its own wijken and senders: the dashboard's database is shared."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import timedelta
from typing import List

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from bot.telegram_app import TelegramSink
from buurtbot.config import Settings
from buurtbot.dreams import pearls
from buurtbot.dreams.status import tenant_news
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_or_create_person, get_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import DreamWish, OutboxMessage, Role, WishStatus
from buurtbot.storage.types import utcnow
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    click_and_wait,
    main_text,
    make_staff,
    serious_violations,
    sign_in,
    staff_client,
)
from tests.telegram_frontend import polling_frontend
from tools.fake_telegram import FakeTelegram
from worker.delivery import deliver_due

LONELY = "Ik wil een moestuin, want ik zit alleen thuis en ben erg eenzaam"  # fires "eenzaamheid"


def add_wish(
    settings: Settings,
    tenant: str,
    text: str,
    wijk: str,
    consent: bool = False,
    days_ago: int = 0,
    status: WishStatus = WishStatus.nieuw,
) -> int:
    with session_scope(settings) as session:
        person = get_or_create_person(session, tenant, "Priscilla")
        wish = save_wish(session, person, text, "wijk", wijk, None, consent)
        wish.created_at = utcnow() - timedelta(days=days_ago)
        wish.status = status
        return wish.id


def stored(settings: Settings, wish_id: int) -> DreamWish:
    with session_scope(settings) as session:
        wish = session.get(DreamWish, wish_id)
        session.expunge(wish)
        return wish


def outbox_texts(settings: Settings, wish_id: int) -> List[str]:
    with session_scope(settings) as session:
        rows = session.execute(
            select(OutboxMessage).where(OutboxMessage.key.like(f"wish-status:{wish_id}:%")).order_by(OutboxMessage.id)
        ).scalars()
        return [row.payload["text"] for row in rows]


def found(html: str) -> int:
    match = re.search(r"(\d+) wens(?:en)? gevonden", html)
    return int(match.group(1)) if match else 0


def csv_rows(text: str) -> List[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def checked(browser, path: str, settings: Settings) -> str:
    browser.get(settings.dashboard_url + path)
    assert serious_violations(browser) == [], path
    return main_text(browser)


def test_a_droommakelaar_sees_their_wijk_only_and_the_beheerder_sees_all(browser, dashboard_settings) -> None:
    make_staff(dashboard_settings, "wish-2", Role.droommakelaar, "Wensstad")
    mine = add_wish(dashboard_settings, "917001", LONELY, "Wensdorp", consent=True)
    theirs = add_wish(dashboard_settings, "917002", "Een zandbak voor de kleintjes in Wensstad", "Wensstad", True)
    sign_in(browser, dashboard_settings, "wish-1", Role.droommakelaar, "Wensdorp")
    listed = checked(browser, "/wensen", dashboard_settings)
    assert "Ik wil een moestuin, want ik zit alleen" in listed and "zandbak voor de kleintjes" not in listed
    row = browser.find_element(By.XPATH, "//tr[td/a[contains(., 'moestuin, want ik zit alleen')]]")
    assert "Wil contact" in row.text  # a signal with consent, in words, not only a colour
    click_and_wait(browser, row.find_element(By.TAG_NAME, "a"))
    assert browser.current_url.endswith(f"/wensen/{mine}")
    assert serious_violations(browser) == []
    detail = main_text(browser)
    assert "Vroegsignaal eenzaamheid: herkend aan" in detail and '"eenzaam"' in detail
    assert "tg://user?id=917001" in detail and "Status opslaan" in browser.page_source

    client = staff_client(dashboard_settings, "wish-1", Role.droommakelaar, "Wensdorp")
    refused = client.get(f"/wensen/{theirs}")
    assert refused.status_code == 404 and "zandbak" not in refused.text and "917002" not in refused.text
    exported = client.get("/wensen.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert {r["nummer"] for r in csv_rows(exported.text)} >= {str(mine)}
    assert str(theirs) not in {r["nummer"] for r in csv_rows(exported.text)} and "zandbak" not in exported.text

    boss = staff_client(dashboard_settings, "wish-9", Role.beheerder)
    for wijk, wish_id in (("Wensdorp", mine), ("Wensstad", theirs)):
        assert f'href="/wensen/{wish_id}"' in boss.get("/wensen", params={"wijk": wijk}).text
        page = boss.get(f"/wensen/{wish_id}")
        assert page.status_code == 200 and "Status opslaan" not in page.text  # the beheerder only looks
        assert "De droommakelaar van de wijk past de status aan" in page.text
    assert {str(mine), str(theirs)} <= {r["nummer"] for r in csv_rows(boss.get("/wensen.csv").text)}


def test_filters_period_and_paging(browser, dashboard_settings) -> None:
    wijk = "Wensveld"
    make_staff(dashboard_settings, "wish-3", Role.droommakelaar, wijk)
    recent = [
        add_wish(dashboard_settings, f"wish-t3-{n}", f"Een bankje bij de speeltuin nummer {n}", wijk) for n in range(27)
    ]
    old = add_wish(dashboard_settings, "wish-t3-old", "Bloemen in de straat, lang geleden", wijk, days_ago=100)
    done = add_wish(
        dashboard_settings, "wish-t3-done", "Een buurtfeest dat al gelukt is", wijk, status=WishStatus.gelukt
    )
    urgent = add_wish(dashboard_settings, "917003", LONELY, wijk, consent=True, days_ago=3)
    quiet = add_wish(dashboard_settings, "wish-t3-q", "Ik heb geldzorgen en wil een buurtfeest", wijk, days_ago=1)

    client = staff_client(dashboard_settings, "wish-3", Role.droommakelaar, wijk)
    html = client.get("/wensen", params={"wijk": wijk}).text
    assert found(html) == 27 + 3  # the open ones: not the finished wish
    first_row = re.search(r'<tbody>.*?href="/wensen/(\d+)"', html, re.S).group(1)
    assert first_row == str(urgent)  # a signal with consent comes first, though not the newest
    assert found(client.get("/wensen", params={"wijk": wijk, "periode": "30"}).text) == 29
    assert found(client.get("/wensen", params={"wijk": wijk, "status": "afgerond"}).text) == 1
    assert found(client.get("/wensen", params={"wijk": wijk, "status": "alle"}).text) == 31
    signals = client.get("/wensen", params={"wijk": wijk, "signaal": "ja"}).text
    assert found(signals) == 2 and f"/wensen/{quiet}" in signals and "Vroegsignaal" in signals
    assert found(client.get("/wensen", params={"wijk": wijk, "thema": "groen"}).text) == 2  # moestuin and bloemen
    old_day = (utcnow() - timedelta(days=100)).astimezone(dashboard_settings.timezone).date()
    between = client.get("/wensen", params={"wijk": wijk, "van": str(old_day), "tot": str(old_day)}).text
    assert found(between) == 1 and f"/wensen/{old}" in between
    typed = client.get("/wensen", params={"wijk": wijk, "van": old_day.strftime("%d-%m-%Y"), "tot": "morgen?"})
    assert typed.status_code == 200 and "Deze datum kan ik niet lezen" in typed.text and found(typed.text) == 30
    assert f"/wensen/{done}" not in html

    sign_in(browser, dashboard_settings, "wish-3", Role.droommakelaar, wijk)
    browser.get(dashboard_settings.dashboard_url + "/wensen")
    Select(browser.find_element(By.ID, "wijk")).select_by_visible_text(wijk)
    Select(browser.find_element(By.ID, "periode")).select_by_visible_text("de laatste 90 dagen")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert serious_violations(browser) == []
    assert "29 wensen gevonden. Pagina 1 van 2." in main_text(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 25
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Volgende"))
    assert "Pagina 2 van 2" in main_text(browser) and len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4
    assert "wijk=Wensveld" in browser.current_url and "periode=90" in browser.current_url  # the filter is kept
    assert Select(browser.find_element(By.ID, "periode")).first_selected_option.text == "de laatste 90 dagen"
    assert serious_violations(browser) == []
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Vorige"))
    assert "Pagina 1 van 2" in main_text(browser)
    shown = {a.get_attribute("href").rsplit("/", 1)[1] for a in browser.find_elements(By.CSS_SELECTOR, "tbody a")}
    assert str(recent[-1]) in shown


def deliver(fake: FakeTelegram, settings: Settings) -> int:
    sink = TelegramSink(fake.application)
    return asyncio.run_coroutine_threadsafe(deliver_due(settings, sink), fake.loop).result(timeout=60)


def test_a_status_change_in_the_browser_reaches_the_tenant(browser, dashboard_settings) -> None:
    wish_id = add_wish(dashboard_settings, "917004", "Een moestuin op het grasveld van Wenshoek", "Wenshoek", True)
    sign_in(browser, dashboard_settings, "wish-4", Role.droommakelaar, "Wenshoek")
    browser.get(f"{dashboard_settings.dashboard_url}/wensen/{wish_id}")
    Select(browser.find_element(By.ID, "status")).select_by_visible_text("lukt niet")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Status opslaan']"))
    assert 'Bij "lukt niet" hoort een reden' in main_text(browser)  # no reason: nothing changes
    assert serious_violations(browser) == []
    assert (
        stored(dashboard_settings, wish_id).status == WishStatus.nieuw
        and outbox_texts(dashboard_settings, wish_id) == []
    )

    note = "Ik bel de gemeente over het grasveld."
    Select(browser.find_element(By.ID, "status")).select_by_visible_text("opgepakt")
    browser.find_element(By.ID, "notitie").clear()
    browser.find_element(By.ID, "notitie").send_keys(note)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Status opslaan']"))
    assert 'De wens staat nu op "opgepakt". De bewoner krijgt een bericht.' in main_text(browser)
    assert browser.find_element(By.ID, "status-nu").text == "opgepakt" and note in main_text(browser)
    assert serious_violations(browser) == []
    wish = stored(dashboard_settings, wish_id)
    assert (wish.status, wish.status_note) == (WishStatus.opgepakt, note)
    with session_scope(dashboard_settings) as session:
        expected = tenant_news(session.get(DreamWish, wish_id))  # what the chat's change sends, too
    assert outbox_texts(dashboard_settings, wish_id) == [expected]
    assert "De droommakelaar heeft je wens opgepakt." in expected and note in expected

    with polling_frontend(dashboard_settings) as fake:
        assert deliver(fake, dashboard_settings) >= 1
        news = fake.wait_for_sent(lambda c: c.chat_id == 917004 and "Nieuws over je wens" in (c.text or ""), 30)
        assert news.text == expected


def test_forged_status_changes_change_nothing(dashboard_settings) -> None:
    wish_id = add_wish(dashboard_settings, "wish-t5", "Een bankje bij de vijver van Wenshaven", "Wenshaven")
    make_staff(dashboard_settings, "wish-5", Role.droommakelaar, "Wenshaven")
    change = {"status": "gelukt", "notitie": "Vervalst"}
    other = staff_client(dashboard_settings, "wish-6", Role.droommakelaar, "Wenspolder")
    answer = other.post(f"/wensen/{wish_id}/status", data=change)
    assert answer.status_code == 404 and "vijver" not in answer.text
    boss = staff_client(dashboard_settings, "wish-7", Role.beheerder)
    assert boss.post(f"/wensen/{wish_id}/status", data=change).status_code == 403
    demoted = staff_client(dashboard_settings, "wish-8", Role.droommakelaar, "Wenshaven")
    with session_scope(dashboard_settings) as session:
        set_role(session, get_person(session, "wish-8"), Role.bewoner)
    assert demoted.post(f"/wensen/{wish_id}/status", data=change).status_code == 401
    owner = staff_client(dashboard_settings, "wish-5", Role.droommakelaar, "Wenshaven")
    assert owner.post(f"/wensen/{wish_id}/status", data=change, with_csrf=False).status_code == 403
    for status in ("nieuw", "bestaat_niet", "GELUKT", ""):
        refused = owner.post(f"/wensen/{wish_id}/status", data={"status": status, "notitie": "x"})
        assert refused.status_code == 400 and "Kies een status uit de lijst" in refused.text
    for unknown in ("999999999", "99999999999999999999", "-1", "0", "abc"):
        assert owner.post(f"/wensen/{unknown}/status", data=change).status_code == 404
        assert owner.get(f"/wensen/{unknown}").status_code == 404
    wish = stored(dashboard_settings, wish_id)
    assert (wish.status, wish.status_note) == (WishStatus.nieuw, None)
    assert outbox_texts(dashboard_settings, wish_id) == []
    assert owner.post(f"/wensen/{wish_id}/status", data=change).status_code == 303  # the owner may
    assert stored(dashboard_settings, wish_id).status == WishStatus.gelukt


def test_contact_only_with_consent_and_no_formula_in_the_csv(browser, dashboard_settings) -> None:
    wijk = "Wensbos"
    yes = add_wish(dashboard_settings, "917011", '=HYPERLINK("http://x") bloemen in de straat', wijk, True)
    no = add_wish(dashboard_settings, "917012", "Bloemen bij de school, graag anoniem", wijk, False)
    sign_in(browser, dashboard_settings, "wish-10", Role.droommakelaar, wijk)
    assert "tg://user?id=917011" in checked(browser, f"/wensen/{yes}", dashboard_settings)
    anonymous = checked(browser, f"/wensen/{no}", dashboard_settings)
    assert "De bewoner wil geen contact: anoniem." in anonymous and "917012" not in browser.page_source
    client = staff_client(dashboard_settings, "wish-10", Role.droommakelaar, wijk)
    rows = {r["nummer"]: r for r in csv_rows(client.get("/wensen.csv", params={"wijk": wijk}).text)}
    assert "tg://user?id=917011" in rows[str(yes)]["contact"] and rows[str(no)]["contact"] == ""
    assert rows[str(yes)]["wens"].startswith("'=HYPERLINK")
    assert "917012" not in client.get("/wensen.csv", params={"wijk": wijk}).text


def test_groups_with_their_pearls_and_the_themes_chart(browser, dashboard_settings) -> None:
    wijk = "Wensakker"
    first = add_wish(dashboard_settings, "wish-t11a", "Een moestuin achter de flat", wijk)
    add_wish(dashboard_settings, "wish-t11b", "Samen tomaten kweken in een moestuin", wijk, days_ago=40)
    with session_scope(dashboard_settings) as session:
        helper = get_or_create_person(session, "wish-t11c", "Priscilla")
        pearls.offer(session, helper, "Ik kan goed tuinieren en help met de moestuin", wijk, True)
    sign_in(browser, dashboard_settings, "wish-11", Role.droommakelaar, wijk)
    groups = checked(browser, f"/wensen/groepen?wijk={wijk}", dashboard_settings)
    assert "2 wensen over een moestuin in Wensakker" in groups
    assert "Ik kan goed tuinieren en help met de moestuin" in groups and "Priscilla" not in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, f'a[href="/wensen/{first}"]')
    themes = checked(browser, f"/wensen/themas?wijk={wijk}", dashboard_settings)
    assert "Wensen per thema per maand in Wensakker" in themes
    image = browser.find_element(By.CSS_SELECTOR, "figure.chart img")
    assert image.get_attribute("src").startswith("data:image/svg+xml;base64,") and image.get_attribute("alt")
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 0  # the SVG really renders
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "tbody tr:last-child td")]
    assert cells == ["1"]  # this month: one wish, theme groen (the only theme in this wijk)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 12
    checked(browser, "/wensen/themas?wijk=Nergenshuizen", dashboard_settings)
    assert "geen wensen" in main_text(browser)


def hostile_requests(wish_id: int) -> List[tuple]:
    """(method, path, field names): every field of the wishes pages."""
    listing = ["wijk", "thema", "signaal", "status", "periode", "van", "tot", "pagina"]
    return [
        ("GET", "/wensen", listing),
        ("GET", "/wensen.csv", listing),
        ("GET", "/wensen/groepen", ["wijk"]),
        ("GET", "/wensen/themas", ["wijk"]),
        ("GET", f"/wensen/{wish_id}", ["klaar"]),
        ("POST", f"/wensen/{wish_id}/status", ["status", "notitie"]),
    ]


def test_hostile_input_in_every_field_gets_no_server_error(dashboard_settings) -> None:
    wish_id = add_wish(dashboard_settings, "wish-t12", "Een bankje bij de bushalte van Wensmeer", "Wensmeer")
    client = staff_client(dashboard_settings, "wish-12", Role.droommakelaar, "Wensmeer")
    for method, path, names in hostile_requests(wish_id):
        for name in names:
            for value in HOSTILE_FIELDS:
                if method == "GET":
                    answer = client.get(path, params={name: value})
                else:
                    form = {"status": "opgepakt", "notitie": "Goed idee", name: value}
                    answer = client.post(path, data=form)
                assert_no_server_error(answer)
    wish = stored(dashboard_settings, wish_id)
    assert wish.status == WishStatus.opgepakt and "\x00" not in (wish.status_note or "")
