"""outbox subject, no off-record traces in the history

Pushed messages that quote someone get `subject_id`, so forgetting that person deletes them.
The conversation history loses what earlier versions kept of off-the-record reports: they stored every
turn of the form with the user's text redacted, but with the other slots (wijk, day, contact) and the
times. Those turns are deleted, from the message that started the form to the end of the form.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:01:25.333289
"""

import json
from typing import List, Set

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PRIVATE_FORM, PRIVATE_INTENT = "off_record_form", "report_off_record"


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_subject_id_people"), "people", ["subject_id"], ["id"], ondelete="CASCADE"
        )
    connection = op.get_bind()
    if "events" in sa.inspect(connection).get_table_names():  # Rasa creates it on its first save
        _delete_off_record_turns(connection)


def _delete_off_record_turns(connection) -> None:
    senders = (
        connection.execute(
            sa.text("SELECT DISTINCT sender_id FROM events WHERE intent_name = :intent OR action_name = :form"),
            {"intent": PRIVATE_INTENT, "form": PRIVATE_FORM},
        )
        .scalars()
        .all()
    )
    for sender in senders:
        rows = connection.execute(
            sa.text("SELECT id, type_name, intent_name, data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender},
        ).all()
        doomed = _private_rows(rows)
        for start in range(0, len(doomed), 500):
            ids = doomed[start : start + 500]
            connection.execute(
                sa.text("DELETE FROM events WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": ids},
            )


def _private_rows(rows) -> List[int]:
    """Ids of the rows from each user message that started the form (or asked for it) to the end of the turn
    in which the form ended."""
    doomed: Set[int] = set()
    turn: List[int] = []  # the rows of the current turn, from its user message on
    inside = ending = False
    for row_id, type_name, intent, data in rows:
        if type_name == "user":
            inside = inside and not ending
            ending, turn = False, []
            inside = inside or intent == PRIVATE_INTENT
        turn.append(row_id)
        if type_name == "active_loop":
            name = json.loads(data).get("name")
            inside = inside or name == PRIVATE_FORM
            ending = inside and name is None
        if inside:
            doomed.update(turn)
    return sorted(doomed)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_subject_id_people"), type_="foreignkey")
        batch_op.drop_column("subject_id")
