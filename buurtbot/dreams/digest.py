"""The droommakelaar's digest per wijk: counts by theme, the new wishes, what tenants offer, signals, and where
the wijk stands: status counts, wishes that belong together, new pearls and open signals.

Each wish appears in exactly one scheduled digest: `send_digests` claims wishes with one conditional
UPDATE (digest_id IS NULL), so of two racing digests only one gets a wish, also after a restart.
`preview` builds the same text without claiming anything (for /wensen and `make digest`).

The outbox row of a digest holds only the digest's id: the text, chart and CSV are made from the wishes when
the message is sent (`digest_payload`) and never kept. So a tenant who says "vergeet mij" before the digest
goes out is not in it, and no copy of anyone's wish waits in a file or a queued message.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any, Dict, List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from buurtbot import outbox
from buurtbot.dreams.analysis import THEMES
from buurtbot.dreams.groups import Item, group
from buurtbot.dreams.status import LABEL, OPEN
from buurtbot.dreams.wishes import PLACES, droommakelaars_for
from buurtbot.people import reach_link
from buurtbot.safe_text import csv_cell, quoted
from buurtbot.storage.models import Digest, DreamWish, Pearl, Person
from buurtbot.storage.types import utcnow

QUOTE_LENGTH = 140
NO_WIJK = "wijk onbekend"


@dataclass(frozen=True)
class Overview:
    """Where the wijk stands beyond this week's wishes: made when the digest is sent, like the rest."""

    statuses: Counter  # status label -> wishes of the wijk
    groups: List[str]  # "3 wensen over een moestuin in Zuidwijk"
    new_pearls: List[str]  # what tenants offered since the last week, without names
    open_signals: int  # open wishes with an early signal whose tenant wants contact


@dataclass
class WijkDigest:
    wijk: str
    wishes: List[DreamWish]
    reach: Dict[int, str] = field(default_factory=dict)  # wish id -> how to reach, only where consented
    overview: Optional[Overview] = None

    @property
    def theme_counts(self) -> Counter:
        return Counter(theme for wish in self.wishes for theme in wish.themes)

    @property
    def signals(self) -> tuple:
        """(signals with consent: already sent to the droommakelaar, anonymous signals: only counted)."""
        flagged = [w for w in self.wishes if w.signals]
        return sum(1 for w in flagged if w.contact_consent), sum(1 for w in flagged if not w.contact_consent)


def render_text(digest: WijkDigest, tz: tzinfo) -> str:
    lines = [f"Wensen uit {digest.wijk}: {len(digest.wishes)} nieuw"]
    counts = digest.theme_counts
    lines.append("Thema's: " + ", ".join(f"{theme} {counts[theme]}" for theme in THEMES if counts[theme]))
    lines.append("")
    for wish in digest.wishes:
        when = wish.created_at.astimezone(tz).strftime("%d-%m")
        line = f'- {when}, {PLACES.get(wish.place, wish.place)}: "{quoted(wish.wish, limit=QUOTE_LENGTH)}"'
        if wish.id in digest.reach:
            line += f" (contact: {digest.reach[wish.id]})"
        lines.append(line)
    offers = [w for w in digest.wishes if w.contribution]
    if offers:
        lines += ["", "Wat bewoners zelf willen doen:"] + [
            f'- "{quoted(w.contribution, limit=QUOTE_LENGTH)}"' for w in offers
        ]
    with_consent, anonymous = digest.signals
    if with_consent or anonymous:
        lines += [
            "",
            f"Vroegsignalen: {with_consent} met toestemming voor contact (al apart naar je gestuurd), {anonymous} anoniem.",
        ]
    if digest.overview:
        lines += _overview_lines(digest.overview)
    return "\n".join(lines)


def _overview_lines(overview: Overview) -> List[str]:
    lines = ["", "Alle wensen uit de wijk: " + ", ".join(f"{label} {n}" for label, n in overview.statuses.items() if n)]
    if overview.open_signals:
        lines.append(f"Open vroegsignalen met toestemming voor contact: {overview.open_signals}. Zie /wensen.")
    if overview.groups:
        lines += ["", "Wensen die bij elkaar horen:"] + [f"- {title}" for title in overview.groups]
    if overview.new_pearls:
        lines += ["", "Nieuwe parels (wat buren willen doen):"] + [f'- "{offer}"' for offer in overview.new_pearls]
    return lines


