"""Faults: the action server, the Rasa server and the front end are killed and restarted in the middle
of a dream form and of an outbox delivery; the database goes away and comes back. No confirmed wish is
lost, no pushed message is lost or sent twice, and the user always hears something clear."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Optional

import httpx
import pytest
import yaml
from sqlalchemy import func, select

from actions.__main__ import STORAGE_DOWN
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rendering import NO_ANSWER_TEXT
from buurtbot import outbox
from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.people import get_or_create_person, set_role
from buurtbot.referral.index import load_index
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from buurtbot.storage.models import DreamWish, OutboxMessage, Role
from launcher.model import ensure_model
from launcher.stack import Stack, free_port, running_stack
from tests.conftest import make_settings
from tests.databases import database_away, fresh_database
from tools.fake_telegram import FakeTelegram

DOWN = "[niet aangekomen]"
SAVED = "Dank je wel! Je wens is opgeslagen."  # actions/dreams.py, ActionSubmitDream


def domain_text(response: str) -> str:
    """The (first) text of a response in domain.yml, the one place where it is written."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][response][0]["text"]


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own, because these tests kill its servers; its database is on the test backend
    (SQLite, or PostgreSQL under make test-postgres)."""
    var_dir = tmp_path_factory.mktemp("faults")
    with fresh_database(var_dir) as url:
        settings = make_settings(var_dir, DATABASE_URL=url, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
        with running_stack(settings, ensure_model(settings)) as stack:
            yield stack


def say(settings: Settings, sender: str, text: str) -> str:
    async def send() -> str:
        client = RasaClient(settings.rasa_urls, timeout=60)
        try:
            return "\n".join(r.text or "" for r in await client.send(sender, text))
        except RasaUnavailable:
            return DOWN  # what the front end turns into "Je bericht is niet aangekomen."
        finally:
            await client.close()

    return asyncio.run(send())


def tenant(settings: Settings, sender: str) -> None:
    with session_scope(settings) as session:
        set_role(session, get_or_create_person(session, sender), Role.bewoner, "Zuidwijk")


def wishes(settings: Settings, text: str) -> int:
    with session_scope(settings) as session:
        return session.execute(select(func.count(DreamWish.id)).where(DreamWish.wish == text)).scalar()


def active_form(settings: Settings, sender: str) -> Optional[str]:
    """The form the stored conversation is in, as Rasa's HTTP API reports it (None: no form)."""
    response = httpx.get(
        f"{settings.rasa_url}/conversations/{sender}/tracker", params={"token": settings.rasa_auth_token}, timeout=60
    )
    response.raise_for_status()
    return (response.json().get("active_loop") or {}).get("name")


def finish_dream(settings: Settings, sender: str) -> str:
    """From the place question to the end, answering what the form asks."""
    assert "zelf iets aan doen" in say(settings, sender, "straat")
    assert "droommakelaar contact" in say(settings, sender, "nee")
    assert "Dit sla ik op" in say(settings, sender, "/deny")
    return say(settings, sender, "/affirm")


def test_the_action_server_crashes_mid_dream_form(own_stack: Stack) -> None:
    settings, wish = own_stack.settings, "Een speeltuin met schaduw achter de flat"
    tenant(settings, "fault-1")
    say(settings, "fault-1", "ik heb een wens voor de buurt")
    assert "Waar gaat je wens over" in say(settings, "fault-1", wish)

    own_stack.kill("action server")
    # Rasa cannot run the form's validation: the action's events are lost and Rasa sends nothing, so the
    # front end's own sentence is all the user gets (bot/rasa_client.py). Not silence, not a traceback,
    # and not a misleading "I do not understand" (utter_default) or a form question.
    assert say(settings, "fault-1", "straat") == NO_ANSWER_TEXT
    own_stack.restart("action server")

    assert "opgeslagen" in finish_dream(settings, "fault-1")
    assert wishes(settings, wish) == 1


def test_the_rasa_server_crashes_mid_dream_form_and_the_conversation_continues(own_stack: Stack) -> None:
    settings, wish = own_stack.settings, "Bankjes langs het water voor de ouderen"
    tenant(settings, "fault-2")
    say(settings, "fault-2", "ik wil een droom delen")
    assert "Waar gaat je wens over" in say(settings, "fault-2", wish)

    own_stack.kill("Rasa server")
    assert say(settings, "fault-2", "straat") == DOWN
    own_stack.restart("Rasa server")

    # The conversation is in the SQL tracker store: the form goes on where it was.
    assert "opgeslagen" in finish_dream(settings, "fault-2")
    assert wishes(settings, wish) == 1


def test_a_confirmed_wish_survives_a_crash_of_both_servers(own_stack: Stack) -> None:
    """Both servers are killed the moment the user has seen "opgeslagen". Afterwards the wish is there once
    and the conversation is past the form: the old "Ja, opslaan" button, pressed again, stores nothing."""
    settings, wish = own_stack.settings, "Een buurtmoestuin bij de school"
    tenant(settings, "fault-3")
    say(settings, "fault-3", "ik heb een idee voor de wijk")
    assert "Waar gaat je wens over" in say(settings, "fault-3", wish)
    assert SAVED in finish_dream(settings, "fault-3")
    own_stack.kill("Rasa server")  # SIGKILL: no chance to flush or finish anything
    own_stack.kill("action server")
    own_stack.restart("action server")
    own_stack.restart("Rasa server")

    # (a) Once: a lost commit gives 0, a replayed submit (the turn run again after the restart) gives 2.
    assert wishes(settings, wish) == 1
    # (b) If the confirming turn had not reached the tracker store before the answer went out (kept in memory,
    # written later), Rasa would be back at "Wil je de wens opslaan?": the form would be active, and /affirm would
    # run action_submit_dream again (a second wish, "opgeslagen"). Out of a form, yes-without-a-question has
    # exactly this answer (data/rules/basics.yml).
    assert active_form(settings, "fault-3") is None
    assert say(settings, "fault-3", "/affirm") == domain_text("utter_anything_else")
    assert wishes(settings, wish) == 1
    # (c) Both servers work again: the greeting is a custom action, so it needs Rasa, the action server and the database.
    assert "Ik ben Buurtbot" in say(settings, "fault-3", "hoi")


