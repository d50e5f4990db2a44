"""meetup seats taken

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 20:26:47.428855
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seats_taken", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(
            op.f("ck_meetups_meetup_never_overbooked"), "capacity IS NULL OR seats_taken <= capacity"
        )


def downgrade() -> None:
    with op.batch_alter_table("meetups", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meetups_meetup_never_overbooked"), type_="check")
        batch_op.drop_column("seats_taken")
