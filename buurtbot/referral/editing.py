"""Changing the referral index from the staff dashboard: add, edit, retire and bring back a partner, import
and export the YAML file, and the history of every change.

Where the truth lives: in the database (the table referral_partners). data/referral_index.yml seeds an empty
database at start-up (index.seed_index) and is the format of the import and the export, so bulk work and the
file in the repository still work: export, edit, import; or export and commit the file. A restart does not
undo the dashboard's changes. The bot reads the table on every question (search.py), so a change counts at once.

The wijk names with their other names (`wijken:` in the file) stay in the file: the NLU model is trained on
them (lookup.py). A partner may only name a wijk from that list; a new wijk is added in the file, and the bot
understands its name after the next training.

Every change writes a ReferralChange row: who (role and first name, and the person's id), what (the changed
fields, old and new) and when. Retired partners stay in the table for that history; the bot never names them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot.referral.index import (
    INDEX_FILE,
    NATIONAL,
    EntryInvalid,
    IndexFileError,
    PartnerEntry,
    check_entry,
    parse_index,
    read_wijken,
)
from buurtbot.referral.search import can_see
from buurtbot.referral.topics import GENERAL, TOPICS
from buurtbot.storage.models import Person, ReferralChange, ReferralPartner, Role
from buurtbot.storage.types import utcnow

FIELDS = (
    "name",
    "description",
    "topics",
    "wijken",
    "phone",
    "email",
    "url",
    "opening_hours",
    "audience",
    "costs_strip",
    "example",
)
LABELS = {
    "key": "Code",
    "name": "Naam",
    "description": "Wat ze doen",
    "topics": "Onderwerpen",
    "wijken": "Wijken",
    "contact": "Bereikbaar via",
    "phone": "Telefoon",
    "email": "E-mail",
    "url": "Website",
    "opening_hours": "Bereikbaar op",
    "audience": "Voor wie",
    "costs_strip": "Kost een strip",
    "example": "Voorbeeld",
    "retired": "Gestopt",
}
TOPIC_LABELS = {**TOPICS, GENERAL: "Algemeen contact van de wijk"}
AUDIENCES = {"public": "Iedereen", "professionals": "Alleen professionals"}
# Paths of the dashboard next to /verwijsindex/<key>: no partner may have these keys.
RESERVED_KEYS = frozenset({"nieuw", "geschiedenis", "importeren"})
ADDED, CHANGED, RETIRED, RESTORED, IMPORTED = "toegevoegd", "gewijzigd", "gestopt", "teruggezet", "geïmporteerd"

# Dutch (B1) per field and check; the checks themselves are the file loader's (index.PartnerEntry).
MESSAGES = {
    ("key", "empty"): "Vul een code in. Gebruik alleen letters, cijfers, - en _.",
    ("key", "key"): "Gebruik alleen letters zonder accent, cijfers, - en _. Dus geen spaties.",
    ("key", "duplicate"): "Er is al een partner met deze code. Kies een andere code.",
    ("key", "reserved"): "Deze code gebruikt het dashboard zelf. Kies een andere code.",
    ("name", "empty"): "Vul de naam in.",
    ("description", "empty"): "Schrijf in een of twee zinnen wat ze doen.",
    ("opening_hours", "empty"): "Vul in wanneer ze bereikbaar zijn.",
    ("topics", "no_topic"): "Kies minstens één onderwerp.",
    ("topics", "unknown_topic"): "Kies alleen onderwerpen uit de lijst.",
    ("wijken", "no_wijk"): "Kies minstens één wijk, of landelijk.",
    ("wijken", "unknown_wijk"): (
        "Deze wijk staat niet in de lijst: {unknown}. Een nieuwe wijk zet je eerst in data/referral_index.yml."
    ),
    ("wijken", "both"): "Kies landelijk, of kies wijken. Niet allebei.",
    ("audience", "audience"): "Kies voor wie dit contact is: iedereen, of alleen professionals.",
    ("email", "email"): "Dit is geen e-mailadres. Een goed adres is bijvoorbeeld info@buurtteam.nl.",
    ("url", "url"): "Een website begint met https://. Bijvoorbeeld https://www.buurtteam.nl.",
    ("contact", "no_contact"): "Vul minstens een telefoonnummer, e-mailadres of website in.",
}
GENERIC = {
    "empty": "Vul dit in.",
    "missing": "Vul dit in.",
    "too_long": "Dit is te lang. Gebruik hoogstens {limit} tekens.",
    "control": "Hier staat een teken in dat ik niet kan bewaren. Typ de tekst opnieuw.",
    "extra": "Dit veld ken ik niet. Haal het weg.",
}
WRONG_KIND = "Dit is niet goed ingevuld. Kijk hoe het in data/referral_index.yml staat."


class PartnerInvalid(Exception):
    """A partner that does not pass the checks: one Dutch message per form field."""

    def __init__(self, errors: Dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ImportInvalid(Exception):
    """An import file that does not pass the checks: Dutch lines naming the entry and the field."""

    def __init__(self, lines: List[str]) -> None:
        super().__init__(" ".join(lines))
        self.lines = lines


@dataclass
class ImportResult:
    added: List[str] = field(default_factory=list)
    changed: List[str] = field(default_factory=list)
    retired: List[str] = field(default_factory=list)
    unchanged: int = 0


def dutch_errors(errors: List[dict]) -> Dict[str, str]:
    """The checks' errors (as index.check_entry gives them) as one Dutch message per form field."""
    result: Dict[str, str] = {}
    for error in errors:
        name = str(error["loc"][0]) if error.get("loc") else "key"
        kind, _, code = str(error.get("type", "")).partition(".")
        if code == "no_contact":
            name = "contact"
        ctx = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in (error.get("ctx") or {}).items()}
        template = MESSAGES.get((name, code)) or GENERIC.get(code) or WRONG_KIND
        result.setdefault(name, template.format(**ctx) if ctx else template)
    return result


