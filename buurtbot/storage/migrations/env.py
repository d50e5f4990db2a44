"""Alembic environment: the URL comes from buurtbot's settings (DATABASE_URL)."""

from alembic import context

from buurtbot.storage import get_engine
from buurtbot.storage.models import Base

RASA_TABLES = {"events"}  # Rasa's SQLTrackerStore owns this table in the same database


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in RASA_TABLES)


def run_migrations() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    with get_engine(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            render_as_batch=True,  # SQLite can only ALTER tables by copying them
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
