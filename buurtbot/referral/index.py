"""The referral index file format: validated first, then loaded into the database in one transaction.

The database holds the index; data/referral_index.yml seeds an empty database and is the format of the
dashboard's import and export (buurtbot/referral/editing.py). An invalid file raises IndexFileError naming
the entry and the field, and changes nothing. The file also lists every wijk with the other names people use
for it (`wijken:`); the NLU's wijk lookup table and synonyms are generated from that list
(buurtbot/referral/lookup.py), so a partner may only name a wijk from it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Collection, Dict, List, Optional, Tuple, Union

import yaml

try:  # pydantic 2 (the app environment) still ships the 1.x API, with the same checks and messages
    from pydantic.v1 import BaseModel, Extra, ValidationError, validator
    from pydantic.v1.errors import PydanticValueError
except ImportError:  # pydantic 1.10 (the Rasa environment, pinned by Rasa 3.6)
    from pydantic import BaseModel, Extra, ValidationError, validator  # type: ignore[no-redef]
    from pydantic.errors import PydanticValueError  # type: ignore[no-redef]
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from buurtbot.config import PROJECT_ROOT
from buurtbot.referral.topics import GENERAL, TOPICS
from buurtbot.storage.models import ReferralPartner

INDEX_FILE = PROJECT_ROOT / "data" / "referral_index.yml"
NATIONAL = "landelijk"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same safe loader, in C where libyaml is there
# The longest text each field may hold: the column sizes of ReferralPartner (descriptions are Text).
MAX_LENGTH = {"key": 80, "name": 200, "description": 2000, "phone": 40, "email": 200, "url": 300, "opening_hours": 200}


class IndexFileError(Exception):
    """The index file is invalid; the message names the file, entry and field. `entry`, `field` and `errors`
    (as from `check_entry`) say the same as data, so the dashboard can say it in Dutch."""

    def __init__(self, message: str, entry: Optional[str] = None, errors: Optional[List[dict]] = None) -> None:
        super().__init__(message)
        self.entry, self.errors = entry, errors or []


class EntryInvalid(Exception):
    """One partner entry is invalid: `errors` as pydantic gives them ({loc, msg, type, ctx}), every field."""

    def __init__(self, errors: List[dict]) -> None:
        super().__init__(errors[0]["msg"])
        self.errors = errors


# Each check has a code (error type "value_error.<code>"), so messages can be translated per field and per check.
class _Invalid(PydanticValueError):
    code, msg_template = "invalid", "invalid"


class BadKey(_Invalid):
    code, msg_template = "key", "use only letters, digits, '-' and '_'"


class Empty(_Invalid):
    code, msg_template = "empty", "must not be empty"


class TooLong(_Invalid):
    code, msg_template = "too_long", "at most {limit} characters"


class ControlCharacter(_Invalid):
    code, msg_template = "control", "contains a control character"


class UnknownTopic(_Invalid):
    code, msg_template = "unknown_topic", "unknown topic(s) {unknown}; choose from {choices}"


class NoTopic(_Invalid):
    code, msg_template = "no_topic", "name at least one topic"


class NoWijk(_Invalid):
    code, msg_template = "no_wijk", "give a list of wijk names, or 'landelijk'"


class UnknownWijk(_Invalid):
    code, msg_template = "unknown_wijk", "{unknown} is not in the 'wijken:' list at the top"


class BadAudience(_Invalid):
    code, msg_template = "audience", "must be 'public' or 'professionals'"


class BadEmail(_Invalid):
    code, msg_template = "email", "not an e-mail address"


class BadUrl(_Invalid):
    code, msg_template = "url", "must start with https:// or http://"


class NoContact(_Invalid):
    code, msg_template = "no_contact", "give at least one of phone, email or url"


class DuplicateKey(_Invalid):
    code, msg_template = "duplicate", "duplicate key"


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

    @validator("key", "name", "description", "phone", "email", "url", "opening_hours")
    def _storable_text(cls, value: Optional[str], field: Any) -> Optional[str]:
        if value is None:
            return None
        if not value and field.name not in ("phone", "email", "url"):
            raise Empty()
        if len(value) > MAX_LENGTH[field.name]:
            raise TooLong(limit=MAX_LENGTH[field.name])
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise ControlCharacter()  # a database refuses NUL, and nobody types a control character on purpose
        return value or None

    @validator("key")
    def _key_is_slug(cls, value: str) -> str:
        if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in value):
            raise BadKey()
        return value

    @validator("topics")
    def _known_topics(cls, value: List[str]) -> List[str]:
        unknown = [t for t in value if t not in TOPICS and t != GENERAL]
        if unknown:
            raise UnknownTopic(unknown=unknown, choices=sorted([*TOPICS, GENERAL]))
        if not value:
            raise NoTopic()
        return value

    @validator("wijken")
    def _wijken(cls, value: Union[List[str], str]) -> List[str]:
        if value == NATIONAL:
            return []
        if isinstance(value, str) or not value:
            raise NoWijk()
        return value

    @validator("audience")
    def _audience(cls, value: str) -> str:
        if value not in ("public", "professionals"):
            raise BadAudience()
        return value

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        if value and (value.count("@") != 1 or " " in value or not all(value.split("@"))):
            raise BadEmail()
        return value

    @validator("url")
    def _url(cls, value: Optional[str]) -> Optional[str]:
        if value and (not value.startswith(("https://", "http://")) or " " in value):
            raise BadUrl()
        return value

    @validator("opening_hours", always=True)
    def _reachable(cls, value: str, values: dict) -> str:
        if not any(values.get(f) for f in ("phone", "email", "url")):
            raise NoContact()
        return value


def check_entry(raw: Dict[str, Any], wijken: Collection[str]) -> PartnerEntry:
    """One partner, checked as the file loader and the dashboard both check it; raises EntryInvalid
    with every field's problem at once."""
    errors: List[dict] = []
    try:
        entry: Optional[PartnerEntry] = PartnerEntry(**raw)
    except ValidationError as exc:
        entry, errors = None, exc.errors()
    named = raw.get("wijken")
    unknown = [w for w in named if isinstance(w, str) and w.strip() not in wijken] if isinstance(named, list) else []
    if unknown and not any(e["loc"][0] == "wijken" for e in errors):
        error = UnknownWijk(unknown=unknown)
        errors.append(
            {"loc": ("wijken",), "msg": str(error), "type": f"value_error.{error.code}", "ctx": {"unknown": unknown}}
        )
    if errors or entry is None:
        raise EntryInvalid(errors)
    return entry


