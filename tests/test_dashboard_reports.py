"""Vetoes and off-the-record reports in the dashboard: a status change tells the professional as the chat does;
reports show no reporter, and none of the current week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import List

import time_machine
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from buurtbot import off_record, vetoes
from buurtbot.config import Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.storage import session_scope
from buurtbot.storage.models import OutboxMessage, Role, Veto, VetoStatus
from buurtbot.storage.types import utcnow
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    click_and_wait,
    main_text,
    serious_violations,
    sign_in,
    staff_client,
)


def file_veto(settings: Settings, sender: str, decision: str) -> int:
    with session_scope(settings) as session:
        professional = get_or_create_person(session, sender, "Pim")
        set_role(session, professional, Role.professional, "Zuidwijk")
        return vetoes.register_veto(session, professional, decision, "Dit schaadt de bewoner.", "D-77").id


def veto_messages(settings: Settings, veto_id: int) -> List[str]:
    """The pushes to the professional who filed it (the beheerders' copies of the new veto left out)."""
    with session_scope(settings) as session:
        owner = session.get(Veto, veto_id).person_id
        keys = OutboxMessage.key.like(f"veto:{veto_id}:%")
        rows = session.execute(select(OutboxMessage).where(keys, OutboxMessage.recipient_id == owner))
        return [row.payload["text"] for row in rows.scalars()]


def veto_status(settings: Settings, veto_id: int) -> VetoStatus:
    with session_scope(settings) as session:
        return session.get(Veto, veto_id).status


def test_a_veto_status_change_tells_the_professional_as_the_chat_does(browser, dashboard_settings) -> None:
    veto_id = file_veto(dashboard_settings, "rep-prof-1", "Sluiting van het buurthuis")
    sign_in(browser, dashboard_settings, "rep-1", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/meldingen")
    assert serious_violations(browser) == []
    Select(browser.find_element(By.ID, f"status-{veto_id}")).select_by_value("gehonoreerd")
    form = browser.find_element(By.XPATH, f"//form[input[@name='veto' and @value='{veto_id}']]")
    click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
    assert f"Veto {veto_id} staat nu op: gehonoreerd. De professional krijgt een bericht." in main_text(browser)
    assert serious_violations(browser) == []
    assert veto_status(dashboard_settings, veto_id) == VetoStatus.gehonoreerd
    told = ['Je veto op "Sluiting van het buurthuis" is nu gehonoreerd: het besluit gaat niet door zoals het was.']
    assert veto_messages(dashboard_settings, veto_id) == told
    client = staff_client(dashboard_settings, "rep-1b", Role.beheerder)
    again = client.post("/meldingen/veto", data={"veto": str(veto_id), "status": "gehonoreerd"})
    assert "stond al op: gehonoreerd. Er is niets veranderd." in client.get(again.headers["location"]).text
    assert veto_messages(dashboard_settings, veto_id) == told


def save(settings: Settings, story: str, wijk: str, contact=None, weeks_ago: int = 0) -> None:
    with time_machine.travel(utcnow() - timedelta(weeks=weeks_ago), tick=False):
        with session_scope(settings) as session:
            off_record.save_report(session, story, wijk, date(2026, 1, 5), contact, settings.timezone)


def test_off_record_reports_show_no_reporter_and_nothing_of_this_week(browser, dashboard_settings) -> None:
    save(dashboard_settings, "Rep-2 oud verhaal over een trap", "Zuidwijk", weeks_ago=1)
    save(dashboard_settings, "Rep-2 oud verhaal met contact", "Nieuw-West", contact="bel 0612345678", weeks_ago=1)
    save(dashboard_settings, "Rep-2 verhaal van deze week", "Zuidwijk")
    sign_in(browser, dashboard_settings, "rep-2", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/meldingen")
    assert serious_violations(browser) == []
    table = browser.find_element(By.CSS_SELECTOR, "table[aria-labelledby=offrecord]")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["Week van binnenkomst", "Wijk", "Wanneer gebeurd", "Verhaal", "Contact"]
    rows = {
        row.find_element(By.CSS_SELECTOR, "td.story").text: row.text
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    }
    assert "anoniem" in rows["Rep-2 oud verhaal over een trap"]
    assert "bel 0612345678" in rows["Rep-2 oud verhaal met contact"]
    assert "Rep-2 verhaal van deze week" not in browser.page_source
    assert "vanaf volgende maandag" in main_text(browser)


def test_other_roles_get_403_and_a_forged_status_change_changes_nothing(dashboard_settings) -> None:
    veto_id = file_veto(dashboard_settings, "rep-prof-3", "Huurverhoging")
    for sender, role in (("rep-3a", Role.droommakelaar), ("rep-3b", Role.professional)):
        client = staff_client(dashboard_settings, sender, role, "Zuidwijk")
        assert client.get("/meldingen").status_code == 403
        answer = client.post("/meldingen/veto", data={"veto": str(veto_id), "status": "afgewezen"})
        assert answer.status_code == 403
    assert veto_status(dashboard_settings, veto_id) == VetoStatus.ingediend
    assert veto_messages(dashboard_settings, veto_id) == []


def test_hostile_values_in_the_veto_form_get_a_kind_answer(dashboard_settings) -> None:
    veto_id = file_veto(dashboard_settings, "rep-prof-4", "Nieuwe regels voor de tuin")
    client = staff_client(dashboard_settings, "rep-4", Role.beheerder)
    for value in HOSTILE_FIELDS:
        for data in ({"veto": value, "status": "afgewezen"}, {"veto": str(veto_id), "status": value}):
            answer = client.post("/meldingen/veto", data=data)
            assert_no_server_error(answer)
            assert_no_server_error(client.get(answer.headers["location"]))
        short = value[:2000]
        assert_no_server_error(client.get("/meldingen", params={"veto": short, "status": short, "al": short}))
    assert veto_status(dashboard_settings, veto_id) == VetoStatus.ingediend