def overview(session: Session, wijk: Optional[str], now: Optional[datetime] = None) -> Overview:
    """Status counts, groups and open signals of all the wijk's wishes, and the pearls of the last week."""
    in_wijk = DreamWish.wijk.is_(None) if wijk is None else DreamWish.wijk == wijk
    wishes = list(session.execute(select(DreamWish).where(in_wijk)).scalars())
    statuses = Counter({label: 0 for label in LABEL.values()})
    statuses.update(LABEL[w.status] for w in wishes)
    still_open = [w for w in wishes if w.status in OPEN]
    week_ago = (now or utcnow()) - timedelta(days=7)
    pearls_in_wijk = Pearl.wijk.is_(None) if wijk is None else Pearl.wijk == wijk
    fresh = session.execute(select(Pearl).where(pearls_in_wijk, Pearl.created_at >= week_ago).order_by(Pearl.id))
    return Overview(
        statuses=statuses,
        groups=[g.title() for g in group(Item(w.id, w.wijk, w.wish, tuple(w.themes)) for w in still_open)],
        new_pearls=[quoted(p.offer, limit=QUOTE_LENGTH) for p in fresh.scalars()],
        open_signals=sum(1 for w in still_open if w.signals and w.contact_consent),
    )


def render_csv(digest: WijkDigest, tz: tzinfo) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["datum", "wijk", "plek", "wens", "thema's", "zelf doen", "status", "contact"])
    for wish in digest.wishes:
        writer.writerow(
            [
                wish.created_at.astimezone(tz).strftime("%Y-%m-%d"),
                digest.wijk,
                wish.place,
                csv_cell(wish.wish),
                ", ".join(wish.themes),
                csv_cell(wish.contribution or ""),
                LABEL[wish.status],
                digest.reach.get(wish.id, ""),
            ]
        )
    return buffer.getvalue()


def render_chart(digest: WijkDigest) -> bytes:
    """A bar chart of the themes, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt

    counts = digest.theme_counts
    themes = [t for t in THEMES if counts[t]]
    figure, axes = plt.subplots(figsize=(7, 0.5 * len(themes) + 1.5))
    axes.barh(themes[::-1], [counts[t] for t in themes[::-1]], color="#2a7ab0")
    axes.set_title(f"Wensen in {digest.wijk} per thema")
    axes.set_xlabel("aantal wensen")
    axes.xaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=100)
    plt.close(figure)
    return image.getvalue()


def _group(session: Session, wishes: List[DreamWish]) -> List[WijkDigest]:
    by_wijk: Dict[str, WijkDigest] = {}
    for wish in wishes:
        digest = by_wijk.setdefault(
            wish.wijk or NO_WIJK, WijkDigest(wish.wijk or NO_WIJK, [], overview=overview(session, wish.wijk))
        )
        digest.wishes.append(wish)
        if wish.contact_consent:
            digest.reach[wish.id] = reach_link(session.get(Person, wish.person_id))
    return [by_wijk[w] for w in sorted(by_wijk)]


def preview(session: Session) -> List[WijkDigest]:
    """The wishes that no digest has had yet, per wijk. Claims nothing."""
    wishes = session.execute(select(DreamWish).where(DreamWish.digest_id.is_(None)).order_by(DreamWish.id)).scalars()
    return _group(session, list(wishes))


def send_digests(session: Session) -> int:
    """Claims all new wishes per wijk into a digest and queues it for the droommakelaars.
    Returns the number of digests made."""
    made = 0
    wijken = session.execute(select(DreamWish.wijk).where(DreamWish.digest_id.is_(None)).distinct()).scalars().all()
    for wijk in wijken:
        record = Digest(wijk=wijk, created_at=utcnow())
        session.add(record)
        session.flush()
        claimed = session.execute(
            update(DreamWish)
            .where(DreamWish.digest_id.is_(None), DreamWish.wijk.is_(None) if wijk is None else DreamWish.wijk == wijk)
            .values(digest_id=record.id)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:  # another digest run took them first
            session.delete(record)
            continue
        wishes = session.execute(select(DreamWish).where(DreamWish.digest_id == record.id)).scalars().all()
        record.wish_count, record.signal_count = len(wishes), sum(1 for w in wishes if w.signals)
        outbox.enqueue_for_each(
            session, droommakelaars_for(session, wijk), f"digest:{record.id}", "digest", "", digest_id=record.id
        )
        made += 1
    return made


def digest_payload(session: Session, digest_id: int, tz: tzinfo) -> Optional[Dict[str, Any]]:
    """The digest as it is sent now: text, chart and CSV, from the wishes still stored. None when none are left."""
    wishes = (
        session.execute(select(DreamWish).where(DreamWish.digest_id == digest_id).order_by(DreamWish.id))
        .scalars()
        .all()
    )
    if not wishes:
        return None
    digest = _group(session, list(wishes))[0]
    return {
        "text": render_text(digest, tz),
        "attachments": [
            {"type": "photo", "filename": "themas.png", "content": render_chart(digest)},
            {
                "type": "document",
                "filename": f"wensen-{digest.wijk.replace(' ', '_')}.csv",
                "content": render_csv(digest, tz).encode("utf-8"),
            },
        ],
    }