def _document(text: str, source: str) -> dict:
    try:
        document = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise IndexFileError(f"{source}: cannot read the file ({exc}).") from exc
    return document if isinstance(document, dict) else {}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexFileError(f"{path}: cannot read the file ({exc}).") from exc


def _wijken_of(document: dict, source: str) -> Dict[str, List[str]]:
    raw = document.get("wijken")
    if not isinstance(raw, dict) or not all(
        isinstance(a, list) and all(isinstance(x, str) for x in a) for a in raw.values()
    ):
        raise IndexFileError(f"{source}: expected a top-level 'wijken:' mapping of each wijk to a list of other names.")
    return {str(wijk): [alias.strip() for alias in aliases] for wijk, aliases in raw.items()}


def read_wijken(path: Path = INDEX_FILE) -> Dict[str, List[str]]:
    """Each wijk of the index with the other names people use for it (places, spellings)."""
    return _wijken_of(_document(_read(path), str(path)), str(path))


def parse_index(text: str, source: str, wijken: Optional[Collection[str]] = None) -> List[PartnerEntry]:
    """Every partner of an index file's text, all checked. `wijken`: the wijken partners may name (default: the
    text's own `wijken:` list; an import checks against the repository's list, which the NLU is trained on)."""
    document = _document(text, source)
    known = _wijken_of(document, source) if wijken is None else wijken
    raw_entries = document.get("partners")
    if not isinstance(raw_entries, list):
        raise IndexFileError(f"{source}: expected a top-level 'partners:' list.")
    entries: List[PartnerEntry] = []
    seen = set()
    for number, raw in enumerate(raw_entries, start=1):
        label = str(raw.get("key")) if isinstance(raw, dict) and raw.get("key") else f"#{number}"
        if not isinstance(raw, dict):
            raise IndexFileError(f"{source}: entry {label} is not a mapping of fields.", entry=label)
        try:
            entry = check_entry({str(k): v for k, v in raw.items()}, known)
        except EntryInvalid as exc:
            field, message = _where(exc.errors[0]), exc.errors[0]["msg"]
            raise IndexFileError(f"{source}: entry {label}, field '{field}': {message}.", label, exc.errors) from exc
        if entry.key in seen:
            error = {"loc": ("key",), "msg": "duplicate key", "type": "value_error.duplicate"}
            raise IndexFileError(f"{source}: entry {label}, field 'key': duplicate key.", label, [error])
        seen.add(entry.key)
        entries.append(entry)
    return entries


def _where(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"])


def read_index(path: Path = INDEX_FILE) -> List[PartnerEntry]:
    return parse_index(_read(path), str(path))


def load_index(session: Session, path: Path = INDEX_FILE) -> int:
    """Makes the partners table equal to the file (insert, update, delete), without history: for tests and
    seeding. The dashboard's import (editing.import_index) retires instead of deleting, and keeps history."""
    entries = read_index(path)
    existing = {p.key: p for p in session.execute(select(ReferralPartner)).scalars()}
    for entry in entries:
        partner = existing.pop(entry.key, None) or ReferralPartner(key=entry.key)
        for field, value in entry.dict().items():
            setattr(partner, field, value)
        partner.retired_at = None
        session.add(partner)
    if existing:
        session.execute(delete(ReferralPartner).where(ReferralPartner.key.in_(list(existing))))
    return len(entries)


def seed_index(session: Session, path: Path = INDEX_FILE) -> Tuple[bool, int]:
    """Loads the file only into an empty partners table: after that the database holds the index, and a
    restart must not undo the dashboard's changes. Returns (seeded, number of partners)."""
    count = session.execute(select(func.count(ReferralPartner.id))).scalar() or 0
    if count:
        return False, count
    return True, load_index(session, path)
