"""User-written text shown to someone else cannot carry links, mentions, commands, formatting tricks
or spreadsheet formulas: checked on the helper and on the messages staff and neighbours really get."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from buurtbot import meetups
from buurtbot.dreams.digest import preview, render_csv, render_text
from buurtbot.dreams.wishes import save_wish
from buurtbot.off_record import save_report
from buurtbot.people import get_person
from buurtbot.safe_text import csv_cell, quoted
from buurtbot.storage import session_scope
from buurtbot.storage.models import DreamWish, OutboxMessage, Role
from buurtbot.storage.types import utcnow
from tests.actions_helpers import make_person

AMS_ZONE = ZoneInfo("Europe/Amsterdam")

HOSTILE = "Klik [hier](https://evil.example/login) of www.phish.nl, mail baas@evil.nl, @scambot /vergeet_mij #gratis"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kijk op https://evil.example/x", "kijk op https[:]//evil[.]example/x"),
        ("www.buurt.nl", "www[.]buurt[.]nl"),
        ("mail jan@voorbeeld.nl", "mail jan[at]voorbeeld[.]nl"),
        ("vraag @scambot", "vraag [at]scambot"),
        ("tik /vergeet_mij", "tik [/]vergeet_mij"),
        ("#actie en $BTC", "[#]actie en [$]BTC"),
        ("het kost 3.50 euro. Echt.", "het kost 3.50 euro. Echt."),
        ("a\u202eb\u200bc\x00d\x07e", "abcde"),  # direction override, zero-width space, NUL, bell
        ("regel een\nregel twee", "regel een regel twee"),
        ("<b>vet</b> *ster* _lijn_", "<b>vet</b> *ster* _lijn_"),  # shown as typed: messages have no parse mode
    ],
)
def test_quoted_defuses_what_telegram_would_make_clickable(text: str, expected: str) -> None:
    assert quoted(text) == expected


def test_quoted_keeps_lines_when_asked_and_cuts_long_text() -> None:
    assert quoted("een\ntwee", one_line=False) == "een\ntwee"
    cut = quoted("woord " * 500, limit=100)
    assert len(cut) == 100 and cut.endswith("…")


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)"])
def test_a_csv_cell_never_starts_a_formula(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("Een bankje") == "Een bankje"


def staff_texts() -> list:
    with session_scope() as session:
        return [m.payload["text"] for m in session.execute(select(OutboxMessage)).scalars()]


def assert_defused(text: str) -> None:
    for raw in ("https://", "evil.example", "www.phish.nl", "baas@evil.nl", "@scambot", " /vergeet_mij", " #gratis"):
        assert raw not in text


def test_a_wish_reaches_the_droommakelaar_defused_in_the_signal_the_digest_and_the_csv(app_db) -> None:
    make_person("tenant", Role.bewoner, "Zuidwijk")
    make_person("dm", Role.droommakelaar, "Zuidwijk")
    wish = "Ik kan de huur niet meer betalen en ben ten einde raad. " + HOSTILE
    with session_scope() as session:
        save_wish(
            session, get_person(session, "tenant"), wish, "woning", "Zuidwijk", "=cmd|' /C calc'!A0", True, "@admin"
        )
    [signal] = staff_texts()
    assert_defused(signal)
    assert "([at]admin)" in signal  # the tenant's Telegram first name is user-written too
    with session_scope() as session:
        [digest] = preview(session)
        assert_defused(render_text(digest, AMS_ZONE))
        rows = list(csv.reader(io.StringIO(render_csv(digest, AMS_ZONE)), delimiter=";"))
    assert rows[1][5].startswith("'=")  # the contribution column
    with session_scope() as session:  # stored as written: the tenant's own copy (/mijngegevens) is exact
        assert session.execute(select(DreamWish.wish)).scalar_one() == wish


def test_an_off_record_story_reaches_the_beheerder_defused(app_db) -> None:
    make_person("boss", Role.beheerder, "Zuidwijk")
    with session_scope() as session:
        save_report(
            session, "Er wordt gedeald vanuit de kelder.\n" + HOSTILE, "Zuidwijk", None, "bel me: 0612345678", AMS_ZONE
        )
    [text] = staff_texts()
    assert_defused(text)
    assert "gedeald vanuit de kelder.\nKlik" in text  # the story keeps its lines


def test_a_proposed_meetup_is_shown_in_its_safe_form(app_db) -> None:
    make_person("tenant", Role.bewoner, "Zuidwijk")
    make_person("boss", Role.beheerder, "Zuidwijk")
    with session_scope() as session:
        meetup = meetups.plan(
            session,
            get_person(session, "tenant"),
            "Gratis iPhone via t.me/scam",
            utcnow() + timedelta(days=2),
            "https://evil.example",
            "Zuidwijk",
            zone=AMS_ZONE,
            description=HOSTILE,
        )
        stored = (meetup.title, meetup.place)
        title, place, description = (
            meetups.title_of(meetup),
            meetups.place_of(meetup),
            meetups.describe(meetup, AMS_ZONE),
        )
    assert stored == ("Gratis iPhone via t.me/scam", "https://evil.example")  # kept as written, for the .ics file
    assert (title, place) == ("Gratis iPhone via t[.]me/scam", "https[:]//evil[.]example")  # shown defused
    assert_defused(description)
    [proposal] = staff_texts()
    assert_defused(proposal)
