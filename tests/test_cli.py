"""The beheerder's terminal commands (launcher/cli.py: invite, topup, digest), run as `python -m launcher.cli`
in a process of their own against the test database, which is checked afterwards."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from buurtbot import strips
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.dreams.wishes import save_wish
from buurtbot.invites import ALPHABET, CODE_LENGTH, hash_code, redeem_invite
from buurtbot.people import get_or_create_person, get_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import Digest, DreamWish, Invite, OutboxMessage, Role, StripCard
from buurtbot.storage.types import utcnow
from tests.actions_helpers import make_person
from tests.databases import fresh_database

WISH = "Een bankje bij de speeltuin, zodat opa's en oma's er ook kunnen zitten."


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "launcher.cli", *args],
        cwd=PROJECT_ROOT,
        env=settings.process_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def count(settings: Settings, model: type) -> int:
    with session_scope(settings) as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


class TestInvite:
    def test_the_last_line_is_a_code_that_gives_the_role_and_wijk(self, app_db: Settings) -> None:
        result = cli(app_db, "invite", "--role", "professional", "--wijk", "Zuidwijk", "--days", "7")
        assert result.returncode == 0, result.stderr
        code = result.stdout.strip().splitlines()[-1]
        assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
        assert "valid 7 days" in result.stdout and f"/code {code}" in result.stdout
        with session_scope(app_db) as session:
            invite = session.execute(select(Invite)).scalar_one()
            stored = (invite.code_hash, invite.role, invite.wijk, invite.used_at)
            assert stored == (hash_code(code), Role.professional, "Zuidwijk", None)
            assert abs(invite.expires_at - (utcnow() + timedelta(days=7))) < timedelta(minutes=5)
            assert code not in " ".join(str(v) for v in vars(invite).values())  # only its hash is stored
            redeemed = redeem_invite(session, get_or_create_person(session, "new-pro"), code)
            assert redeemed is not None and get_person(session, "new-pro").role == Role.professional

    def test_without_a_wijk_the_invite_has_none(self, app_db: Settings) -> None:
        result = cli(app_db, "invite", "--role", "beheerder")
        assert result.returncode == 0, result.stderr
        with session_scope(app_db) as session:
            assert session.execute(select(Invite.wijk)).scalar_one() is None

    @pytest.mark.parametrize(
        "args",
        [
            ["--role", "bewoner"],
            ["--role", "koning"],
            ["--role", "professional", "--days", "veel"],
        ],
    )
    def test_a_wrong_option_is_refused_and_stores_nothing(self, app_db: Settings, args: list) -> None:
        result = cli(app_db, "invite", *args)
        assert result.returncode == 2 and "invalid" in result.stderr
        assert count(app_db, Invite) == 0


class TestTopUp:
    def test_strips_are_added_to_this_quarters_card(self, app_db: Settings) -> None:
        make_person("pro-cli", Role.professional, "Zuidwijk")
        with session_scope(app_db) as session:
            strips.current_card(session, get_person(session, "pro-cli"), app_db).balance = 2
        result = cli(app_db, "topup", "--sender", "pro-cli", "--amount", "5")
        assert (result.returncode, result.stdout.strip()) == (0, "New balance: 7"), result.stderr
        with session_scope(app_db) as session:
            assert session.execute(select(StripCard.balance)).scalar_one() == 7

    def test_a_professional_without_a_card_gets_a_full_one_plus_the_top_up(self, app_db: Settings) -> None:
        make_person("pro-cli2", Role.professional)
        result = cli(app_db, "topup", "--sender", "pro-cli2", "--amount", "3")
        assert result.stdout.strip() == "New balance: 13", result.stderr  # STRIPS_PER_QUARTER is 10
        with session_scope(app_db) as session:
            assert session.execute(select(StripCard.balance)).scalar_one() == 13

    @pytest.mark.parametrize(
        "sender, amount, error",
        [
            ("nobody", "5", "Error: No professional with sender id 'nobody'."),
            ("bew-cli", "5", "Error: No professional with sender id 'bew-cli'."),
            ("pro-cli3", "0", "Error: top up with a positive number of strips"),
            ("pro-cli3", "-4", "Error: top up with a positive number of strips"),
        ],
    )
    def test_a_wrong_person_or_amount_is_one_sentence_and_changes_nothing(self, app_db, sender, amount, error) -> None:
        make_person("bew-cli", Role.bewoner)
        make_person("pro-cli3", Role.professional)
        result = cli(app_db, "topup", "--sender", sender, "--amount", amount)
        assert result.returncode == 1 and result.stderr.strip() == error
        assert count(app_db, StripCard) == 0


class TestDigest:
    def test_it_prints_the_new_wishes_and_marks_nothing_as_sent(self, app_db: Settings) -> None:
        make_person("dm", Role.droommakelaar, "Zuidwijk")
        with session_scope(app_db) as session:
            save_wish(session, get_or_create_person(session, "bew-cli4"), WISH, "wijk", "Zuidwijk", None, False)
        for _ in range(2):  # the second run prints the same: the first claimed nothing
            result = cli(app_db, "digest")
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith("Wensen uit Zuidwijk: 1 nieuw")
            assert "bankje bij de speeltuin" in result.stdout
        with session_scope(app_db) as session:
            assert session.execute(select(DreamWish.digest_id)).scalar_one() is None
        assert count(app_db, Digest) == 0 and count(app_db, OutboxMessage) == 0

    def test_without_new_wishes_it_says_so(self, app_db: Settings) -> None:
        result = cli(app_db, "digest")
        assert (result.returncode, result.stdout.strip()) == (0, "Geen nieuwe wensen sinds het laatste overzicht.")


def test_an_empty_database_gets_its_tables_first(settings: Settings, tmp_path: Path) -> None:
    """A new installation: the command migrates the database before it uses it."""
    (tmp_path / "empty").mkdir()
    with fresh_database(tmp_path / "empty") as url:
        empty = Settings.from_env({**settings.process_env(), "DATABASE_URL": url})
        result = cli(empty, "invite", "--role", "professional")
        assert result.returncode == 0, result.stderr
        assert count(empty, Invite) == 1
