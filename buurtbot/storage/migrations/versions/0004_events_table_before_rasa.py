"""the conversation history table exists before Rasa starts

Rasa's SQLTrackerStore creates `events` when it starts. Two Rasa servers that start at once on a new database
both try, and the loser logs "Could not create tables" as an ERROR. The schema now creates the table, with the
columns and index of Rasa 3.6's SQLTrackerStore, so Rasa finds it and creates nothing. Rasa still owns the
table's content (env.py leaves it out of autogenerate).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "events" in sa.inspect(op.get_bind()).get_table_names():  # made by Rasa before this revision
        return
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float()),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text()),
    )
    op.create_index("ix_events_sender_id", "events", ["sender_id"])


def downgrade() -> None:
    pass  # the table and its history stay: Rasa would create it again anyway
