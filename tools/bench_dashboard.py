"""Page load times of the staff dashboard with 1,000 wishes and 300 partners (issue 17: p95 under 200 ms).

Fills a fresh SQLite database in a temporary folder (wishes through the real save_wish, so they carry signals
and themes; 300 partners; meetups, invites, vetoes, reports and 20,000 conversation events for insight), starts
the real dashboard process, signs in as the beheerder and as a droommakelaar through one-time links, and loads
every page ROUNDS times over HTTP, one request at a time. Times are wall-clock from request to last byte.

    make bench-dashboard        (writes the "dashboard" section of docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Dict, List, Tuple

import httpx
from sqlalchemy import text

from buurtbot import meetups, vetoes, web_access
from buurtbot.config import Settings
from buurtbot.dreams.wishes import save_wish
from buurtbot.invites import create_invite
from buurtbot.off_record import save_report
from buurtbot.people import get_or_create_person, set_role
from buurtbot.referral.index import load_index, read_wijken
from buurtbot.referral.topics import TOPICS
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.migrate import upgrade
from buurtbot.storage.models import ReferralPartner, Role
from buurtbot.storage.types import utcnow
from launcher.stack import Stack, free_port
from tools.benchmarks_doc import write_section

WISHES, PARTNERS, EVENTS, ROUNDS = 1000, 300, 20_000, 40
WISH_TEXTS = [
    "Een moestuin op het grasveld achter de flat, samen met de buren.",
    "Meer bankjes in het park zodat ouderen even kunnen zitten.",
    "Ik heb schulden en durf de post niet meer open te maken.",
    "Een speeltuin voor de kleine kinderen in onze straat.",
    "Een buurthuis waar we samen kunnen koken en eten.",
    "Betere verlichting in het steegje, ik voel me daar niet veilig.",
    "Ik voel me alleen sinds mijn man is overleden, een koffieochtend zou fijn zijn.",
    "Een repaircafé waar je fietsen en kleding kunt laten maken.",
]


def fill(settings: Settings, rng: random.Random) -> None:
    upgrade(settings)
    wijken = list(read_wijken())
    with session_scope(settings) as session:
        load_index(session)
        for number in range(PARTNERS):
            session.add(
                ReferralPartner(
                    key=f"bench-{number}",
                    name=f"Partner {number}",
                    description="Een partner om te meten.",
                    topics=[rng.choice(list(TOPICS))],
                    wijken=[rng.choice(wijken)],
                    phone="010-1234567",
                    opening_hours="ma-vr 9-17",
                    audience=rng.choice(["public", "professionals"]),
                    costs_strip=False,
                    example=True,
                )
            )
    with session_scope(settings) as session:
        organiser = get_or_create_person(session, "bench-organiser")
        for number in range(WISHES):
            tenant = get_or_create_person(session, f"bench-tenant-{number % 400}")
            wish = f"{rng.choice(WISH_TEXTS)} ({number})"
            save_wish(session, tenant, wish, "wijk", rng.choice(wijken), None, rng.random() < 0.5, "Bewoner")
        for number in range(30):
            meetups.plan(
                session,
                organiser,
                f"Activiteit {number}",
                utcnow() + timedelta(days=3 + number),
                "Buurthuis",
                rng.choice(wijken),
                zone=settings.timezone,
            )
        boss = get_or_create_person(session, "bench-boss")
        set_role(session, boss, Role.beheerder)
        pro = get_or_create_person(session, "bench-pro")
        set_role(session, pro, Role.professional, wijken[0])
        for number in range(50):
            create_invite(session, Role.professional, rng.choice(wijken), created_by=boss)
            vetoes.register_veto(session, pro, f"Besluit {number}", "Omdat het de buurt raakt.", None)
            save_report(session, f"Melding {number}", rng.choice(wijken), None, None, settings.timezone)
    events = [
        {
            "s": f"bench-tenant-{rng.randrange(400)}",
            "t": rng.choice(["user", "bot", "action"]),
            "ts": time.time() - rng.randrange(30 * 86400),
            "i": rng.choice(["share_dream", "ask_referral", "nlu_fallback", "greet"]),
            "a": rng.choice(["action_listen", "utter_greet", "action_show_wishes"]),
        }
        for _ in range(EVENTS)
    ]
    with get_engine(settings.database_url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (:s, :t, :ts, :i, :a, :d)"
            ),
            [{**e, "d": json.dumps({"event": e["t"], "text": "niet lezen"})} for e in events],
        )


def signed_in(settings: Settings, sender: str) -> httpx.Client:
    with session_scope(settings) as session:
        token = web_access.new_link_token(session, get_or_create_person(session, sender))
    client = httpx.Client(base_url=settings.dashboard_url, timeout=30)
    client.post(web_access.SIGN_IN_PATH, data={"token": token})
    return client


def pages(settings: Settings, boss: httpx.Client) -> Dict[str, str]:
    listed = boss.get("/wensen").text
    found = re.search(r'href="(/wensen/\d+)"', listed)
    paths = {
        "start": "/",
        "wensen (lijst)": "/wensen",
        "wensen, gefilterd": "/wensen?signaal=ja&status=alle&periode=90",
        "wensen, pagina 10": "/wensen?pagina=10&status=alle",
        "wens (detail)": found.group(1) if found else "/wensen",
        "groepen en parels": "/wensen/groepen",
        "thema's door de tijd": "/wensen/themas",
        "wensen als CSV": "/wensen.csv",
        "verwijsindex": "/verwijsindex",
        "verwijsindex, geschiedenis": "/verwijsindex/geschiedenis",
        "verwijsindex als YAML": "/verwijsindex.yml",
        "bijeenkomsten": "/bijeenkomsten",
        "uitnodigingen": "/uitnodigingen",
        "veto's en meldingen": "/meldingen",
        "inzicht": "/inzicht",
    }
    return paths


def measure(client: httpx.Client, path: str, rounds: int) -> Tuple[List[float], int]:
    times, status = [], 0
    client.get(path)  # warm: templates compiled, caches filled
    for _ in range(rounds):
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        status = answer.status_code
    return times, status


def p95(times: List[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            "BUURTBOT_VAR_DIR": scratch,
            "DASHBOARD_PORT": str(free_port()),
            "RASA_AUTH_TOKEN": "bench",
            "LOG_LEVEL": "WARNING",
        }
        settings = Settings.from_env(env)
        started = time.perf_counter()
        fill(settings, random.Random(17))
        print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)
        stack = Stack(settings, Path("unused"))
        try:
            stack.start_dashboard()
            stack.wait_until_ready()
            boss = signed_in(settings, "bench-boss")
            rows = []
            for name, path in pages(settings, boss).items():
                times, status = measure(boss, path, args.rounds)
                rows.append((name, path, status, statistics.median(times), p95(times), max(times)))
                print(f"{name:28} {status} median {rows[-1][3]:6.1f} ms  p95 {rows[-1][4]:6.1f} ms", flush=True)
        finally:
            stack.stop()
    worst = max(row[4] for row in rows)
    body = (
        f"A fresh SQLite database with {WISHES:,} wishes, {PARTNERS} extra partners (plus the index), 30 meetups, "
        f"50 invites, vetoes and reports, and {EVENTS:,} conversation events. Signed in as the beheerder, who sees "
        f"every wijk; each page loaded {args.rounds} times, one request at a time, over HTTP on 127.0.0.1.\n\n"
        "| page | path | status | median | p95 | max |\n|---|---|---|---|---|---|\n"
        + "".join(
            f"| {name} | `{path}` | {status} | {median:.1f} ms | {high:.1f} ms | {top:.1f} ms |\n"
            for name, path, status, median, high, top in rows
        )
        + f"\nTarget: p95 under 200 ms on every page. Slowest p95: **{worst:.1f} ms**.\n"
    )
    if not args.no_write:
        write_section("dashboard", "Staff dashboard: page load times", "make bench-dashboard", body)


if __name__ == "__main__":
    main()
