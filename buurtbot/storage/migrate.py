"""Brings the database schema to the newest migration (run at every start-up; cheap when current)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from buurtbot.config import Settings, get_settings
from buurtbot.storage import check_connection, get_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 707_2026  # any number, the same in every process


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(settings: Optional[Settings] = None) -> None:
    """Creates or migrates the schema; raises ConfigError when the database is unreachable."""
    settings = settings or get_settings()
    engine = get_engine(settings.database_url)
    check_connection(engine)
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(settings.database_url), "head")
        return
    # Front ends and workers on several hosts start at once: one migrates, the others wait and find it done.
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(settings.database_url), "head")
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


def new_revision(message: str) -> None:
    """Writes a new migration from the difference between models.py and the newest migration."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        config = alembic_config(url)
        command.upgrade(config, "head")
        numbers = [int(p.name[:4]) for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
        command.revision(config, message=message, autogenerate=True, rev_id=f"{max(numbers, default=0) + 1:04d}")


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "new":
        sys.exit('usage: python -m buurtbot.storage.migrate new "what changed"')
    new_revision(sys.argv[2])
