"""Column types shared by all tables."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator):
    """Timezone-aware datetimes, stored as UTC on every backend (SQLite has no time zones).

    Naive datetimes are refused: they are the usual source of off-by-one-hour bugs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store timezone-aware datetimes only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


MAX_ID = 2**31 - 1  # the largest INTEGER: a bigger number is no record, and PostgreSQL would refuse the query


def record_id(value: Any) -> Optional[int]:
    """A record id from a (possibly forged) button payload, form or URL value; None when it cannot be one."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_ID else None


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
