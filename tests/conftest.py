"""Shared fixtures. The expensive one, `stack`, starts the action server and Rasa once per session."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.model import ensure_model
from bot.stack import Stack, free_port, running_stack
from buurtbot.config import Settings, get_settings
from buurtbot.referral.index import load_index
from sqlalchemy.orm import Session, sessionmaker

from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.migrate import upgrade


def make_settings(var_dir: Path, **overrides: str) -> Settings:
    env = {
        "BUURTBOT_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'test.db'}",
        "RASA_AUTH_TOKEN": "test-token",
    }
    env.update(overrides)
    return Settings.from_env(env)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh, migrated database per test."""
    settings = make_settings(tmp_path)
    upgrade(settings)
    return settings


@pytest.fixture
def app_db(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Points this process's settings (as used by actions and services) at the test database,
    with the real referral index loaded."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("BUURTBOT_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("RASA_AUTH_TOKEN", "test-token")
    get_settings.cache_clear()
    with session_scope(settings) as session:
        load_index(session)
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    """One session for the whole test; left uncommitted (tests that need commits use session_scope)."""
    session = sessionmaker(bind=get_engine(settings.database_url), future=True)()
    yield session
    session.close()


@pytest.fixture(scope="session")
def stack_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    var_dir = tmp_path_factory.mktemp("stack")
    settings = make_settings(var_dir, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    upgrade(settings)
    with session_scope(settings) as session:
        load_index(session)
    return settings


@pytest.fixture(scope="session")
def stack(stack_settings: Settings) -> Iterator[Stack]:
    model = ensure_model(stack_settings)
    with running_stack(stack_settings, model) as running:
        yield running
