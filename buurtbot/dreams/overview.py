"""The wishes as the staff dashboard shows them: the work list's filter plus a period, longer pages, themes per
month for the chart, a CSV export, and the groups with the pearls that fit them.

Who sees which wish is worklist.visible/may_see, and who may change a status is status.may_manage: the same
rules as the chat. Contact details appear only where the tenant consented; pearl holders are never named.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from buurtbot.dates import parse_past_day
from buurtbot.dreams import pearls
from buurtbot.dreams.analysis import THEMES
from buurtbot.dreams.groups import Group
from buurtbot.dreams.status import LABEL
from buurtbot.dreams.wishes import SIGNAL_TEXT
from buurtbot.dreams.worklist import Filter, Page, _matches, may_see, open_groups, urgent, visible
from buurtbot.people import reach_link
from buurtbot.safe_text import csv_cell, plain
from buurtbot.storage.models import DreamWish, Pearl, Person
from buurtbot.storage.types import record_id, utcnow

PAGE_SIZE = 25
LAST_DAYS = (7, 30, 90)
MONTHS = 12
MAX_PEARLS = 5
MARKERS = "osD^v<>ph"  # one shape per theme: the lines differ by more than colour
BAD_DATE = "Deze datum kan ik niet lezen. Schrijf hem zo: 31-12-2025. Een datum in de toekomst kan niet."


@dataclass(frozen=True)
class Period:
    """Local days, both included; None is open-ended."""

    start: Optional[date] = None
    end: Optional[date] = None

    def holds(self, wish: DreamWish, zone: tzinfo) -> bool:
        day = wish.created_at.astimezone(zone).date()
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    last: Optional[int]  # 7, 30 or 90 when one of those was chosen
    problems: Tuple[Tuple[str, str], ...]  # (field, Dutch message)


def parse_period(last: str, start: str, end: str, zone: tzinfo, now: Optional[datetime] = None) -> PeriodChoice:
    """The period from a form: "the last N days", or a start and an end date (typed, or from a date field)."""
    now = now or utcnow()
    today = now.astimezone(zone).date()
    days = int(last) if last.isdigit() and int(last) in LAST_DAYS else None
    problems = []
    start_day, end_day = _day(start, now, zone), _day(end, now, zone)
    if start and start_day is None:
        problems.append(("van", BAD_DATE))
    if end and end_day is None:
        problems.append(("tot", BAD_DATE))
    if days:  # the quick choice wins over a typed start
        start_day = today - timedelta(days=days - 1)
    if start_day and end_day and start_day > end_day:
        problems.append(("tot", "De einddatum ligt voor de begindatum. Kies een latere einddatum."))
        end_day = None
    return PeriodChoice(Period(start_day, end_day), days, tuple(problems))


def _day(text: str, now: datetime, zone: tzinfo) -> Optional[date]:
    return parse_past_day(text, now, zone) if text else None


def matching(session: Session, viewer: Person, chosen: Filter, period: Period, zone: tzinfo) -> List[DreamWish]:
    """The wishes the viewer sees that fit the filter and period: signals with consent first, then newest."""
    wishes = [w for w in visible(session, viewer, chosen.wijk) if _matches(w, chosen) and period.holds(w, zone)]
    wishes.sort(key=lambda w: (not urgent(w), -w.created_at.timestamp(), -w.id))
    return wishes


def page_of(wishes: List[DreamWish], number: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, -(-len(wishes) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(wishes[start : start + size], number, pages, len(wishes))


def wijken(session: Session, viewer: Person) -> List[str]:
    return sorted({w.wijk for w in visible(session, viewer) if w.wijk})


def find(session: Session, viewer: Person, raw_id: str) -> Optional[DreamWish]:
    """The wish with this id when the viewer may see it; None otherwise, so another wijk's wish looks absent."""
    wish_id = record_id(raw_id)
    if wish_id is None:
        return None
    wish = session.get(DreamWish, wish_id)
    return wish if wish is not None and may_see(session, viewer, wish) else None


def contact(wish: DreamWish) -> Optional[str]:
    return reach_link(wish.person) if wish.contact_consent else None


