"""All tables of Buurtbot. The schema itself is created and changed by Alembic migrations
(buurtbot/storage/migrations); these classes only map it.

Privacy rules built into the schema:
- off-the-record reports have no column that points to a person, and only a coarse date;
- everything personal hangs off `people` with ON DELETE CASCADE, so deleting a person deletes it all,
  including pushed messages to others that quote them (`OutboxMessage.subject_id`).
"""

from __future__ import annotations

import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

from buurtbot.storage.types import UtcDateTime, utcnow

# Named constraints, so later migrations can alter them (SQLite batch mode needs the names).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=NAMING))


class Role(str, enum.Enum):
    bewoner = "bewoner"
    professional = "professional"
    droommakelaar = "droommakelaar"
    beheerder = "beheerder"
    ervaringsdeskundige = "ervaringsdeskundige"  # a resident with lived experience who volunteers (by invite)


def _enum(cls: type, name: str) -> Enum:
    # Store the value as a plain string with a CHECK constraint: portable across SQLite and PostgreSQL.
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e], length=20)


class Person(Base):
    __tablename__ = "people"
    id = Column(Integer, primary_key=True)
    sender_id = Column(String(64), nullable=False, unique=True)  # Telegram user id, or "terminal:<name>"
    role = Column(_enum(Role, "role"), nullable=False, default=Role.bewoner)
    wijk = Column(String(80))
    first_name = Column(String(80))
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    last_seen_at = Column(UtcDateTime)
    blocked_bot_at = Column(UtcDateTime)  # set when Telegram says the user blocked the bot


class Invite(Base):
    __tablename__ = "invites"
    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)  # sha256 of the code; the code itself is never stored
    role = Column(_enum(Role, "invite_role"), nullable=False)
    wijk = Column(String(80))
    created_by_id = Column(Integer, ForeignKey("people.id", ondelete="SET NULL"))
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    expires_at = Column(UtcDateTime, nullable=False)
    used_at = Column(UtcDateTime)
    used_by_id = Column(Integer, ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at = Column(UtcDateTime)  # revoked by a beheerder (dashboard): it can no longer be redeemed


class ReferralPartner(Base):
    __tablename__ = "referral_partners"
    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)  # stable id from data/referral_index.yml
    name = Column(String(200), nullable=False)
    description = Column(Text, nullable=False)
    topics = Column(JSON, nullable=False)  # list of canonical topic names
    wijken = Column(JSON, nullable=False)  # list of wijk names; empty list = national
    phone = Column(String(40))
    email = Column(String(200))
    url = Column(String(300))
    opening_hours = Column(String(200))
    audience = Column(String(20), nullable=False)  # "public" or "professionals"
    costs_strip = Column(Boolean, nullable=False, default=False)
    example = Column(Boolean, nullable=False, default=False)  # example data for the pilots, not a real contact
    retired_at = Column(UtcDateTime)  # retired partners stay for the history, but the bot no longer names them


class ReferralChange(Base):
    """Who changed which partner, when, and how (buurtbot/referral/editing.py). Kept as long as the index."""

    __tablename__ = "referral_changes"
    id = Column(Integer, primary_key=True)
    partner_key = Column(String(80), nullable=False, index=True)
    action = Column(String(20), nullable=False)  # "toegevoegd", "gewijzigd", "gestopt", "geïmporteerd"
    changes = Column(JSON, nullable=False)  # {field: [old, new]}
    by_id = Column(Integer, ForeignKey("people.id", ondelete="SET NULL"))
    by_name = Column(String(120), nullable=False)  # a staff member's role and first name, kept after they leave
    at = Column(UtcDateTime, nullable=False, default=utcnow)


class WrongCode(Base):
    """A wrong invite code typed (buurtbot/invites.py): counted in the database, so every action server sees the
    same tries. Only a hash of the sender; deleted after a day, and at /vergeet_mij."""

    __tablename__ = "wrong_invite_codes"
    id = Column(Integer, primary_key=True)
    who = Column(String(64), nullable=False, index=True)  # sha256 of the sender id
    at = Column(UtcDateTime, nullable=False, default=utcnow)


