"""The wishes pages: the list with filters and paging, one wish with its signals, a status change, the groups
with their pearls, the themes over time, and a CSV export.

Which wishes a person sees, and who may change a status, is decided by buurtbot/dreams (worklist, status):
the same functions the chat uses. A wish of another wijk answers 404, as if it were not there.
"""

from __future__ import annotations

import base64
from datetime import tzinfo
from typing import Any, Dict, Optional, Tuple

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot.dates import MONTH_SHORT
from buurtbot.dreams import overview
from buurtbot.dreams.analysis import THEMES
from buurtbot.dreams.status import LABEL, NOTE_LENGTH, OUTCOME_TEXT, change_status, may_manage
from buurtbot.dreams.wishes import PLACES, SIGNAL_TEXT
from buurtbot.dreams.worklist import ALL, DONE, Filter, signal_reasons, urgent
from buurtbot.safe_text import plain
from buurtbot.storage.models import DreamWish, Person, WishStatus
from dashboard import web

STATUS_CHOICES = [("", "open (nieuw, opgepakt, in uitvoering)")]
STATUS_CHOICES += [(status.value, label) for status, label in LABEL.items()]
STATUS_CHOICES += [(DONE, "afgerond (gelukt of lukt niet)"), (ALL, "alle")]
# A droommakelaar may set any status but "nieuw" (also to correct a mistake), as in the chat.
SETTABLE = [status for status in LABEL if status != WishStatus.nieuw]
CHANGED = {outcome: OUTCOME_TEXT[outcome] for outcome in ("changed", "unchanged")}
REFUSED = {"needs_reason": OUTCOME_TEXT["needs_reason"], "bad_status": "Kies een status uit de lijst."}
SHORT_TEXT = 140


def register(app: Sanic) -> None:
    app.add_route(wish_list, "/wensen", methods=["GET"], name="wishes")
    app.add_route(wish_csv, "/wensen.csv", methods=["GET"], name="wishes_csv")
    app.add_route(wish_groups, "/wensen/groepen", methods=["GET"], name="wish_groups")
    app.add_route(wish_themes, "/wensen/themas", methods=["GET"], name="wish_themes")
    app.add_route(wish_detail, "/wensen/<wish_id:int>", methods=["GET"], name="wish")
    app.add_route(wish_status, "/wensen/<wish_id:int>/status", methods=["POST"], name="wish_status")


def _chosen(request: Request) -> Tuple[Filter, overview.PeriodChoice]:
    chosen = Filter.parse(
        _wijk(request),
        web.arg(request, "thema"),
        web.arg(request, "signaal"),
        web.arg(request, "status"),
        web.int_arg(request, "pagina"),
    )
    period = overview.parse_period(
        web.arg(request, "periode"), web.arg(request, "van"), web.arg(request, "tot"), _zone(request)
    )
    return chosen, period


def _query(chosen: Filter, period: overview.PeriodChoice) -> Dict[str, Any]:
    """The filter as GET parameters, for the pager and the CSV link; dates as the date fields send them."""
    start = None if period.last else period.period.start
    return {
        "wijk": chosen.wijk,
        "thema": chosen.theme,
        "signaal": "ja" if chosen.signal else None,
        "status": chosen.status,
        "periode": period.last,
        "van": start.isoformat() if start else None,
        "tot": period.period.end.isoformat() if period.period.end else None,
    }


@web.page("show_wishes")
def wish_list(request: Request, session: Session, person: Person) -> HTTPResponse:
    chosen, period = _chosen(request)
    wishes = overview.matching(session, person, chosen, period.period, _zone(request))
    page = overview.page_of(wishes, chosen.page)
    query = _query(chosen, period)
    return web.render(
        request,
        "wishes.html",
        title="Wensen",
        rows=[_row(wish, request) for wish in page.wishes],
        page=page,
        first=(page.number - 1) * overview.PAGE_SIZE + 1,
        query=query,
        query_text=web.query_of(query),
        previous=web.query_of({**query, "pagina": page.number - 1}) if page.number > 1 else None,
        next=web.query_of({**query, "pagina": page.number + 1}) if page.number < page.pages else None,
        wijken=overview.wijken(session, person),
        themes=THEMES,
        statuses=STATUS_CHOICES,
        last_days=overview.LAST_DAYS,
        problems=dict(period.problems),
    )


def _row(wish: DreamWish, request: Request) -> Dict[str, Any]:
    return {
        "id": wish.id,
        "date": web.local_time(web.settings_of(request), wish.created_at, "%d-%m-%Y"),
        "wijk": wish.wijk or "wijk onbekend",
        "text": plain(wish.wish, limit=SHORT_TEXT),
        "themes": ", ".join(wish.themes),
        "status": LABEL[wish.status],
        "urgent": urgent(wish),
        "signal": bool(wish.signals),
    }