def test_the_database_unavailable_gives_a_clear_reply_and_recovers(own_stack: Stack) -> None:
    settings = own_stack.settings
    tenant(settings, "fault-4")
    with database_away(settings.database_url):
        answer = say(settings, "fault-4", "hoi")
    # The greeting's write fails in the action server, which answers STORAGE_DOWN instead of a 500. Rasa itself
    # carries on (when it cannot read or save the conversation it falls back to an in-memory one), so this is
    # the one reply on both backends: not the front end's "no answer", not "[niet aangekomen]".
    assert answer == STORAGE_DOWN
    assert "Ik ben Buurtbot" in say(settings, "fault-4", "hoi")  # back: everything works again


def test_connections_cut_by_the_database_mid_form_are_noticed_and_the_form_goes_on(own_stack: Stack) -> None:
    """PostgreSQL closes every open connection (a restart, a failover): the next message must still find its
    conversation. Before the tracker store pinged its pooled connections, it fell back to an empty one."""
    settings, wish = own_stack.settings, "Een buurtbibliotheek in het portiek"
    tenant(settings, "fault-6")
    say(settings, "fault-6", "ik heb een wens voor de buurt")
    assert "Waar gaat je wens over" in say(settings, "fault-6", wish)
    with database_away(settings.database_url):
        pass  # away and straight back: only the open connections are gone
    assert "zelf iets aan doen" in say(settings, "fault-6", "straat")


def test_the_front_end_crashes_mid_dream_form_and_the_conversation_continues(own_stack: Stack, tmp_path: Path) -> None:
    settings, wish = own_stack.settings, "Een pannaveldje naast de speeltuin"
    tenant(settings, "5100")
    with FakeTelegram.running() as fake:
        front = start_frontend(settings, fake, tmp_path / "front.log")
        try:
            fake.push_text(5100, "ik heb een wens voor de buurt")
            fake.wait_for_sent(lambda c: c.chat_id == 5100 and "Welke kansen" in (c.text or ""), timeout=120)
            start = len(fake.sent)
            fake.push_text(5100, wish)
            fake.wait_for_sent(
                lambda c: c.chat_id == 5100 and "Waar gaat je wens over" in (c.text or ""), timeout=60, start=start
            )
        finally:
            os.killpg(front.pid, signal.SIGKILL)
            front.wait(timeout=60)
        front = start_frontend(settings, fake, tmp_path / "front.log")
        try:
            for text, expected in (
                ("straat", "zelf iets aan doen"),
                ("nee", "droommakelaar contact"),
                ("nee", "Dit sla ik op"),
            ):
                start = len(fake.sent)
                fake.push_text(5100, text)
                fake.wait_for_sent(
                    lambda c, expected=expected: c.chat_id == 5100 and expected in (c.text or ""),
                    timeout=60,
                    start=start,
                )
            start = len(fake.sent)
            fake.push_text(5100, "ja")
            fake.wait_for_sent(lambda c: c.chat_id == 5100 and "opgeslagen" in (c.text or ""), timeout=60, start=start)
        finally:
            os.killpg(front.pid, signal.SIGTERM)
            front.wait(timeout=60)
    assert wishes(settings, wish) == 1


# The front end: killed in the middle of pushing the outbox.


def start_frontend(settings: Settings, fake: FakeTelegram, log: Path) -> subprocess.Popen:
    env = {**settings.process_env(), "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url}
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "launcher", "frontend"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def queue_messages(settings: Settings, count: int) -> list:
    texts = [f"Bericht nummer {n}" for n in range(count)]
    with session_scope(settings) as session:
        for n, text in enumerate(texts):
            outbox.enqueue(session, f"fault:{n}", get_or_create_person(session, str(900000 + n)), "notification", text)
    return texts


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL])
def test_the_front_end_stopped_mid_delivery_loses_nothing_and_sends_nothing_twice(
    settings: Settings, tmp_path: Path, stop_signal
) -> None:
    texts = queue_messages(settings, 150)
    with FakeTelegram.running() as fake:
        front = start_frontend(settings, fake, tmp_path / "front.log")
        fake.wait_until(lambda: len(fake.texts()) >= 30, timeout=120)
        os.killpg(front.pid, stop_signal)
        front.wait(timeout=60)
        sent_before = len(fake.texts())
        assert sent_before < len(texts), "the stop came too late to test anything"
        front = start_frontend(settings, fake, tmp_path / "front.log")
        try:
            fake.wait_until(lambda: set(texts) <= set(fake.texts()), timeout=180)
        finally:
            os.killpg(front.pid, signal.SIGTERM)
            front.wait(timeout=60)
        sent = [t for t in fake.texts() if t in texts]
    doubles = len(sent) - len(set(sent))
    # A stop finishes the message in flight; a hard kill can at worst resend the one message in flight.
    assert doubles == 0 if stop_signal == signal.SIGTERM else doubles <= 1
    with session_scope(settings) as session:
        undelivered = session.execute(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.delivered_at.is_(None))
        ).scalar()
    assert undelivered == 0
