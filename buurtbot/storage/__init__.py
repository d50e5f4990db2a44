"""Database access: one engine per URL, short transactions through `session_scope()`."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from buurtbot.config import ConfigError, Settings, get_settings


def engine_url(url: str) -> URL:
    """`url` parsed, with the PostgreSQL driver named when the URL names none.

    A plain postgresql:// URL means psycopg2 on SQLAlchemy 1.4 (the Rasa environment) but psycopg 3 on
    SQLAlchemy 2.1 (the app environment). Both environments install psycopg2, so every process uses it."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg2") if parsed.drivername == "postgresql" else parsed


@lru_cache(maxsize=None)
def get_engine(url: str) -> Engine:
    """Creates the engine for `url`, or raises ConfigError with one clear sentence."""
    try:
        parsed = engine_url(url)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL {url!r} is not a database URL (e.g. sqlite:///var/buurtbot.db).") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, future=True, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(f"DATABASE_URL uses an unsupported database driver ({exc}).") from exc
    configure_engine(engine)
    return engine


def configure_engine(engine: Engine) -> None:
    """The connection rules of every engine on our database, ours and Rasa's tracker store's.

    PostgreSQL refuses text with a NUL character, which anyone can type into a chat; it means nothing,
    so it is removed from every string parameter, on every backend, and all store the same text."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    engine.dispose()  # connections opened before this point would miss the rules


def _without_nul(_conn, _cursor, statement: str, parameters: Any, _context, _executemany: bool) -> tuple:
    # The shape is not read from `executemany`: SQLAlchemy 2's "insertmanyvalues" may pass one row's
    # parameters with executemany=True. Every string, at any depth, is cleaned instead.
    return statement, _clean(parameters)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    return value


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets Rasa's tracker store, the action server and the front end share one file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left readable in the file
    cursor.close()


def compact_sqlite(engine: Engine) -> None:
    """After deleting personal data: empty SQLite's write-ahead log, which still holds old copies of the pages.
    Best effort: a reader in another process can make it wait, and then the next checkpoint does it."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def check_connection(engine: Engine) -> None:
    """Raises ConfigError when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError(
            f"Cannot connect to the database at {engine.url.render_as_string(hide_password=True)}: {reason}."
        ) from exc


@lru_cache(maxsize=None)
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(settings: Optional[Settings] = None) -> Iterator[Session]:
    """One transaction: commits when the block ends, rolls back on an exception."""
    settings = settings or get_settings()
    session = _session_factory(settings.database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
