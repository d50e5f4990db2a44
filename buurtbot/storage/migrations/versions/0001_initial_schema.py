"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 19:31:19.350199
"""

import sqlalchemy as sa
from alembic import op

import buurtbot.storage.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("wish_count", sa.Integer(), nullable=False),
        sa.Column("signal_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
    )
    op.create_table(
        "off_record_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_off_record_reports")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum("bewoner", "professional", "droommakelaar", "beheerder", name="role", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=True),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("blocked_bot_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("sender_id", name=op.f("uq_people_sender_id")),
    )
    op.create_table(
        "referral_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("wijken", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.String(length=200), nullable=True),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("costs_strip", sa.Boolean(), nullable=False),
        sa.Column("example", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_partners")),
        sa.UniqueConstraint("key", name=op.f("uq_referral_partners_key")),
    )
    op.create_table(
        "dream_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("wish", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=20), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("contribution", sa.Text(), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["digest_id"], ["digests.id"], name=op.f("fk_dream_wishes_digest_id_digests"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_dream_wishes_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dream_wishes")),
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "bewoner",
                "professional",
                "droommakelaar",
                "beheerder",
                name="invite_role",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("wijk", sa.String(length=80), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_invites_created_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["used_by_id"], ["people.id"], name=op.f("fk_invites_used_by_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
    )
    op.create_table(
        "meetups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "voorgesteld",
                "goedgekeurd",
                "afgewezen",
                "geannuleerd",
                name="meetup_status",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name=op.f("ck_meetups_meetup_capacity_positive")),
        sa.ForeignKeyConstraint(
            ["organiser_id"], ["people.id"], name=op.f("fk_meetups_organiser_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetups")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("not_before", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("skipped_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["people.id"], name=op.f("fk_outbox_recipient_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_table(
        "strip_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_strip_cards_strip_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_strip_cards_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strip_cards")),
        sa.UniqueConstraint("person_id", "period", name=op.f("uq_strip_cards_person_id")),
    )
    op.create_table(
        "vetoes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("dossier_ref", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ingediend",
                "in_behandeling",
                "gehonoreerd",
                "afgewezen",
                name="veto_status",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_vetoes_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetoes")),
    )
    op.create_table(
        "youth_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("age BETWEEN 16 AND 27", name=op.f("ck_youth_signups_youth_age_16_27")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_youth_signups_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_youth_signups")),
        sa.UniqueConstraint("person_id", name=op.f("uq_youth_signups_person_id")),
    )
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meetup_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("created_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("party_size > 0", name=op.f("ck_rsvps_rsvp_party_size_positive")),
        sa.ForeignKeyConstraint(
            ["meetup_id"], ["meetups.id"], name=op.f("fk_rsvps_meetup_id_meetups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_rsvps_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
        sa.UniqueConstraint("meetup_id", "person_id", name=op.f("uq_rsvps_meetup_id")),
    )
    op.create_table(
        "strip_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("partner_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("used_at", buurtbot.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"], ["strip_cards.id"], name=op.f("fk_strip_uses_card_id_strip_cards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["referral_partners.id"],
            name=op.f("fk_strip_uses_partner_id_referral_partners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strip_uses")),
    )


def downgrade() -> None:
    op.drop_table("strip_uses")
    op.drop_table("rsvps")
    op.drop_table("youth_signups")
    op.drop_table("vetoes")
    op.drop_table("strip_cards")
    op.drop_table("outbox")
    op.drop_table("meetups")
    op.drop_table("invites")
    op.drop_table("dream_wishes")
    op.drop_table("referral_partners")
    op.drop_table("people")
    op.drop_table("off_record_reports")
    op.drop_table("digests")
