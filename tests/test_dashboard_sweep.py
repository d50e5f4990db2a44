"""Every page of the dashboard at once, found from the app's own routes and by following its links, on a
dashboard and database of this module's own (the hostile forms change data other tests count):

- no page or form works without a session, or for a role that may not use it (buurtbot/roles.py);
- every page a beheerder, droommakelaar or professional can reach passes axe-core's WCAG 2.1 A/AA rules at
  impact serious and critical, in a real browser;
- no page shows a tenant's contact without their consent, or anything of an off-the-record reporter;
- every form, with hostile text in every field, answers without a server error.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from html.parser import HTMLParser
from typing import Dict, Iterator, List, Set, Tuple
from urllib.parse import urljoin, urlparse

import httpx
import pytest

from buurtbot import off_record
from buurtbot.config import Settings
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_or_create_person, set_role
from buurtbot.roles import may
from buurtbot.storage import session_scope
from buurtbot.storage.models import Role
from dashboard.app import create_app
from tests.conftest import dashboard_alone
from tests.dashboard_helpers import (
    HOSTILE_FIELDS,
    assert_no_server_error,
    serious_violations,
    sign_in,
    staff_client,
)

WIJK, OTHER_WIJK = "Hagedoornbuurt", "Zuidwijk"
SILENT_TENANT, OPEN_TENANT, REPORTER = "5550001", "5550003", "5550002"
SILENT_NAME, REPORTER_NAME = "Geheimnaam", "Meldster"
STAFF = (Role.beheerder, Role.droommakelaar, Role.professional)
NOT_PAGES = ("/static/", "/afmelden")
NOT_SIGNED_IN = {"/health", "/aanmelden"}


@pytest.fixture(scope="module")
def sweep_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with dashboard_alone(tmp_path_factory.mktemp("sweep"), fill) as settings:
        yield settings


def fill(settings: Settings) -> None:
    """A bit of everything, so every page has rows to show: wishes with and without consent (one with a signal),
    an off-the-record report, a veto, a proposed meetup."""
    from buurtbot import meetups, vetoes

    with session_scope(settings) as session:
        silent = get_or_create_person(session, SILENT_TENANT, SILENT_NAME)
        set_role(session, silent, Role.bewoner, WIJK)
        save_wish(session, silent, "Een moestuin achter de flat, met de buren samen.", "wijk", WIJK, None, False)
        save_wish(session, silent, "Ik heb schulden en durf de post niet open te maken.", "wijk", WIJK, None, False)
        talker = get_or_create_person(session, OPEN_TENANT, "Open")
        save_wish(
            session, talker, "Meer bankjes in het park voor ouderen.", "wijk", WIJK, "koffie zetten", True, "Open"
        )
        save_wish(session, talker, "Een speeltuin bij de school.", "wijk", OTHER_WIJK, None, True, "Open")
        reporter = get_or_create_person(session, REPORTER, REPORTER_NAME)
        set_role(session, reporter, Role.professional, WIJK)
        last_month = datetime.now(timezone.utc) - timedelta(days=30)
        off_record.save_report(
            session, "Er wordt gedeald bij de garages.", WIJK, last_month.date(), None, settings.timezone
        )
        vetoes.register_veto(
            session, get_or_create_person(session, "5550004", "Veto"), "Sluiting buurthuis", "Nodig", None
        )
        meetups.plan(
            session,
            silent,
            "Koffie op het plein",
            datetime.now(timezone.utc) + timedelta(days=5),
            "Plein",
            WIJK,
            zone=settings.timezone,
        )
    # A report only shows from the Monday after its week; back-date this one by a month (no time is kept).
    from sqlalchemy import update

    from buurtbot.storage.models import OffRecordReport

    with session_scope(settings) as session:
        session.execute(update(OffRecordReport).values(received_on=off_record.week_of(last_month, settings.timezone)))


@lru_cache(maxsize=1)
def routes(settings: Settings) -> List[Tuple[str, str, str]]:
    """(method, path with sample values, what the role must be allowed) of every guarded route."""
    app = create_app(settings, name="sweep_routes")  # Sanic allows one app per name and process: built once
    found = []
    for route in app.router.routes:
        needs = getattr(route.handler, "needs", None)
        path = "/" + route.path.lstrip("/")
        if needs is None:
            assert path in NOT_SIGNED_IN or path.startswith("/static"), f"{path} has no role check"
            continue
        path = re.sub(r"<[^>]+:int>", "1", path)
        path = re.sub(r"<[^>]+>", "wijkteam", path)
        found += [(method, path, needs) for method in sorted(route.methods) if method in ("GET", "POST")]
    return found


def test_without_a_session_every_page_and_form_is_refused(sweep_dashboard: Settings) -> None:
    found = routes(sweep_dashboard)
    assert len(found) >= 20, found  # the sweep really found the dashboard's pages
    with httpx.Client(base_url=sweep_dashboard.dashboard_url, timeout=30) as anonymous:
        for method, path, _ in found:
            answer = anonymous.request(method, path, data={"csrf": "x"} if method == "POST" else None)
            assert answer.status_code == 401, (method, path, answer.status_code)


@pytest.mark.parametrize("role", STAFF)
def test_every_page_and_form_is_refused_to_a_role_that_may_not_use_it(sweep_dashboard: Settings, role: Role) -> None:
    client = staff_client(sweep_dashboard, f"sweep-role-{role.value}", role, WIJK)
    refused = [(m, p) for m, p, needs in routes(sweep_dashboard) if not may(role, needs)]
    if role is not Role.beheerder:
        assert refused  # the test can fail: these roles have pages they may not use
    for method, path in refused:
        answer = client.get(path) if method == "GET" else client.post(path, data={"status": "gelukt", "key": "x"})
        assert answer.status_code == 403, (role, method, path, answer.status_code)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: List[str] = []
        self.forms: List[Dict] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            self.forms.append(
                {"action": values.get("action") or "", "method": (values.get("method") or "get").lower(), "fields": {}}
            )
        elif tag in ("input", "textarea", "select") and self.forms and values.get("name"):
            if values.get("type") not in ("submit", "file", "checkbox", "radio"):
                self.forms[-1]["fields"][values["name"]] = values.get("value") or ""


def crawl(client: httpx.Client, limit: int = 80) -> Dict[str, str]:
    """Every page reachable from the start page by links on the dashboard itself: path -> HTML."""
    seen: Dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or any(part in path for part in NOT_PAGES):
            continue
        answer = client.get(path)
        assert_no_server_error(answer)
        seen[path] = answer.text if answer.headers.get("content-type", "").startswith("text/html") else ""
        parser = Links()
        parser.feed(seen[path])
        for href in parser.links:
            target = urlparse(urljoin(str(answer.url), href))
            if target.netloc == urlparse(client.base_url.__str__()).netloc and target.path not in seen:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


@pytest.mark.parametrize("role", STAFF)
def test_no_page_shows_a_contact_without_consent_or_a_reporter(sweep_dashboard: Settings, role: Role) -> None:
    client = staff_client(sweep_dashboard, f"sweep-privacy-{role.value}", role, WIJK)
    pages = crawl(client.http)
    assert len(pages) >= (8 if role is Role.beheerder else 2), sorted(pages)
    everything = "\n".join(pages.values())
    for secret in (f"tg://user?id={SILENT_TENANT}", SILENT_NAME, REPORTER, REPORTER_NAME):
        assert secret not in everything, (role, secret)
    if role is Role.droommakelaar:  # the check can fail: a consenting tenant's contact does show
        assert f"tg://user?id={OPEN_TENANT}" in everything


@pytest.mark.parametrize("role", STAFF)
def test_every_reachable_page_passes_axe_in_the_browser(sweep_dashboard: Settings, browser, role: Role) -> None:
    client = staff_client(sweep_dashboard, f"sweep-axe-http-{role.value}", role, WIJK)
    pages = [p for p, html in crawl(client.http).items() if html]
    sign_in(browser, sweep_dashboard, f"sweep-axe-{role.value}", role, WIJK)
    broken = {}
    for path in pages:
        browser.get(sweep_dashboard.dashboard_url + path)
        found = serious_violations(browser)
        if found:
            broken[path] = found
    assert broken == {}


def forms_of(pages: Dict[str, str]) -> List[Dict]:
    forms, seen = [], set()
    for path, html in pages.items():
        parser = Links()
        parser.feed(html)
        for form in parser.forms:
            action = urlparse(urljoin(path, form["action"] or path)).path
            key = (form["method"], action, tuple(sorted(form["fields"])))
            if action not in NOT_SIGNED_IN and not action.startswith("/afmelden") and key not in seen:
                seen.add(key)
                forms.append({**form, "action": action})
    return forms


def test_hostile_text_in_every_field_of_every_form_gets_no_server_error(sweep_dashboard: Settings) -> None:
    boss = staff_client(sweep_dashboard, "sweep-hostile-boss", Role.beheerder)
    makelaar = staff_client(sweep_dashboard, "sweep-hostile-dm", Role.droommakelaar, WIJK)
    tried: Set[str] = set()
    for client in (boss, makelaar):
        for form in forms_of(crawl(client.http)):
            for value in HOSTILE_FIELDS:
                if form["method"] == "get" and len(value) > 2000:
                    continue  # no browser sends a URL that long; httpx refuses to
                data = {name: value for name in form["fields"] if name != "csrf"}
                if form["method"] == "post":
                    answer = client.post(form["action"], data=data)
                else:
                    answer = client.get(form["action"], params=data)
                assert_no_server_error(answer)
                assert answer.status_code != 403 or "verlopen" not in answer.text  # the CSRF token was accepted
            tried.add(f"{form['method']} {form['action']}")
    assert len(tried) >= 6, tried  # the sweep found the dashboard's forms
