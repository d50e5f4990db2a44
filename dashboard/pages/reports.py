"""Vetoes and off-the-record reports for the beheerder.

A veto's status changes through buurtbot/vetoes.py set_status, as in the chat (actions/veto.py), so the
professional is told the same way. Off-the-record reports show no reporter (the table has none), and only
those of weeks that have ended: the beheerders get each report in the chat at a fixed moment, at least an
hour later (buurtbot/off_record.py), and a page that showed this week's reports as they come in would undo that.
"""

from __future__ import annotations

from typing import Dict

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot import off_record, vetoes
from buurtbot.roles import may
from buurtbot.storage.models import Person, Veto, VetoStatus
from buurtbot.storage.types import record_id, utcnow
from dashboard import web

STATUS_LABEL: Dict[VetoStatus, str] = {status: status.value.replace("_", " ") for status in VetoStatus}
REPORT_LIMIT = 500
DONE = {
    "veranderd": "Veto {veto} staat nu op: {status}. De professional krijgt een bericht.",
    "al": "Veto {veto} stond al op: {status}. Er is niets veranderd.",
}
PROBLEMS = {
    "geen_veto": "Dat veto bestaat niet (meer). Er is niets veranderd.",
    "geen_status": "Kies een nieuwe status uit de lijst. Er is niets veranderd.",
}


def register(app: Sanic) -> None:
    app.add_route(overview, "/meldingen", methods=["GET"], name="reports")
    app.add_route(set_veto_status, "/meldingen/veto", methods=["POST"], name="veto_status")


@web.page("show_vetoes")
def overview(request: Request, session: Session, person: Person) -> HTTPResponse:
    zone = web.settings_of(request).timezone
    this_week = off_record.week_of(utcnow(), zone)
    reports = off_record.reports_before(session, this_week) if may(person.role, "show_off_record") else None
    return web.render(
        request,
        "reports.html",
        title="Veto's en meldingen",
        vetoes=[(veto, session.get(Person, veto.person_id)) for veto in vetoes.all_vetoes(session)],
        next_statuses=vetoes.NEXT_STATUSES,
        status_label=STATUS_LABEL,
        may_set=may(person.role, "set_veto_status"),
        reports=reports,
        this_week=this_week,
        **_outcome(request),
    )


def _outcome(request: Request) -> Dict[str, str]:
    veto_id, status = record_id(web.arg(request, "veto")), web.arg(request, "status")
    if veto_id is None or status not in {s.value for s in VetoStatus}:
        return {"problem": web.said(request, PROBLEMS)}
    return {"notice": web.said(request, DONE, veto=veto_id, status=STATUS_LABEL[VetoStatus(status)])}


@web.page("set_veto_status")
def set_veto_status(request: Request, session: Session, person: Person) -> HTTPResponse:
    veto_id, status = record_id(web.field(request, "veto", 20)), web.field(request, "status", 40)
    if status not in {s.value for s in vetoes.NEXT_STATUSES}:
        return web.after_post("/meldingen", "geen_status")
    before = session.get(Veto, veto_id) if veto_id else None
    unchanged = before is not None and before.status.value == status
    veto = vetoes.set_status(session, veto_id, VetoStatus(status)) if veto_id else None
    if veto is None:
        return web.after_post("/meldingen", "geen_veto")
    return web.after_post("/meldingen", "al" if unchanged else "veranderd", veto=veto.id, status=status)