def themes_per_month(
    wishes: List[DreamWish], zone: tzinfo, now: Optional[datetime] = None, months: int = MONTHS
) -> List[Tuple[date, Counter]]:
    """(first day of the month, wishes per theme) for the last `months` months, oldest first, empty months too."""
    today = (now or utcnow()).astimezone(zone).date()
    firsts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    counts = {first: Counter() for first in firsts}
    for wish in wishes:
        first = wish.created_at.astimezone(zone).date().replace(day=1)
        if first in counts:
            counts[first].update(wish.themes)
    return [(first, counts[first]) for first in firsts]


def _month_start(today: date, back: int) -> date:
    month = today.year * 12 + today.month - 1 - back
    return date(month // 12, month % 12 + 1, 1)


def render_csv(session: Session, wishes: List[DreamWish], zone: tzinfo) -> str:
    """Every text a person wrote goes through csv_cell: a spreadsheet must not run it as a formula."""
    # The consenting tenants in one query, not one per row (1,000 wishes: 100 ms less).
    consenting = {p.id: p for p in _people(session, {w.person_id for w in wishes if w.contact_consent})}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["nummer", "datum", "wijk", "plek", "wens", "thema's", "signalen", "zelf doen", "status", "notitie", "contact"]
    )
    for wish in wishes:
        writer.writerow(
            [
                wish.id,
                wish.created_at.astimezone(zone).strftime("%Y-%m-%d"),
                csv_cell(wish.wijk or ""),
                wish.place,
                csv_cell(plain(wish.wish, limit=5000)),
                ", ".join(wish.themes),
                ", ".join(SIGNAL_TEXT.get(s, s) for s in wish.signals),
                csv_cell(plain(wish.contribution or "", limit=5000)),
                LABEL[wish.status],
                csv_cell(plain(wish.status_note or "", limit=1000)),
                reach_link(consenting[wish.person_id]) if wish.person_id in consenting else "",
            ]
        )
    return buffer.getvalue()


def _people(session: Session, ids: set) -> List[Person]:
    return list(session.execute(select(Person).where(Person.id.in_(ids))).scalars()) if ids else []


@dataclass(frozen=True)
class GroupView:
    group: Group
    wishes: List[DreamWish]
    offers: List[str]  # what fitting pearls offer; never who offers it
    places: List[str]


def groups_with_pearls(session: Session, viewer: Person, wijk: Optional[str] = None) -> List[GroupView]:
    # Held here, so session.get finds each wish in the session's (weak) identity map instead of asking the database.
    held = visible(session, viewer, wijk)
    views = []
    for found in open_groups(session, viewer, wijk, held):
        fitting: List[Pearl] = pearls.fitting(session, found)[:MAX_PEARLS]
        views.append(
            GroupView(
                found,
                [w for w in (session.get(DreamWish, i) for i in found.ids) if w is not None],
                [plain(p.offer, limit=300) for p in fitting],
                [p.name for p in pearls.places_in(found.wijk, found.thing)[:3]],
            )
        )
    return views


Series = Tuple[Tuple[str, Tuple[int, ...]], ...]  # (theme, a count per month)


def series_of(months: List[Tuple[date, Counter]]) -> Series:
    """The themes that occur, each with its count per month: what the chart and its table show."""
    return tuple(
        (theme, tuple(counts[theme] for _, counts in months))
        for theme in THEMES
        if any(counts[theme] for _, counts in months)
    )


@lru_cache(maxsize=64)  # drawing takes about 0.1 s; the same counts give the same picture
def chart_svg(labels: Tuple[str, ...], series: Series) -> bytes:
    """A line per theme, each with its own marker, so the lines differ by more than colour. SVG bytes."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 4.5))
    for number, (theme, counts) in enumerate(series):
        axes.plot(labels, counts, marker=MARKERS[number % len(MARKERS)], label=theme)
    axes.set_ylabel("aantal wensen")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(bottom=0)
    axes.tick_params(axis="x", labelrotation=45)
    if series:
        axes.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format="svg", metadata={"Date": None})
    plt.close(figure)
    return image.getvalue()
