"""Insight in the dashboard: counts from Rasa's events table and the digests, and never a message's text."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import List, Optional, Tuple

from selenium.webdriver.common.by import By

from buurtbot.config import Settings
from buurtbot.insight import events
from buurtbot.storage import session_scope
from buurtbot.storage.models import Digest, Role
from buurtbot.storage.types import utcnow
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    main_text,
    serious_violations,
    sign_in,
    staff_client,
)

SECRET = "GEHEIM-ZINNETJE"
Ranking = List[Tuple[str, float]]


def user(sender: str, when: datetime, intent: str, ranking: Ranking, n: int) -> dict:
    """A UserUttered row as Rasa 3.6's SQLTrackerStore writes it: the text in `data`, twice."""
    text = f"{SECRET}-{n} mijn adres is Dorpsstraat {n}"
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": ranking[0][1]},
        "entities": [],
        "intent_ranking": [{"name": name, "confidence": c} for name, c in ranking],
    }
    data = {"event": "user", "timestamp": when.timestamp(), "text": text, "parse_data": parse, "input_channel": "rest"}
    return row(sender, "user", when, data, intent_name=intent)


def action(sender: str, when: datetime, name: str) -> dict:
    data = {"event": "action", "timestamp": when.timestamp(), "name": name, "policy": "RulePolicy", "confidence": 1.0}
    return row(sender, "action", when, data, action_name=name)


def row(sender: str, kind: str, when: datetime, data: dict, **names: Optional[str]) -> dict:
    return {"sender_id": sender, "type_name": kind, "timestamp": when.timestamp(), "data": json.dumps(data), **names}


def insert(settings: Settings, rows: List[dict]) -> None:
    with session_scope(settings) as session:
        for values in rows:
            session.execute(events.insert().values({"intent_name": None, "action_name": None, **values}))


def test_insight_counts_messages_features_fallbacks_and_digests_but_shows_no_text(browser, dashboard_settings) -> None:
    zone = dashboard_settings.timezone
    today = utcnow().astimezone(zone).date()
    day, day_before = today - timedelta(days=10), today - timedelta(days=11)
    noon = datetime.combine(day, time(12), tzinfo=zone)
    s = lambda minutes: noon + timedelta(minutes=minutes)  # noqa: E731
    insert(
        dashboard_settings,
        [
            user("ins-a", s(0), "greet", [("greet", 0.95)], 1),
            action("ins-a", s(0), "utter_greet"),
            user("ins-a", s(1), "share_dream", [("share_dream", 0.9)], 2),
            # The NLU did not understand; closest to ask_referral.
            user("ins-a", s(2), "nlu_fallback", [("nlu_fallback", 0.4), ("ask_referral", 0.35), ("greet", 0.1)], 3),
            action("ins-a", s(2), "action_default_fallback"),
            # The core fell back after an intent it was unsure of.
            user("ins-b", s(3), "ask_referral", [("ask_referral", 0.45), ("share_dream", 0.4)], 4),
            action("ins-b", s(3), "action_default_fallback"),
            user("ins-b", s(4), "ask_referral", [("ask_referral", 0.99)], 5),
            action("ins-b", s(4), "action_referral"),
            user("ins-c", datetime.combine(day_before, time(9), tzinfo=zone), "greet", [("greet", 0.9)], 6),
            user("ins-d", noon - timedelta(days=30), "greet", [("greet", 0.9)], 7),  # 40 days ago: outside both views
        ],
    )
    with session_scope(dashboard_settings) as session:
        session.add_all([Digest(wijk="Insightdorp", created_at=noon), Digest(wijk="Insightdorp", created_at=noon)])
    sign_in(browser, dashboard_settings, "ins-1", Role.beheerder)
    browser.get(f"{dashboard_settings.dashboard_url}/inzicht")
    assert serious_violations(browser) == []
    assert SECRET not in browser.page_source and "Dorpsstraat" not in browser.page_source

    def cells(table: str, first: str) -> List[str]:
        for tr in browser.find_elements(By.CSS_SELECTOR, f"table[aria-labelledby={table}] tbody tr"):
            texts = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            if texts[0] == first:
                return texts[:-1] if table != "overzichten" else texts
        raise AssertionError(f"no row {first} in {table}")

    assert cells("per-dag", day.strftime("%d-%m-%Y")) == [day.strftime("%d-%m-%Y"), "2", "5"]
    assert cells("per-dag", day_before.strftime("%d-%m-%Y")) == [day_before.strftime("%d-%m-%Y"), "1", "1"]
    assert cells("functies", "Begroeten of /start") == ["Begroeten of /start", "2"]
    assert cells("functies", "Hulp zoeken (verwijsindex)") == ["Hulp zoeken (verwijsindex)", "2"]
    assert cells("functies", "Wens delen") == ["Wens delen", "1"]
    assert cells("niet-begrepen", "Hulp zoeken (verwijsindex)") == ["Hulp zoeken (verwijsindex)", "2"]
    assert cells("overzichten", "Insightdorp") == ["Insightdorp", "2"]
    assert "2 van de 6 berichten (33%)" in main_text(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table[aria-labelledby=per-dag] tbody tr")) == 14
    browser.get(f"{dashboard_settings.dashboard_url}/inzicht?dagen=30")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table[aria-labelledby=per-dag] tbody tr")) == 30
    assert "2 van de 6 berichten" in main_text(browser)  # the one of 40 days ago is not counted
    assert SECRET not in browser.page_source
    assert serious_violations(browser) == []


def test_other_roles_get_403_on_insight(dashboard_settings) -> None:
    for sender, role in (("ins-2a", Role.droommakelaar), ("ins-2b", Role.professional)):
        client = staff_client(dashboard_settings, sender, role, "Zuidwijk")
        answer = client.get("/inzicht")
        assert answer.status_code == 403 and "Gesprekken" not in answer.text


def test_hostile_periods_get_a_kind_answer(dashboard_settings) -> None:
    client = staff_client(dashboard_settings, "ins-3", Role.beheerder)
    for value in HOSTILE_FIELDS:
        answer = client.get("/inzicht", params={"dagen": value[:2000]})
        assert_no_server_error(answer)
        assert answer.status_code == 200 and "de laatste 14 dagen" in answer.text
