"""The referral index in the staff dashboard: the beheerder changes it through the pages, professionals read it,
the YAML export and import round-trip, hostile input gets a kind answer, and the bot names a new partner
without a restart (the last test runs the whole stack)."""

from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import quote

from selenium.webdriver.common.by import By

from buurtbot.config import Settings
from buurtbot.referral import editing
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    click_and_wait,
    main_text,
    serious_violations,
    sign_in,
    staff_client,
)


def form(**changes: Any) -> Dict[str, Any]:
    values: Dict[str, Any] = {
        "name": "Taalcafé De Brug",
        "description": "Oefen Nederlands met buren, met koffie erbij.",
        "topics": ["eenzaamheid"],
        "wijken": ["Hagedoornbuurt"],
        "phone": "0546-000 0777",
        "opening_hours": "Woensdag van 10 tot 12 uur",
        "audience": "public",
    }
    values.update(changes)
    return values


def partner(settings: Settings, key: str) -> Dict[str, Any]:
    with session_scope(settings) as session:
        found = editing.get_partner(session, key)
        return {} if found is None else {**editing.values_of(found), "retired": found.retired_at is not None}


def history(settings: Settings, key: str) -> List[str]:
    with session_scope(settings) as session:
        return [f"{row.action} door {row.by_name}" for row in editing.history(session, key)]


def tick(browser, selector: str) -> None:
    box = browser.find_element(By.CSS_SELECTOR, selector)
    if not box.is_selected():
        box.click()


def test_the_beheerder_adds_a_partner_through_the_form(browser, dashboard_settings: Settings) -> None:
    url = dashboard_settings.dashboard_url
    sign_in(browser, dashboard_settings, "ref-1", Role.beheerder)
    browser.get(url + "/verwijsindex?wijk=Hagedoornbuurt")
    assert "Hagedoornbuurt" in main_text(browser) and "Landelijk" in main_text(browser)
    assert serious_violations(browser) == []
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Partner toevoegen"))
    assert serious_violations(browser) == []
    browser.find_element(By.ID, "name").send_keys("Repair Café Hagedoorn")
    browser.find_element(By.ID, "description").send_keys("Samen spullen maken, gratis.")
    tick(browser, "input[name=topics][value=reparatie]")
    tick(browser, "input[name=wijken][value=Hagedoornbuurt]")
    browser.find_element(By.ID, "email").send_keys("geen-adres")
    browser.find_element(By.ID, "opening_hours").send_keys("Elke zaterdag")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # The mistake is named next to its field, in Dutch, and what was typed is still there.
    assert browser.find_element(By.ID, "email-fout").text.startswith("Dit is geen e-mailadres.")
    assert browser.find_element(By.ID, "email").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "name").get_attribute("value") == "Repair Café Hagedoorn"
    assert browser.find_element(By.CSS_SELECTOR, "input[name=topics][value=reparatie]").is_selected()
    assert serious_violations(browser) == []
    assert partner(dashboard_settings, "repair-cafe-hagedoorn") == {}

    email = browser.find_element(By.ID, "email")
    email.clear()
    email.send_keys("repair@example.org")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "De partner is toegevoegd" in main_text(browser) and "toegevoegd" in main_text(browser)
    assert serious_violations(browser) == []
    saved = partner(dashboard_settings, "repair-cafe-hagedoorn")
    assert saved["email"] == "repair@example.org" and saved["wijken"] == ["Hagedoornbuurt"]
    assert history(dashboard_settings, "repair-cafe-hagedoorn") == ["toegevoegd door beheerder Sam"]

    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Stoppen met deze partner']"))
    assert (
        "De bot noemt deze partner niet meer" in main_text(browser)
        and partner(dashboard_settings, "repair-cafe-hagedoorn")["retired"]
    )
    browser.get(url + "/verwijsindex?wijk=Hagedoornbuurt")
    assert "Repair Café Hagedoorn" not in main_text(browser)
    browser.get(url + "/verwijsindex?wijk=Hagedoornbuurt&gestopt=ja")
    assert "Repair Café Hagedoorn (gestopt)" in main_text(browser)
    browser.get(url + "/verwijsindex/geschiedenis")
    assert "repair-cafe-hagedoorn" in main_text(browser) and "gestopt" in main_text(browser)
    assert serious_violations(browser) == []
    browser.get(url + "/verwijsindex/importeren")
    assert serious_violations(browser) == []


def test_a_professional_reads_but_cannot_change(dashboard_settings: Settings) -> None:
    reader = staff_client(dashboard_settings, "ref-2", Role.professional, "Zuidwijk")
    listing = reader.get("/verwijsindex")
    assert listing.status_code == 200 and "Veilig Thuis" in listing.text
    assert "Alleen professionals" in listing.text  # the professionals-only contacts, as in the chat
    assert "Partner toevoegen" not in listing.text and "/verwijsindex/veilig-thuis" not in listing.text
    assert reader.get("/verwijsindex/nieuw").status_code == 403
    assert reader.get("/verwijsindex/veilig-thuis").status_code == 403
    assert reader.get("/verwijsindex/importeren").status_code == 403
    assert reader.post("/verwijsindex/nieuw", form(name="Vals Partnertje")).status_code == 403
    assert partner(dashboard_settings, "vals-partnertje") == {}
    assert reader.post("/verwijsindex/veilig-thuis", form(name="Niet Veilig")).status_code == 403
    assert reader.post("/verwijsindex/veilig-thuis/stoppen").status_code == 403
    thuis = partner(dashboard_settings, "veilig-thuis")
    assert thuis["name"] == "Veilig Thuis" and not thuis["retired"]
    maker = staff_client(dashboard_settings, "ref-3", Role.droommakelaar, "Zuidwijk")
    assert maker.get("/verwijsindex?onderwerp=schulden&wijk=Zuidwijk").status_code == 200
    assert maker.get("/verwijsindex/nieuw").status_code == 403