@web.page("show_wishes")
def wish_csv(request: Request, session: Session, person: Person) -> HTTPResponse:
    chosen, period = _chosen(request)
    wishes = overview.matching(session, person, chosen, period.period, _zone(request))
    # The byte order mark tells a spreadsheet the file is UTF-8, so "é" and "ë" stay whole.
    return response.text(
        "\ufeff" + overview.render_csv(session, wishes, _zone(request)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="wensen.csv"'},
    )


@web.page("show_wishes")
def wish_detail(request: Request, session: Session, person: Person, wish_id: int) -> HTTPResponse:
    wish = overview.find(session, person, str(wish_id))
    if wish is None:
        return _not_found(request)
    notice = web.said(request, CHANGED, status=LABEL[wish.status]) or None
    return _detail_page(request, session, person, wish, notice=notice)


def _detail_page(
    request: Request,
    session: Session,
    person: Person,
    wish: DreamWish,
    status: int = 200,
    notice: Optional[str] = None,
    error: Optional[str] = None,
    chosen: Optional[str] = None,
    note: Optional[str] = None,
) -> HTTPResponse:
    return web.render(
        request,
        "wishes_detail.html",
        status=status,
        title=f"Wens {wish.id}",
        notice=notice,
        error=error,
        wish=wish,
        text=plain(wish.wish, limit=4000, one_line=False),
        place=PLACES.get(wish.place, wish.place),
        status_label=LABEL[wish.status],
        note=plain(wish.status_note or "", limit=NOTE_LENGTH),
        contribution=plain(wish.contribution or "", limit=2000, one_line=False),
        signals=[(SIGNAL_TEXT.get(s, s), reason) for s, reason in signal_reasons(wish)],
        urgent=urgent(wish),
        contact=overview.contact(wish),
        manage=may_manage(session, person, wish),
        settable=[(s.value, LABEL[s]) for s in SETTABLE],
        chosen=chosen or (wish.status.value if wish.status in SETTABLE else WishStatus.opgepakt.value),
        note_value=note if note is not None else "",
        note_length=NOTE_LENGTH,
    )


@web.page("set_wish_status")
def wish_status(request: Request, session: Session, person: Person, wish_id: int) -> HTTPResponse:
    wish = overview.find(session, person, str(wish_id))
    if wish is None:
        return _not_found(request)
    chosen = web.field(request, "status", limit=40)
    note = plain(web.field(request, "notitie", limit=NOTE_LENGTH), limit=NOTE_LENGTH, one_line=False)
    status = next((s for s in SETTABLE if s.value == chosen), None)
    if status is None:
        return _detail_page(request, session, person, wish, 400, error=REFUSED["bad_status"], note=note)
    change = change_status(session, wish.id, person, status, note)
    if change.outcome in CHANGED:
        return web.after_post(f"/wensen/{wish.id}", change.outcome)
    if change.outcome == "not_yours":
        return web.message_page(request, OUTCOME_TEXT["not_yours"], 403)
    if change.outcome == "gone":
        return _not_found(request)
    return _detail_page(request, session, person, wish, 400, error=REFUSED["needs_reason"], chosen=chosen, note=note)


def _not_found(request: Request) -> HTTPResponse:
    return web.message_page(request, "Deze wens kan ik niet vinden. Misschien is hij ingetrokken of gewist.", 404)


@web.page("show_group_pearls")
def wish_groups(request: Request, session: Session, person: Person) -> HTTPResponse:
    wijk = _wijk(request)
    return web.render(
        request,
        "wishes_groups.html",
        title="Groepen van wensen",
        groups=[
            {
                "title": view.group.title(),
                "wishes": [(w.id, plain(w.wish, limit=SHORT_TEXT)) for w in view.wishes],
                "offers": view.offers,
                "places": view.places,
            }
            for view in overview.groups_with_pearls(session, person, wijk)
        ],
        wijk=wijk or "",
        wijken=overview.wijken(session, person),
    )


@web.page("show_wishes")
def wish_themes(request: Request, session: Session, person: Person) -> HTTPResponse:
    wijk = _wijk(request)
    wishes = overview.matching(session, person, Filter(wijk=wijk, status=ALL), overview.Period(), _zone(request))
    months = overview.themes_per_month(wishes, _zone(request))
    labels = tuple(f"{MONTH_SHORT[first.month - 1]} {first.year}" for first, _ in months)
    series = overview.series_of(months)
    chart = base64.b64encode(overview.chart_svg(labels, series)).decode("ascii") if series else None
    return web.render(
        request,
        "wishes_themes.html",
        title="Thema's per maand",
        chart=chart,
        table=[(label, [counts[n] for _, counts in series]) for n, label in enumerate(labels)],
        used=[theme for theme, _ in series],
        wijk=wijk or "",
        wijken=overview.wijken(session, person),
    )


def _wijk(request: Request) -> Optional[str]:
    # As stored text is cleaned: a NUL or a direction override is no wijk, and PostgreSQL refuses a NUL.
    return plain(web.arg(request, "wijk"), limit=80) or None


def _zone(request: Request) -> tzinfo:
    return web.settings_of(request).timezone
