"""The droommakelaar's work list: wishes by wijk, theme, signal and status, newest first, a page at a time.

Wishes with an early signal whose tenant consented to contact come first: someone may need help soon.
A droommakelaar sees the wishes that reach them (their wijk, or every wijk without a droommakelaar of its
own); the beheerder sees every wijk. Contact details show only where the tenant consented.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import tzinfo
from typing import Dict, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dreams.analysis import SIGNALS, THEMES, explain_signals
from buurtbot.dreams.groups import Group, Item, group
from buurtbot.dreams.status import LABEL, NEXT_STEPS, OPEN, may_manage, parse_status
from buurtbot.dreams.wishes import PLACES, SIGNAL_TEXT, droommakelaars_for
from buurtbot.people import reach_link
from buurtbot.safe_text import quoted
from buurtbot.storage.models import DreamWish, Person, Role

PAGE_SIZE = 5
URGENT = "⚠️"
ALL = "alle"
DONE = "afgerond"


@dataclass(frozen=True)
class Filter:
    """What the list shows. `status`: a WishStatus value, "alle", or None for the open wishes."""

    wijk: Optional[str] = None
    theme: Optional[str] = None
    signal: bool = False
    status: Optional[str] = None
    page: int = 1

    @classmethod
    def parse(cls, wijk: object, theme: object, signal: object, status: object, page: object) -> "Filter":
        """From button payloads, which anyone can forge: unknown values are dropped, never trusted."""
        status_text = str(status or "").strip().lower()
        return cls(
            wijk=str(wijk).strip()[:80] if wijk else None,
            theme=str(theme) if theme in THEMES else None,
            signal=str(signal).lower() in ("1", "true", "ja"),
            status=status_text if status_text in (ALL, DONE) or parse_status(status_text) else None,
            page=max(1, _int(page) or 1),
        )

    def args(self, **changes: object) -> Dict[str, str]:
        """This filter (with changes) as button arguments; empty values are left out."""
        changed = replace(self, **changes)
        values = {
            "wijk": changed.wijk,
            "theme": changed.theme,
            "signal": "ja" if changed.signal else None,
            "wish_status": changed.status,
            "page": str(changed.page),
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Page:
    wishes: List[DreamWish]
    number: int
    pages: int
    total: int


def visible(session: Session, viewer: Person, wijk: Optional[str] = None) -> List[DreamWish]:
    query = select(DreamWish)
    if wijk:
        query = query.where(DreamWish.wijk == wijk)
    wishes = list(session.execute(query).scalars())
    if viewer.role == Role.beheerder:
        return wishes
    seen = {w: viewer in droommakelaars_for(session, w) for w in {wish.wijk for wish in wishes}}  # once a wijk
    return [wish for wish in wishes if seen[wish.wijk]]


def may_see(session: Session, viewer: Person, wish: DreamWish) -> bool:
    return viewer.role == Role.beheerder or viewer in droommakelaars_for(session, wish.wijk)


def urgent(wish: DreamWish) -> bool:
    return bool(wish.signals) and wish.contact_consent


def page_of(session: Session, viewer: Person, chosen: Filter) -> Page:
    wishes = [w for w in visible(session, viewer, chosen.wijk) if _matches(w, chosen)]
    wishes.sort(key=lambda w: (not urgent(w), -w.created_at.timestamp(), -w.id))
    pages = max(1, -(-len(wishes) // PAGE_SIZE))
    number = min(chosen.page, pages)
    start = (number - 1) * PAGE_SIZE
    return Page(wishes[start : start + PAGE_SIZE], number, pages, len(wishes))


def _matches(wish: DreamWish, chosen: Filter) -> bool:
    if chosen.theme and chosen.theme not in wish.themes:
        return False
    if chosen.signal and not wish.signals:
        return False
    if chosen.status == ALL:
        return True
    if chosen.status == DONE:
        return wish.status not in OPEN
    if chosen.status:
        return wish.status == parse_status(chosen.status)
    return wish.status in OPEN


def describe_filter(chosen: Filter) -> str:
    parts = [chosen.wijk or "alle wijken"]
    if chosen.theme:
        parts.append(f"thema {chosen.theme}")
    if chosen.signal:
        parts.append("met vroegsignaal")
    status = parse_status(chosen.status)
    parts.append(
        LABEL[status]
        if status
        else {ALL: "alle statussen", DONE: "afgerond"}.get(chosen.status or "", "open (nieuw, opgepakt, bezig)")
    )
    return ", ".join(parts)


def list_line(wish: DreamWish, number: int, zone: tzinfo) -> str:
    mark = f"{URGENT} " if urgent(wish) else ""
    when = wish.created_at.astimezone(zone).strftime("%d-%m")
    return (
        f"{number}. {mark}{when} · {wish.wijk or 'wijk onbekend'} · {', '.join(wish.themes)} · {LABEL[wish.status]}\n"
        f'"{quoted(wish.wish, limit=100)}"'
    )


def render_page(page: Page, chosen: Filter, zone: tzinfo) -> str:
    if not page.total:
        return f"Geen wensen gevonden ({describe_filter(chosen)})."
    head = f"Wensen ({describe_filter(chosen)}): {page.total}, pagina {page.number} van {page.pages}."
    lines = [head]
    if any(urgent(w) for w in page.wishes):
        lines.append(f"{URGENT} = vroegsignaal, en de bewoner wil contact.")
    first = (page.number - 1) * PAGE_SIZE + 1
    lines += [list_line(wish, first + i, zone) for i, wish in enumerate(page.wishes)]
    return "\n\n".join(lines)


def page_buttons(page: Page, chosen: Filter) -> List[dict]:
    """Choices (outbox.choice): open each wish, page back and forth, change the filter."""
    first = (page.number - 1) * PAGE_SIZE + 1
    buttons = [(f"Open {first + i}", "open_wish", {"wish_id": str(w.id)}) for i, w in enumerate(page.wishes)]
    if page.number > 1:
        buttons.append(("◀ Vorige", "show_wishes", chosen.args(page=page.number - 1)))
    if page.number < page.pages:
        buttons.append(("Volgende ▶", "show_wishes", chosen.args(page=page.number + 1)))
    buttons += [(f"Kies {what}", "show_wishes", {**chosen.args(page=1), "pick": what}) for what in PICKS]
    if not chosen.signal:
        buttons.append(("Alleen met signaal", "show_wishes", chosen.args(signal=True, page=1)))
    if chosen.status != DONE:
        buttons.append(("Afgeronde wensen", "show_wishes", chosen.args(status=DONE, page=1)))
    if chosen != Filter(wijk=chosen.wijk):
        buttons.append(("Open wensen", "show_wishes", Filter(wijk=chosen.wijk).args()))
    buttons.append(("Groepen en parels", "show_wish_groups", {}))
    return [outbox.choice(title, does, **args) for title, does, args in buttons]


PICKS = ("thema", "status", "wijk")


def pick_buttons(what: str, chosen: Filter, wijken: List[str]) -> List[dict]:
    """The choices for one filter ("thema", "status" or "wijk"), keeping the rest of the filter."""
    if what == "thema":
        options = [(theme, {"theme": theme}) for theme in THEMES]
    elif what == "status":
        options = [(LABEL[s], {"status": s.value}) for s in LABEL] + [("alle", {"status": ALL})]
    else:
        options = [(wijk, {"wijk": wijk}) for wijk in wijken] + [("alle wijken", {"wijk": None})]
    return [outbox.choice(title, "show_wishes", **chosen.args(page=1, **change)) for title, change in options]


def detail(session: Session, viewer: Person, wish: DreamWish, zone: tzinfo) -> str:
    """One wish in full, with its signals and why they fired; contact only with consent."""
    lines = [
        f"Wens van {wish.created_at.astimezone(zone).strftime('%d-%m-%Y')}, {wish.wijk or 'wijk onbekend'}, "
        f"over {PLACES.get(wish.place, wish.place)}.",
        f'"{quoted(wish.wish, limit=2000, one_line=False)}"',
        f"Thema's: {', '.join(wish.themes)}.",
        f"Status: {LABEL[wish.status]}."
        + (f' Notitie: "{quoted(wish.status_note, limit=500)}"' if wish.status_note else ""),
    ]
    if wish.contribution:
        lines.append(f'Wat de bewoner zelf wil doen: "{quoted(wish.contribution, limit=1000)}"')
    for signal, reason in signal_reasons(wish):
        lines.append(f"{URGENT} Vroegsignaal {SIGNAL_TEXT[signal]}: {reason}")
    lines.append(
        f"Contact: {reach_link(wish.person)}" if wish.contact_consent else "De bewoner wil geen contact: anoniem."
    )
    if not may_manage(session, viewer, wish):
        lines.append("Je kunt deze wens bekijken. De droommakelaar van de wijk past de status aan.")
    return "\n".join(lines)


def signal_reasons(wish: DreamWish) -> List[Tuple[str, str]]:
    """Each stored signal with the words of the wish that made it fire."""
    fired: Dict[str, str] = {}
    for signal, words in explain_signals(wish.wish):
        fired.setdefault(signal, words)
    return [
        (s, f'"{quoted(fired[s], limit=120)}"' if s in fired else "eerder herkend")
        for s in SIGNALS
        if s in wish.signals
    ]


def status_buttons(wish: DreamWish) -> List[dict]:
    return [
        outbox.choice(LABEL[status].capitalize(), "set_wish_status", wish_id=str(wish.id), wish_status=status.value)
        for status in NEXT_STEPS[wish.status]
    ]


def _int(value: object) -> Optional[int]:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def open_groups(
    session: Session, viewer: Person, wijk: Optional[str] = None, seen: Optional[List[DreamWish]] = None
) -> List[Group]:
    """Groups of the open wishes the viewer sees (buurtbot/dreams/groups.py); `seen` when the caller has them."""
    wishes = [w for w in (visible(session, viewer, wijk) if seen is None else seen) if w.status in OPEN]
    return group(Item(w.id, w.wijk, w.wish, tuple(w.themes)) for w in wishes)


def find_group(session: Session, viewer: Person, wijk: object, thing: object) -> Optional[Group]:
    """The viewer's group of `thing` in `wijk`, as button payloads name it; None when there is none (any more)."""
    return next((g for g in open_groups(session, viewer) if g.wijk == wijk and g.thing == thing), None)


def group_buttons(found: Group, may_act: bool) -> List[dict]:
    where = {"wijk": found.wijk or "", "wish_group": found.thing}
    choices = [outbox.choice("Parels die passen", "show_group_pearls", **where)]
    if may_act:
        choices.insert(0, outbox.choice("Plan een bijeenkomst", "plan_for_group", **where))
    return choices