def test_a_post_without_csrf_changes_nothing(dashboard_settings: Settings) -> None:
    boss = staff_client(dashboard_settings, "ref-4", Role.beheerder)
    answer = boss.post("/verwijsindex/nieuw", form(name="Zonder Token"), with_csrf=False)
    assert answer.status_code == 403 and partner(dashboard_settings, "zonder-token") == {}


def test_export_and_import_round_trip(dashboard_settings: Settings) -> None:
    boss = staff_client(dashboard_settings, "ref-5", Role.beheerder)
    exported = boss.get("/verwijsindex.yml")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/yaml")
    original = exported.content
    assert b"\nwijken:\n  Nieuw-West: [" in original and b"  - key: veilig-thuis\n" in original

    def upload(data: bytes):
        return boss.post("/verwijsindex/importeren", files={"bestand": ("index.yml", data, "application/yaml")})

    broken = original.replace(b"topics: [gaslucht]", b"topics: [gas]", 1)
    refused = upload(broken)
    assert refused.status_code == 400 and "Er is niets veranderd" in refused.text
    assert "Partner storingsnummer-gas-stroom, veld Onderwerpen: Kies alleen onderwerpen uit de lijst." in refused.text
    assert upload(b"").status_code == 400

    changed = original.replace(b"Ook als je twijfelt.", b"Ook als je twijfelt, bel gerust.", 1)
    answer = upload(changed)
    assert answer.status_code == 200 and "Veranderd: 1" in answer.text and "Gestopt: 0" in answer.text
    assert "bel gerust" in partner(dashboard_settings, "veilig-thuis")["description"]
    assert history(dashboard_settings, "veilig-thuis")[0] == "geïmporteerd door beheerder Sam"
    back = upload(original)
    assert back.status_code == 200 and "Veranderd: 1" in back.text
    assert boss.get("/verwijsindex.yml").content == original


FORM_FIELDS = ("key", "name", "description", "topics", "wijken", "phone", "email", "url", "opening_hours")
FORM_FIELDS += ("audience", "costs_strip", "example")


def test_hostile_input_in_every_field_gets_a_kind_answer(dashboard_settings: Settings) -> None:
    boss = staff_client(dashboard_settings, "ref-6", Role.beheerder)
    own = boss.post("/verwijsindex/nieuw", form(name="Vijandig Testpunt", key="vijandig-testpunt"))
    assert own.status_code == 303, own.text[:500]
    for field in FORM_FIELDS:
        for value in HOSTILE_FIELDS:
            assert_no_server_error(boss.post("/verwijsindex/vijandig-testpunt", form(**{field: value})))
            hostile_new = form(**{"wijken": ["Nieuw-West"], "name": "Vijandig Nieuw", field: value})
            assert_no_server_error(boss.post("/verwijsindex/nieuw", hostile_new))
    for value in HOSTILE_FIELDS:
        safe = quote(value, safe="")
        assert_no_server_error(boss.get(f"/verwijsindex?wijk={safe}&onderwerp={safe}&gestopt={safe}"))
        if safe:
            assert_no_server_error(boss.get(f"/verwijsindex/{safe}"))
            assert_no_server_error(boss.post(f"/verwijsindex/{safe}/stoppen"))
    assert boss.get("/verwijsindex/geschiedenis").status_code == 200
    assert boss.get("/verwijsindex?gestopt=ja").status_code == 200
    exported = boss.get("/verwijsindex.yml")
    back = boss.post("/verwijsindex/importeren", files={"bestand": ("index.yml", exported.content, "text/plain")})
    assert back.status_code == 200 and "Veranderd: 0" in back.text  # whatever was stored exports and imports


async def test_a_partner_added_in_the_dashboard_is_named_by_the_bot_at_once(stack, stack_settings, chat) -> None:
    boss = staff_client(stack_settings, "ref-e2e-1", Role.beheerder)
    added = form(name="Aaa Geldpunt Zuidwijk", topics=["schulden"], wijken=["Zuidwijk"], phone="0186-000 4242")
    assert boss.post("/verwijsindex/nieuw", added).status_code == 303
    question = '/ask_referral{"topic": "schulden", "wijk": "Zuidwijk"}'
    replies = "\n".join(r.text or "" for r in await chat("ref-e2e-2", question))
    assert "Aaa Geldpunt Zuidwijk" in replies and "Bel: 0186-000 4242" in replies
    assert boss.post("/verwijsindex/aaa-geldpunt-zuidwijk/stoppen").status_code == 303
    replies = "\n".join(r.text or "" for r in await chat("ref-e2e-3", question))
    assert "Voor geldzorgen en schulden in Zuidwijk" in replies and "Aaa Geldpunt" not in replies