class JobRun(Base):
    """One row per periodic job and period (worker/runs.py): with several workers, the one whose row is stored
    runs the job; the others find the row and skip it. Rows older than a month are deleted by retention."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period"),)
    id = Column(Integer, primary_key=True)
    job = Column(String(40), nullable=False)
    period = Column(String(40), nullable=False)  # e.g. "2026-12-07" for a daily job, the fire time for the digest
    ran_at = Column(UtcDateTime, nullable=False, default=utcnow)


class DashboardLink(Base):
    """A one-time sign-in link for the staff dashboard (buurtbot/web_access.py); only its hash is stored."""

    __tablename__ = "dashboard_links"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    expires_at = Column(UtcDateTime, nullable=False)
    used_at = Column(UtcDateTime)


class DashboardSession(Base):
    """A signed-in browser. It holds the role and wijk it was opened with: when either changes, it ends."""

    __tablename__ = "dashboard_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    role = Column(String(20), nullable=False)
    wijk = Column(String(80))
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    last_seen_at = Column(UtcDateTime, nullable=False, default=utcnow)


class StripCard(Base):
    __tablename__ = "strip_cards"
    __table_args__ = (
        UniqueConstraint("person_id", "period"),
        CheckConstraint("balance >= 0", name="strip_balance_not_negative"),
    )
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    period = Column(String(10), nullable=False)  # e.g. "2026-Q4"
    balance = Column(Integer, nullable=False)
    uses = relationship("StripUse", cascade="all, delete-orphan", passive_deletes=True)


class StripUse(Base):
    __tablename__ = "strip_uses"
    id = Column(Integer, primary_key=True)
    card_id = Column(Integer, ForeignKey("strip_cards.id", ondelete="CASCADE"), nullable=False)
    partner_id = Column(Integer, ForeignKey("referral_partners.id", ondelete="SET NULL"))
    partner_name = Column(String(200), nullable=False)
    reason = Column(String(500), nullable=False)
    used_at = Column(UtcDateTime, nullable=False, default=utcnow)


class OffRecordReport(Base):
    """Never linked to a person: no person column, and only the day, not the time, of arrival."""

    __tablename__ = "off_record_reports"
    id = Column(Integer, primary_key=True)
    story = Column(Text, nullable=False)
    wijk = Column(String(80))
    happened_on = Column(Date)
    received_on = Column(Date, nullable=False)
    contact = Column(String(200))  # only when the professional chose to leave a contact


class VetoStatus(str, enum.Enum):
    ingediend = "ingediend"
    in_behandeling = "in_behandeling"
    gehonoreerd = "gehonoreerd"
    afgewezen = "afgewezen"


class Veto(Base):
    __tablename__ = "vetoes"
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    decision = Column(Text, nullable=False)
    dossier_ref = Column(String(80))
    reason = Column(Text, nullable=False)
    status = Column(_enum(VetoStatus, "veto_status"), nullable=False, default=VetoStatus.ingediend)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    updated_at = Column(UtcDateTime, nullable=False, default=utcnow)


class Digest(Base):
    __tablename__ = "digests"
    id = Column(Integer, primary_key=True)
    wijk = Column(String(80))
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    wish_count = Column(Integer, nullable=False, default=0)
    signal_count = Column(Integer, nullable=False, default=0)


class WishStatus(str, enum.Enum):
    nieuw = "nieuw"
    opgepakt = "opgepakt"
    in_uitvoering = "in_uitvoering"
    gelukt = "gelukt"
    lukt_niet = "lukt_niet"


class DreamWish(Base):
    __tablename__ = "dream_wishes"
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    wish = Column(Text, nullable=False)
    place = Column(String(20), nullable=False)  # "woning", "straat" or "wijk"
    wijk = Column(String(80))
    contribution = Column(Text)
    contact_consent = Column(Boolean, nullable=False)
    themes = Column(JSON, nullable=False, default=list)
    signals = Column(JSON, nullable=False, default=list)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    digest_id = Column(Integer, ForeignKey("digests.id", ondelete="SET NULL"))  # the one digest it appeared in
    status = Column(_enum(WishStatus, "wish_status"), nullable=False, default=WishStatus.nieuw)
    status_note = Column(Text)  # the droommakelaar's last note to the tenant ("lukt niet": the reason)
    status_at = Column(UtcDateTime)
    person = relationship("Person")


class Pearl(Base):
    """A personal pearl of the Parelketting: what a tenant can and wants to do for the wijk."""

    __tablename__ = "pearls"
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    offer = Column(Text, nullable=False)
    wijk = Column(String(80))
    themes = Column(JSON, nullable=False, default=list)
    contact_consent = Column(Boolean, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    person = relationship("Person")


class HelpAsk(Base):
    """A droommakelaar's question, answered by one tenant with yes or no; nothing is shared before the yes.

    kind "parel": may the droommakelaar reach the pearl's tenant to help with `about` (a group of wishes)?
    kind "ervaringsdeskundige": may `helper` (an ervaringsdeskundige) get in touch about the tenant's wish?"""

    __tablename__ = "help_asks"
    id = Column(Integer, primary_key=True)
    kind = Column(String(20), nullable=False)
    tenant_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)  # who answers
    asked_by_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    pearl_id = Column(Integer, ForeignKey("pearls.id", ondelete="CASCADE"))
    wish_id = Column(Integer, ForeignKey("dream_wishes.id", ondelete="CASCADE"))
    helper_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"))
    about = Column(String(200))
    answer = Column(Boolean)  # None: not answered yet
    asked_at = Column(UtcDateTime, nullable=False, default=utcnow)
    answered_at = Column(UtcDateTime)


