"""The Parelketting's pearls: places in the wijk (data/pearls.yml) and what tenants can and want to do.

A personal pearl is kept with its wijk and the tenant's consent, and the tenant can withdraw it. The
droommakelaar sees, per group of wishes, the pearls of that wijk that fit: they name the same thing, share a
rarer word, or share a theme. Asking a tenant to help goes through buurtbot/dreams/asks.py: nothing about
them is shared before they say yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot.config import PROJECT_ROOT
from buurtbot.dreams.analysis import classify_themes
from buurtbot.dreams.groups import THINGS, Group, thing_of, words_of
from buurtbot.people import delete_own
from buurtbot.safe_text import plain
from buurtbot.storage.models import DreamWish, Pearl, Person

PLACES_FILE = PROJECT_ROOT / "data" / "pearls.yml"
OFFER_LENGTH = 300
PLACE_KINDS = ("buurthuis", "ruimte", "tuin", "school", "buiten", "winkel")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    about: Tuple[str, ...]
    example: bool = False


def places_in(wijk: Optional[str], thing: Optional[str] = None, path: Path = PLACES_FILE) -> List[Place]:
    """The wijk's places; those that fit `thing` first."""
    places = _places(path).get(wijk or "", [])
    return sorted(places, key=lambda place: thing not in place.about)


@lru_cache(maxsize=4)
def _places(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    places = {}
    for wijk, entries in (data.get("places") or {}).items():
        places[wijk] = [_place(wijk, entry) for entry in entries]
    return places


def _place(wijk: str, entry: dict) -> Place:
    """One place; a wrong entry stops with the wijk and name, so the file is fixed before it is used."""
    name, kind, about = str(entry.get("name") or ""), entry.get("kind"), tuple(entry.get("about") or ())
    problems = [
        "a name of 1 to 40 characters" if not 0 < len(name) <= 40 else "",
        f"kind one of {', '.join(PLACE_KINDS)}" if kind not in PLACE_KINDS else "",
        f"about only things of groups.THINGS (not {[a for a in about if a not in THINGS]})"
        if any(a not in THINGS for a in about)
        else "",
    ]
    if any(problems):
        raise ValueError(f"data/pearls.yml, {wijk} {name!r}: needs {'; '.join(p for p in problems if p)}")
    return Place(name, kind, about, bool(entry.get("example")))


def offer(session: Session, person: Person, text: str, wijk: Optional[str], consent: bool) -> Pearl:
    pearl = Pearl(
        person_id=person.id,
        offer=plain(text, limit=OFFER_LENGTH),
        wijk=wijk,
        themes=classify_themes(text),
        contact_consent=consent,
    )
    session.add(pearl)
    session.flush()
    return pearl


def pearls_of(session: Session, person: Person) -> List[Pearl]:
    return list(session.execute(select(Pearl).where(Pearl.person_id == person.id).order_by(Pearl.id)).scalars())


def withdraw(session: Session, person: Person, pearl_id: int) -> bool:
    return delete_own(session, person, Pearl, pearl_id)


def fitting(session: Session, group: Group) -> List[Pearl]:
    """The wijk's pearls that fit the group, best first; only those whose tenant may be asked."""
    wishes = [session.get(DreamWish, wish_id) for wish_id in group.ids]
    themes = {theme for wish in wishes if wish for theme in wish.themes} - {"anders"}
    words = {group.thing} | set().union(*(words_of(w.wish) for w in wishes if w))
    in_wijk = session.execute(
        select(Pearl).where(Pearl.wijk == group.wijk, Pearl.contact_consent.is_(True)).order_by(Pearl.id.desc())
    ).scalars()
    scored = [(_fit(pearl, group.thing, words, themes), pearl) for pearl in in_wijk]
    return [pearl for score, pearl in sorted(scored, key=lambda pair: -pair[0]) if score > 0]


def _fit(pearl: Pearl, thing: str, words: set, themes: set) -> int:
    if thing_of(pearl.offer) == thing:
        return 3
    if words_of(pearl.offer) & words:
        return 2
    return 1 if set(pearl.themes) & themes else 0
