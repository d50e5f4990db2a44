"""wishes have a status, personal pearls, help asks

From dream to deed: a wish gets a status and the droommakelaar's note; tenants offer what they can do
(pearls); a droommakelaar's yes-or-no question to a tenant is kept until it is answered (help asks).
The role "ervaringsdeskundige" needs no change: roles are stored as plain strings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 21:36:20.037568
"""

import sqlalchemy as sa
from alembic import op

import buurtbot.storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pearls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("offer", sa.Text(), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_pearls_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pearls")),
    )
    op.create_table(
        "help_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=False),
        sa.Column("pearl_id", sa.Integer(), nullable=True),
        sa.Column("wish_id", sa.Integer(), nullable=True),
        sa.Column("helper_id", sa.Integer(), nullable=True),
        sa.Column("about", sa.String(length=200), nullable=True),
        sa.Column("answer", sa.Boolean(), nullable=True),
        sa.Column("asked_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["people.id"], name=op.f("fk_help_asks_asked_by_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["helper_id"], ["people.id"], name=op.f("fk_help_asks_helper_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["pearl_id"], ["pearls.id"], name=op.f("fk_help_asks_pearl_id_pearls"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["people.id"], name=op.f("fk_help_asks_tenant_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["dream_wishes.id"], name=op.f("fk_help_asks_wish_id_dream_wishes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_asks")),
    )
    with op.batch_alter_table("dream_wishes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    "nieuw",
                    "opgepakt",
                    "in_uitvoering",
                    "gelukt",
                    "lukt_niet",
                    name="wish_status",
                    native_enum=False,
                    length=20,
                ),
                server_default="nieuw",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("status_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("status_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dream_wishes", schema=None) as batch_op:
        batch_op.drop_column("status_at")
        batch_op.drop_column("status_note")
        batch_op.drop_column("status")

    op.drop_table("help_asks")
    op.drop_table("pearls")