def by_name(person: Person) -> str:
    """Who changed something, as the history shows it: role and first name (kept after the person leaves)."""
    role = person.role.value if isinstance(person.role, Role) else str(person.role)
    return f"{role} {person.first_name or ''}".strip()[:120]


def index_wijken() -> List[str]:
    """The wijken a partner may name: those of data/referral_index.yml, which the NLU is trained on."""
    return list(wijken_of_file())


def wijken_of_file() -> Dict[str, List[str]]:
    """The file's `wijken:` list, read again only when the file changed."""
    return _wijken_at(INDEX_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _wijken_at(modified: int) -> Dict[str, List[str]]:
    return read_wijken(INDEX_FILE)


def get_partner(session: Session, key: str) -> Optional[ReferralPartner]:
    if len(key) > 80 or any(unicodedata.category(ch) == "Cc" for ch in key):
        return None  # no partner has such a key, and PostgreSQL refuses a NUL in a query
    return session.execute(select(ReferralPartner).where(ReferralPartner.key == key)).scalar_one_or_none()


def list_partners(
    session: Session, role: Role, wijk: str = "", topic: str = "", retired: bool = False
) -> List[ReferralPartner]:
    """The partners this role may see (search.can_see, as in the chat), by name; a wijk includes national ones."""
    query = select(ReferralPartner).order_by(ReferralPartner.name, ReferralPartner.key)
    if not retired:
        query = query.where(ReferralPartner.retired_at.is_(None))
    return [
        p
        for p in session.execute(query).scalars()
        if can_see(role, p) and (not topic or topic in p.topics) and (not wijk or not p.wijken or wijk in p.wijken)
    ]


def values_of(partner: ReferralPartner) -> Dict[str, Any]:
    """A partner as form values (wijken [] is national)."""
    values = {name: getattr(partner, name) for name in FIELDS}
    values["key"] = partner.key
    values["wijken"] = list(partner.wijken) or [NATIONAL]
    return values


def add_partner(session: Session, person: Person, values: Mapping[str, Any]) -> ReferralPartner:
    """A new partner from form values; raises PartnerInvalid. An empty key is made from the name."""
    values = dict(values)
    typed = str(values.get("key") or "").strip()
    values["key"] = typed or _free_key(session, str(values.get("name") or ""))
    try:
        entry = _checked(values)
    except PartnerInvalid as exc:
        if not typed and "name" in exc.errors:
            exc.errors.pop("key", None)  # the key follows from the name: the name's message says it all
        raise
    errors = {}
    if entry.key in RESERVED_KEYS:
        errors["key"] = MESSAGES[("key", "reserved")]
    elif get_partner(session, entry.key) is not None:
        errors["key"] = MESSAGES[("key", "duplicate")]
    if errors:
        raise PartnerInvalid(errors)
    partner = ReferralPartner(key=entry.key, **_columns(entry))
    session.add(partner)
    _record(session, person, entry.key, ADDED, {name: [None, value] for name, value in _columns(entry).items()})
    return partner


def edit_partner(session: Session, person: Person, partner: ReferralPartner, values: Mapping[str, Any]) -> bool:
    """Saves form values (the key stays); raises PartnerInvalid. Returns whether anything changed."""
    entry = _checked({**values, "key": partner.key})
    changes = _apply(partner, _columns(entry))
    if changes:
        _record(session, person, partner.key, CHANGED, changes)
    return bool(changes)


def retire_partner(session: Session, person: Person, partner: ReferralPartner) -> bool:
    """The bot stops naming the partner; the row stays for the history. Returns whether it changed."""
    if partner.retired_at is not None:
        return False
    partner.retired_at = utcnow()
    _record(session, person, partner.key, RETIRED, {"retired": [False, True]})
    return True


def restore_partner(session: Session, person: Person, partner: ReferralPartner) -> bool:
    if partner.retired_at is None:
        return False
    partner.retired_at = None
    _record(session, person, partner.key, RESTORED, {"retired": [True, False]})
    return True


def history(session: Session, key: Optional[str] = None, limit: int = 200) -> List[ReferralChange]:
    query = select(ReferralChange).order_by(ReferralChange.at.desc(), ReferralChange.id.desc()).limit(limit)
    if key is not None:
        query = query.where(ReferralChange.partner_key == key)
    return list(session.execute(query).scalars())


def import_index(session: Session, person: Person, data: bytes) -> ImportResult:
    """Makes the active partners equal to an index file: all checked first (an invalid file changes nothing),
    then added, changed, brought back or retired, each with a history row. Partners missing from the file are
    retired, not deleted, so their history stays. The file's own `wijken:` list is not used: see the docstring."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        unreadable = "Dit bestand kan ik niet lezen. Bewaar het als tekst (UTF-8) en probeer het opnieuw."
        raise ImportInvalid([unreadable]) from exc
    try:
        entries = parse_index(text, "upload", wijken=index_wijken())
    except IndexFileError as exc:
        raise ImportInvalid(_import_problem(exc)) from exc
    reserved = [e.key for e in entries if e.key in RESERVED_KEYS]
    if reserved:
        raise ImportInvalid([f"Partner {reserved[0]}, veld Code: {MESSAGES[('key', 'reserved')]}"])
    return _apply_import(session, person, entries)


def _apply_import(session: Session, person: Person, entries: List[PartnerEntry]) -> ImportResult:
    result = ImportResult()
    existing = {p.key: p for p in session.execute(select(ReferralPartner)).scalars()}
    for entry in entries:
        partner = existing.pop(entry.key, None)
        if partner is None:
            session.add(ReferralPartner(key=entry.key, **_columns(entry)))
            _record(session, person, entry.key, IMPORTED, {n: [None, v] for n, v in _columns(entry).items()})
            result.added.append(entry.key)
            continue
        changes = _apply(partner, _columns(entry))
        if partner.retired_at is not None:
            partner.retired_at = None
            changes["retired"] = [True, False]
        if changes:
            _record(session, person, entry.key, IMPORTED, changes)
            result.changed.append(entry.key)
        else:
            result.unchanged += 1
    for partner in existing.values():
        if retire_partner(session, person, partner):
            result.retired.append(partner.key)
    return result


def _import_problem(exc: IndexFileError) -> List[str]:
    if exc.entry is None:
        return [
            "Dit bestand kan ik niet lezen als verwijsindex. Het moet dezelfde vorm hebben als data/referral_index.yml, "
            "met een lijst 'partners:'. Exporteer de verwijsindex om een voorbeeld te zien."
        ]
    entry = exc.entry[:80]
    who = f"Partner nummer {entry[1:]}" if entry.startswith("#") else f"Partner {entry}"
    if not exc.errors:
        return [f"{who} heeft geen velden. Kijk of het inspringen klopt."]
    return [f"{who}, veld {LABELS.get(name, name[:40])}: {text}" for name, text in dutch_errors(exc.errors).items()]


def export_index(session: Session) -> str:
    """The active partners and the wijken as data/referral_index.yml: it can replace that file."""
    partners = session.execute(
        select(ReferralPartner).where(ReferralPartner.retired_at.is_(None)).order_by(ReferralPartner.id)
    ).scalars()
    document = {"wijken": wijken_of_file(), "partners": [_exported(p) for p in partners]}
    body = _dump(document)
    return FILE_HEADER + body.replace("\n  - key: ", "\n\n  - key: ").replace("\npartners:\n\n", "\n\npartners:\n")


def _dump(document: Dict[str, Any]) -> str:
    """YAML with the list items indented under their key, as the file in the repository has them. libyaml's
    emitter is 25 times faster than PyYAML's (300 partners: 15 ms instead of 380 ms), but cannot indent them, so
    the partners' block is indented afterwards: indenting a whole block alike keeps its meaning."""
    options = dict(allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    fast = getattr(yaml, "CSafeDumper", None)
    if fast is None:
        return yaml.dump(document, Dumper=_Dumper, **options)
    head, marker, tail = yaml.dump(document, Dumper=fast, **options).partition("\npartners:\n")
    return head + marker + "".join("  " + line if line.strip() else line for line in tail.splitlines(keepends=True))


FILE_HEADER = """\
# Verwijzingsindex: who helps with what, where. The database holds the index (edit it in the staff dashboard,
# /verwijsindex); this file seeds an empty database and is the format of the dashboard's import and export.
#
# Fields of each partner:
#   key            stable id (letters, digits, - and _); never reuse a key for another partner
#   name           as people know it
#   description    one or two short B1 sentences: what they do for you
#   topics         one or more of: huiselijk_geweld ondermijning schulden eenzaamheid overlast
#                  verward_gedrag woningvervuiling jongeren bedreiging zorg verslaving juridisch
#                  reparatie papierwerk gaslucht; and algemeen for the wijk's general contact, who
#                  helps with a need outside the topics (one per wijk: buurtteam or sociaal wijkteam)
#   wijken         a list of wijk names, or "landelijk" for the whole country
#   phone / email / url   at least one of them
#   opening_hours  when they can be reached
#   audience       public (everyone) or professionals (only professionals see it)
#   costs_strip    true when calling them in costs a strip of the strippenkaart
#   example        true for example data of the pilots (not a real contact)
# The wijken of the index, each with the other names people use for it (places, spellings, typos).
# The NLU's wijk lookup table and synonyms (data/nlu/wijken.yml) are generated from this list when the
# model is trained; a new wijk or name here is understood after the next training.

"""


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as the file in the repository does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _exported(partner: ReferralPartner) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"key": partner.key, "name": partner.name, "description": partner.description}
    entry["topics"] = list(partner.topics)
    entry["wijken"] = list(partner.wijken) or NATIONAL
    entry.update({name: getattr(partner, name) for name in ("phone", "email", "url") if getattr(partner, name)})
    entry["opening_hours"] = partner.opening_hours
    entry["audience"] = partner.audience
    entry.update({name: True for name in ("costs_strip", "example") if getattr(partner, name)})
    return entry


def _checked(values: Mapping[str, Any]) -> PartnerEntry:
    """Form values through the file loader's checks; every problem as a Dutch message for its field."""
    raw = {name: values.get(name) for name in ("key", *FIELDS) if values.get(name) not in (None, "")}
    raw.setdefault("topics", [])
    wijken = [w for w in values.get("wijken") or [] if w]
    raw["wijken"] = NATIONAL if wijken == [NATIONAL] else [w for w in wijken if w != NATIONAL]
    for name in ("key", "name", "description", "opening_hours"):
        raw.setdefault(name, "")  # an empty field gets the same message as a field that is only spaces
    try:
        entry = check_entry(raw, index_wijken())
        errors: Dict[str, str] = {}
    except EntryInvalid as exc:
        entry, errors = None, dutch_errors(exc.errors)
    if NATIONAL in wijken and len(wijken) > 1:
        errors.setdefault("wijken", MESSAGES[("wijken", "both")])
    if errors or entry is None:
        raise PartnerInvalid(errors)
    return entry


def _columns(entry: PartnerEntry) -> Dict[str, Any]:
    values = entry.dict()
    values.pop("key")
    return values


def _apply(partner: ReferralPartner, columns: Dict[str, Any]) -> Dict[str, list]:
    changes = {}
    for name, new in columns.items():
        old = getattr(partner, name)
        if old != new:
            changes[name] = [list(old) if isinstance(old, list) else old, new]
            setattr(partner, name, new)
    return changes


def _record(session: Session, person: Person, key: str, action: str, changes: Dict[str, list]) -> None:
    session.add(
        ReferralChange(
            partner_key=key, action=action, changes=changes, by_id=person.id, by_name=by_name(person), at=utcnow()
        )
    )


def _free_key(session: Session, name: str) -> str:
    """A key made from the name ("Buurtteam Zuidwijk" -> "buurtteam-zuidwijk"), unused and not reserved."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())[:70]
    if not slug:
        return ""
    key, number = slug, 1
    while key in RESERVED_KEYS or get_partner(session, key) is not None:
        number += 1
        key = f"{slug}-{number}"
    return key