class MeetupStatus(str, enum.Enum):
    voorgesteld = "voorgesteld"
    goedgekeurd = "goedgekeurd"
    afgewezen = "afgewezen"
    geannuleerd = "geannuleerd"


class Meetup(Base):
    __tablename__ = "meetups"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="meetup_capacity_positive"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="meetup_never_overbooked"),
    )
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    starts_at = Column(UtcDateTime, nullable=False)
    place = Column(String(200), nullable=False)
    wijk = Column(String(80), nullable=False)
    description = Column(Text)
    capacity = Column(Integer)  # None = no limit
    seats_taken = Column(Integer, nullable=False, default=0, server_default="0")  # kept in step with the RSVPs
    organiser_id = Column(Integer, ForeignKey("people.id", ondelete="SET NULL"))
    status = Column(_enum(MeetupStatus, "meetup_status"), nullable=False, default=MeetupStatus.voorgesteld)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    rsvps = relationship("Rsvp", cascade="all, delete-orphan", passive_deletes=True)


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("meetup_id", "person_id"),
        CheckConstraint("party_size > 0", name="rsvp_party_size_positive"),
    )
    id = Column(Integer, primary_key=True)
    meetup_id = Column(Integer, ForeignKey("meetups.id", ondelete="CASCADE"), nullable=False)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    party_size = Column(Integer, nullable=False, default=1)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)


class YouthSignup(Base):
    __tablename__ = "youth_signups"
    __table_args__ = (CheckConstraint("age BETWEEN 16 AND 27", name="youth_age_16_27"),)
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, unique=True)
    age = Column(Integer, nullable=False)
    interests = Column(Text, nullable=False)
    school = Column(String(200))
    contact_consent = Column(Boolean, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)


class OutboxMessage(Base):
    """A message to push to a user. Written in the same transaction as the data it is about;
    delivered by the front end. `key` makes a second enqueue of the same logical message a no-op."""

    __tablename__ = "outbox"
    id = Column(Integer, primary_key=True)
    key = Column(String(200), nullable=False, unique=True)
    recipient_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    # The person the message quotes or is about, when that is someone else: forgetting them deletes it.
    # Never set for off-the-record copies, which must not point to anyone.
    subject_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"))
    kind = Column(String(40), nullable=False)  # e.g. "reminder", "digest", "signal", "notification"
    payload = Column(JSON, nullable=False)  # {"text": ..., "buttons": [...], "image": ..., "document": ...}
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    not_before = Column(UtcDateTime, nullable=False, default=utcnow)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UtcDateTime, nullable=False, default=utcnow)
    last_error = Column(String(500))
    delivered_at = Column(UtcDateTime)
    skipped_at = Column(UtcDateTime)  # not deliverable (recipient blocked the bot); kept for the record
