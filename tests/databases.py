"""Where the tests keep their data: a SQLite file per test, or, when BUURTBOT_TEST_DATABASE_URL names a
PostgreSQL server (make test-postgres), a fresh database on that server per test, dropped afterwards."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from buurtbot.storage import get_engine

SERVER_ENV = "BUURTBOT_TEST_DATABASE_URL"


def server_url() -> Optional[str]:
    return os.environ.get(SERVER_ENV) or None


@lru_cache(maxsize=None)
def _admin(url: str) -> Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_engine(url, future=True, isolation_level="AUTOCOMMIT", poolclass=NullPool)


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
