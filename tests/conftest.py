"""Shared fixtures. The expensive one, `stack`, starts the action server and Rasa once per session.

With BUURTBOT_TEST_DATABASE_URL set to a PostgreSQL server (make test-postgres), every database lives
on that server (see tests/databases.py) and only the tests that use a database or the stack run.
"""

from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List

import pytest
from sqlalchemy.orm import Session, sessionmaker

from buurtbot.config import Settings, get_settings
from buurtbot.referral.index import load_index
from buurtbot.storage import get_engine, session_scope
from buurtbot.storage.migrate import upgrade
from launcher.model import ensure_model
from launcher.stack import Stack, free_port, running_stack
from tests.databases import fresh_database, server_url

# Every database fixture builds on one of these. `own_stack` (tests/test_faults.py) and `module_app_db` are
# module-scoped, so they cannot build on `settings`: they make their own database with tests.databases.fresh_database.
DATABASE_FIXTURES = frozenset(
    {"settings", "stack_settings", "own_stack", "module_app_db", "dashboard_settings", "sweep_dashboard"}
)


def make_settings(var_dir: Path, **overrides: str) -> Settings:
    env = {
        "BUURTBOT_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'test.db'}",
        "RASA_AUTH_TOKEN": "test-token",
        "RASA_SERVERS": "1",  # one model load per stack; the shared stack below runs two, as `make serve` does
        "LOG_LEVEL": "DEBUG",  # the tests that read the server logs prove that no level of them quotes a user
        "DASHBOARD_PORT": str(free_port()),  # every stack starts the dashboard too
        "TELEGRAM_BOT_USERNAME": "BuurtbotTestBot",
    }
    env.update(overrides)
    return Settings.from_env(env)


# Test modules that import Rasa (or nlu/, which does). They run in the Rasa environment,
# `.venv-rasa/bin/python -m pytest -m rasa` (make test); in the app environment they are not collected.
RASA_MODULES = frozenset(
    {
        "test_dutch_chat_tokenizer.py",
        "test_emergency_guard.py",
        "test_language_guard.py",
        "test_privacy.py",
        "test_privacy_export.py",
        "test_rasa_server.py",
        "test_retention.py",
        "test_tracker_privacy.py",
        "test_tracker_window.py",
        "test_topic_classifier.py",
    }
)
collect_ignore = [] if importlib.util.find_spec("rasa") else sorted(RASA_MODULES)
# The other way round: the dashboard's tests need Sanic, Jinja2 and Selenium, which only the app environment has.
collect_ignore_glob = ["test_dashboard_*.py"] if importlib.util.find_spec("rasa") else []

STACK_FIXTURES = frozenset({"stack", "chat", "own_stack"})
# The dashboard alone (no Rasa) and a real browser: integration tests of the staff dashboard.
BROWSER_FIXTURES = frozenset({"browser", "dashboard_settings"})
KINDS = ("unit", "integration", "stack")


def kind_of(item: pytest.Item) -> str:
    """stack: the real Rasa and action servers run; integration: a real database, processes or HTTP; unit: none.
    A test may say so itself with a marker (a test that starts its own servers without the fixtures)."""
    marked = [kind for kind in KINDS if item.get_closest_marker(kind)]
    if marked:
        return marked[-1]
    fixtures = set(getattr(item, "fixturenames", ()))
    if STACK_FIXTURES & fixtures:
        return "stack"
    return "integration" if (DATABASE_FIXTURES | BROWSER_FIXTURES | {"app_db", "session"}) & fixtures else "unit"


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    """Marks every test unit, integration or stack (`pytest -m unit` runs the quick ones). Against a database
    server, tests that use no database have nothing to prove: they are left out, and so are those marked
    `dialogue` (what the bot understands and answers). The conversations they hold go through the same tracker
    store code as the stack tests that do run against the server, which test storage and delivery."""
    for item in items:
        item.add_marker(kind_of(item))
        if item.path.name in RASA_MODULES:
            item.add_marker("rasa")
    if server_url() is None:
        return
    keep = [
        item
        for item in items
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("dialogue")
    ]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """A fresh, migrated database per test."""
    with fresh_database(tmp_path) as url:
        settings = make_settings(tmp_path, DATABASE_URL=url)
        upgrade(settings)
        yield settings


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


@pytest.fixture(scope="module")
def module_app_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """As `app_db`, but one database for all tests of a module: for tests that only read, or write the same
    things each time (a module of many small cases saves a migration per case)."""
    var_dir = tmp_path_factory.mktemp("module_db")
    with fresh_database(var_dir) as url, pytest.MonkeyPatch.context() as patch:
        settings = make_settings(var_dir, DATABASE_URL=url)
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BUURTBOT_VAR_DIR", str(var_dir))
        patch.setenv("RASA_AUTH_TOKEN", "test-token")
        get_settings.cache_clear()
        yield get_settings()
        get_settings.cache_clear()


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    """One session for the whole test; left uncommitted (tests that need commits use session_scope)."""
    session = sessionmaker(bind=get_engine(settings.database_url), future=True)()
    yield session
    session.close()


@pytest.fixture(scope="session")
def stack_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    var_dir = tmp_path_factory.mktemp("stack")
    with fresh_database(var_dir) as url:
        settings = make_settings(
            var_dir, DATABASE_URL=url, RASA_SERVERS="2", RASA_PORT=str(free_port(count=2)), ACTION_PORT=str(free_port())
        )
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
        yield settings


@pytest.fixture(scope="session")
def stack(stack_settings: Settings) -> Iterator[Stack]:
    model = ensure_model(stack_settings)
    with running_stack(stack_settings, model) as running:
        yield running


@pytest.fixture(scope="session")
def chat(stack, stack_settings):
    """Sends one message as `sender` over the REST channel of the shared stack; returns the bot's replies."""
    from bot.rasa_client import RasaClient

    async def say(sender: str, message: str) -> list:
        client = RasaClient(stack_settings.rasa_urls, timeout=60)
        try:
            return await client.send(sender, message)
        finally:
            await client.close()

    return say


@contextmanager
def dashboard_alone(var_dir: Path, fill: Callable[[Settings], None] = lambda settings: None) -> Iterator[Settings]:
    """The staff dashboard process without Rasa, on a fresh database with the referral index and what `fill` adds."""
    with fresh_database(var_dir) as url:
        settings = make_settings(var_dir, DATABASE_URL=url)
        upgrade(settings)
        with session_scope(settings) as session:
            load_index(session)
        fill(settings)
        stack = Stack(settings, model_path=Path("unused"))
        try:
            stack.start_dashboard()
            stack.wait_until_ready()
            yield settings
        finally:
            stack.stop()


@pytest.fixture(scope="session")
def dashboard_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The dashboard for the pages that need no Rasa, shared by the session."""
    with dashboard_alone(tmp_path_factory.mktemp("dashboard")) as settings:
        yield settings


@pytest.fixture(scope="session")
def browser() -> Iterator["WebDriver"]:  # noqa: F821
    """Headless Chromium from Debian's packages, driven through its own chromedriver (scripts/chromium.sh)."""
    from tests.dashboard_helpers import start_browser

    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()
