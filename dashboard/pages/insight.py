"""Insight for the beheerder: conversations, messages, features, fallbacks and digests, in counts only.

The counting lives in buurtbot/insight.py; this page never sees a message's text.
"""

from __future__ import annotations

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot import insight
from buurtbot.storage.models import Person
from dashboard import web


def register(app: Sanic) -> None:
    app.add_route(overview, "/inzicht", methods=["GET"], name="insight")


@web.page("show_insight")
def overview(request: Request, session: Session, person: Person) -> HTTPResponse:
    days = web.int_arg(request, "dagen", default=insight.PERIODS[0], low=1, high=365)
    days = days if days in insight.PERIODS else insight.PERIODS[0]
    found = insight.gather(session, web.settings_of(request).timezone, days)
    return web.render(
        request,
        "insight.html",
        title="Inzicht",
        found=found,
        days=days,
        periods=insight.PERIODS,
        busiest=max([d.messages for d in found.days] + [1]),
        top_feature=max([c.count for c in found.features] + [1]),
        top_closest=max([c.count for c in found.closest] + [1]),
    )
