"""Loads data/referral_index.yml into the database: validated first, then replaced in one transaction.

An invalid file raises IndexFileError naming the entry and the field, and changes nothing.
The file also lists every wijk with the other names people use for it (`wijken:`); the NLU's wijk
lookup table and synonyms are generated from that list (buurtbot/referral/lookup.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Union

import yaml

try:  # pydantic 2 (the app environment) still ships the 1.x API, with the same checks and messages
    from pydantic.v1 import BaseModel, Extra, ValidationError, validator
except ImportError:  # pydantic 1.10 (the Rasa environment, pinned by Rasa 3.6)
    from pydantic import BaseModel, Extra, ValidationError, validator  # type: ignore[no-redef]
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from buurtbot.config import PROJECT_ROOT
from buurtbot.referral.topics import GENERAL, TOPICS
from buurtbot.storage.models import ReferralPartner

INDEX_FILE = PROJECT_ROOT / "data" / "referral_index.yml"
NATIONAL = "landelijk"


class IndexFileError(Exception):
    """The index file is invalid; the message names the file, entry and field."""


class PartnerEntry(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True

    key: str
    name: str
    description: str
    topics: List[str]
    wijken: Union[List[str], str]
    phone: Optional[str] = None
    email: Optional[str] = None
    url: Optional[str] = None
    opening_hours: str
    audience: str = "public"
    costs_strip: bool = False
    example: bool = False

    @validator("key")
    def _key_is_slug(cls, value: str) -> str:
        if not value or not all(ch.isalnum() or ch in "-_" for ch in value):
            raise ValueError("use only letters, digits, '-' and '_'")
        return value

    @validator("topics")
    def _known_topics(cls, value: List[str]) -> List[str]:
        unknown = [t for t in value if t not in TOPICS and t != GENERAL]
        if unknown or not value:
            choices = sorted([*TOPICS, GENERAL])
            raise ValueError(
                f"unknown topic(s) {unknown}; choose from {choices}" if unknown else "name at least one topic"
            )
        return value

    @validator("wijken")
    def _wijken(cls, value: Union[List[str], str]) -> List[str]:
        if value == NATIONAL:
            return []
        if isinstance(value, str) or not value:
            raise ValueError(f"give a list of wijk names, or '{NATIONAL}'")
        return value

    @validator("audience")
    def _audience(cls, value: str) -> str:
        if value not in ("public", "professionals"):
            raise ValueError("must be 'public' or 'professionals'")
        return value

    @validator("opening_hours", always=True)
    def _reachable(cls, value: str, values: dict) -> str:
        if not any(values.get(f) for f in ("phone", "email", "url")):
            raise ValueError("give at least one of phone, email or url")
        return value


def _document(path: Path) -> dict:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise IndexFileError(f"{path}: cannot read the file ({exc}).") from exc
    return document if isinstance(document, dict) else {}


def read_wijken(path: Path = INDEX_FILE) -> Dict[str, List[str]]:
    """Each wijk of the index with the other names people use for it (places, spellings)."""
    raw = _document(path).get("wijken")
    if not isinstance(raw, dict) or not all(
        isinstance(a, list) and all(isinstance(x, str) for x in a) for a in raw.values()
    ):
        raise IndexFileError(f"{path}: expected a top-level 'wijken:' mapping of each wijk to a list of other names.")
    return {str(wijk): [alias.strip() for alias in aliases] for wijk, aliases in raw.items()}


def read_index(path: Path = INDEX_FILE) -> List[PartnerEntry]:
    document = _document(path)
    wijken = read_wijken(path)
    raw_entries = document.get("partners")
    if not isinstance(raw_entries, list):
        raise IndexFileError(f"{path}: expected a top-level 'partners:' list.")
    entries, seen = [], set()
    for number, raw in enumerate(raw_entries, start=1):
        label = raw.get("key") if isinstance(raw, dict) and raw.get("key") else f"#{number}"
        if not isinstance(raw, dict):
            raise IndexFileError(f"{path}: entry {label} is not a mapping of fields.")
        try:
            entry = PartnerEntry(**raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"])
            raise IndexFileError(f"{path}: entry {label}, field '{field}': {error['msg']}.") from exc
        if entry.key in seen:
            raise IndexFileError(f"{path}: entry {label}, field 'key': duplicate key.")
        unknown = [w for w in entry.wijken if w not in wijken]
        if unknown:
            raise IndexFileError(
                f"{path}: entry {label}, field 'wijken': {unknown} is not in the 'wijken:' list at the top."
            )
        seen.add(entry.key)
        entries.append(entry)
    return entries


def load_index(session: Session, path: Path = INDEX_FILE) -> int:
    """Makes the partners table equal to the file (insert, update, delete). Returns the count."""
    entries = read_index(path)
    existing = {p.key: p for p in session.execute(select(ReferralPartner)).scalars()}
    for entry in entries:
        partner = existing.pop(entry.key, None) or ReferralPartner(key=entry.key)
        for field, value in entry.dict().items():
            setattr(partner, field, value)
        session.add(partner)
    if existing:
        session.execute(delete(ReferralPartner).where(ReferralPartner.key.in_(list(existing))))
    return len(entries)
