"""Meetups and invites for the beheerder: approve or reject proposals, cancel meetups, make and revoke invites.

Every change goes through the same domain functions as the chat's actions (actions/meetups.py,
actions/access.py), so the people involved are told the same way, through the outbox.
"""

from __future__ import annotations

from typing import Dict, Optional

import segno
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot import invites, meetups
from buurtbot.referral.search import served_wijken
from buurtbot.roles import may
from buurtbot.storage.models import Meetup, MeetupStatus, Person, Role
from buurtbot.storage.types import record_id
from dashboard import web

ALL_WIJKEN = "-"
DONE: Dict[str, str] = {
    "goedgekeurd": '"{title}" is goedgekeurd. De bewoner krijgt een bericht.',
    "afgewezen": '"{title}" is afgewezen. De bewoner krijgt een bericht.',
    "afgezegd": '"{title}" is afgezegd. {n} aanmelding(en) krijgen een bericht.',
    "ingetrokken": "De uitnodiging is ingetrokken. De code werkt niet meer.",
}
PROBLEMS: Dict[str, str] = {
    "al_beslist": "Over dit voorstel is al beslist, of het bestaat niet. Er is niets veranderd.",
    "geen_besluit": "Kies goedkeuren of afwijzen. Er is niets veranderd.",
    "niet_afgezegd": "Deze activiteit kan ik niet afzeggen. Hij bestaat niet, of hij is al afgezegd. Er is niets veranderd.",
    "niet_ingetrokken": "Deze uitnodiging kan ik niet intrekken. Hij is al gebruikt of al ingetrokken. Er is niets veranderd.",
}


def register(app: Sanic) -> None:
    app.add_route(overview, "/bijeenkomsten", methods=["GET"], name="meetups")
    app.add_route(decide, "/bijeenkomsten/besluit", methods=["POST"], name="meetup_decide")
    app.add_route(confirm_cancel, "/bijeenkomsten/afzeggen", methods=["GET"], name="meetup_cancel_form")
    app.add_route(cancel, "/bijeenkomsten/afzeggen", methods=["POST"], name="meetup_cancel")
    app.add_route(invite_list, "/uitnodigingen", methods=["GET"], name="invites")
    app.add_route(make_invite, "/uitnodigingen", methods=["POST"], name="invite_make")
    app.add_route(revoke, "/uitnodigingen/intrekken", methods=["POST"], name="invite_revoke")


def outcome(request: Request, session: Session) -> Dict[str, str]:
    """The Dutch confirmation or problem named in the query after a redirect."""
    meetup_id = record_id(web.arg(request, "id"))
    meetup = session.get(Meetup, meetup_id) if meetup_id else None
    title, told = meetup.title if meetup else "De activiteit", web.int_arg(request, "n", default=0, low=0)
    return {"notice": web.said(request, DONE, title=title, n=told), "problem": web.said(request, PROBLEMS)}


@web.page("approve_meetup")
def overview(request: Request, session: Session, person: Person) -> HTTPResponse:
    return web.render(
        request,
        "meetups.html",
        title="Bijeenkomsten",
        proposals=meetups.proposals(session),
        upcoming=meetups.upcoming(session, None),
        may_cancel=may(person.role, "cancel_any_meetup"),
        **outcome(request, session),
    )


@web.page("approve_meetup")
def decide(request: Request, session: Session, person: Person) -> HTTPResponse:
    meetup_id, decision = record_id(web.field(request, "meetup", 20)), web.field(request, "besluit", 20)
    if decision not in ("goedgekeurd", "afgewezen"):
        return web.after_post("/bijeenkomsten", "geen_besluit")
    meetup = meetups.decide(session, meetup_id, decision == "goedgekeurd") if meetup_id else None
    if meetup is None:
        return web.after_post("/bijeenkomsten", "al_beslist")
    return web.after_post("/bijeenkomsten", decision, id=meetup.id)


def _cancellable(session: Session, raw: str) -> Optional[Meetup]:
    meetup_id = record_id(raw)
    meetup = session.get(Meetup, meetup_id) if meetup_id else None
    return meetup if meetup is not None and meetup.status == MeetupStatus.goedgekeurd else None


@web.page("cancel_any_meetup")
def confirm_cancel(request: Request, session: Session, person: Person) -> HTTPResponse:
    meetup = _cancellable(session, web.arg(request, "id", 20))
    if meetup is None:
        return web.after_post("/bijeenkomsten", "niet_afgezegd")
    signed_up = len(meetup.rsvps)
    return web.render(request, "meetups_cancel.html", title="Activiteit afzeggen", meetup=meetup, signed_up=signed_up)


@web.page("cancel_any_meetup")
def cancel(request: Request, session: Session, person: Person) -> HTTPResponse:
    meetup = _cancellable(session, web.field(request, "meetup", 20))
    if meetup is None:
        return web.after_post("/bijeenkomsten", "niet_afgezegd")
    told = meetups.cancel_meetup(session, meetup, web.settings_of(request).timezone)
    return web.after_post("/bijeenkomsten", "afgezegd", id=meetup.id, n=told)


# --- invites -----------------------------------------------------------------------------------------------


@web.page("create_invite")
def invite_list(request: Request, session: Session, person: Person) -> HTTPResponse:
    return web.render(
        request,
        "invites.html",
        title="Uitnodigingen",
        roles=invites.INVITE_ROLES,
        wijken=served_wijken(session),
        rows=[(invite, invites.state(invite)) for invite in invites.list_invites(session)],
        **outcome(request, session),
    )


@web.page("create_invite")
def make_invite(request: Request, session: Session, person: Person) -> HTTPResponse:
    role_value, wijk = web.field(request, "rol", 40), web.field(request, "wijk", 100)
    role = next((r for r in invites.INVITE_ROLES if r.value == role_value), None)
    wijken = served_wijken(session)
    problems = []
    if role is None:
        problems.append("Kies voor wie de uitnodiging is.")
    if wijk != ALL_WIJKEN and wijk not in wijken:
        problems.append("Kies een wijk uit de lijst, of Alle wijken.")
    if problems:
        return web.render(
            request,
            "invites.html",
            status=400,
            title="Uitnodigingen",
            roles=invites.INVITE_ROLES,
            wijken=wijken,
            rows=[(invite, invites.state(invite)) for invite in invites.list_invites(session)],
            problems=problems,
        )
    wijk_or_none = None if wijk == ALL_WIJKEN or role == Role.beheerder else wijk
    code = invites.create_invite(session, role, wijk=wijk_or_none, created_by=person)
    # Shown in this answer only, never in a URL: the code is stored nowhere but on this page.
    return web.render(
        request, "invites_made.html", title="Nieuwe uitnodiging", **made_context(request, code, role, wijk_or_none)
    )


def made_context(request: Request, code: str, role: Role, wijk: Optional[str]) -> dict:
    username = web.settings_of(request).telegram_bot_username
    link = f"https://t.me/{username}?start={code}" if username else None
    qr = (
        segno.make(link, error="m").svg_inline(scale=5, border=4, title="QR-code met de link naar de bot")
        if link
        else None
    )
    return {"code": code, "link": link, "qr": qr, "role_name": invites.INVITE_ROLES[role], "wijk": wijk}


@web.page("create_invite")
def revoke(request: Request, session: Session, person: Person) -> HTTPResponse:
    invite_id = record_id(web.field(request, "invite", 20))
    if invite_id is None or not invites.revoke_invite(session, invite_id):
        return web.after_post("/uitnodigingen", "niet_ingetrokken")
    return web.after_post("/uitnodigingen", "ingetrokken")
