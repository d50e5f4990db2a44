"""Where the tests keep their data: a SQLite file per test, or, when BUURTBOT_TEST_DATABASE_URL names a
PostgreSQL server (make test-postgres), a fresh database on that server per test, dropped afterwards."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from buurtbot.storage import engine_url, get_engine

SERVER_ENV = "BUURTBOT_TEST_DATABASE_URL"


def server_url() -> Optional[str]:
    return os.environ.get(SERVER_ENV) or None


@lru_cache(maxsize=None)
def _admin(url: str) -> Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_engine(engine_url(url), future=True, isolation_level="AUTOCOMMIT", poolclass=NullPool)


@contextmanager
def fresh_database(var_dir: Path) -> Iterator[str]:
    """Yields the URL of an empty database that is gone after the block."""
    server = server_url()
    if server is None:
        yield f"sqlite:///{var_dir / 'test.db'}"
        return
    name = f"test_{uuid.uuid4().hex[:12]}"
    with _admin(server).connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        # FORCE: engines the test made on its own (Rasa's tracker store, threads) may still hold connections.
        with _admin(server).connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def database_away(url: str) -> Iterator[None]:
    """During the block, the database at `url` cannot be used; afterwards it is back as it was.

    SQLite: another connection holds the write lock, so every writer gives up after its busy timeout
    (readers still read, as WAL allows). PostgreSQL: the database refuses new connections and its open ones
    are cut, as when the server is away; engines with pool_pre_ping reconnect once it is back."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with _write_locked(parsed.database):
            yield
        return
    server = server_url()
    assert server is not None, "a PostgreSQL test database lives on the server of " + SERVER_ENV
    with _admin(server).connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{parsed.database}" ALLOW_CONNECTIONS false'))
        _cut_connections(conn, parsed.database)
    try:
        yield
    finally:
        with _admin(server).connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{parsed.database}" ALLOW_CONNECTIONS true'))


@contextmanager
def _write_locked(path: str) -> Iterator[None]:
    blocker = sqlite3.connect(path, timeout=1, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def _cut_connections(conn: Connection, database: str, timeout: float = 30.0) -> None:
    """Ends every other session on `database` and waits until they are gone (termination is asynchronous)."""
    others = "FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
    conn.execute(text(f"SELECT pg_terminate_backend(pid) {others}"), {"name": database})
    deadline = time.monotonic() + timeout
    while conn.execute(text(f"SELECT count(*) {others}"), {"name": database}).scalar():
        if time.monotonic() > deadline:
            raise RuntimeError(f"sessions on {database} did not end within {timeout:.0f} s")
        time.sleep(0.05)
