"""Signing in with the bot's one-time link, signing out, and the start page."""

from __future__ import annotations

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot import web_access
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person
from dashboard import web


def register(app: Sanic) -> None:
    app.add_route(confirm_sign_in, web_access.SIGN_IN_PATH, methods=["GET"], name="sign_in_form")
    app.add_route(sign_in, web_access.SIGN_IN_PATH, methods=["POST"], name="sign_in")
    app.add_route(sign_out, "/afmelden", methods=["POST"], name="sign_out")
    app.add_route(start, "/", methods=["GET"], name="start")


async def confirm_sign_in(request: Request) -> HTTPResponse:
    # A button, not an automatic sign-in: link previews (Telegram fetches links) must not use up the link.
    token = web.arg(request, "token", limit=100)
    return web.render(request, "sign_in.html", title="Aanmelden", token=token)


async def sign_in(request: Request) -> HTTPResponse:
    settings = web.settings_of(request)
    token = web.field(request, "token", limit=100)
    with session_scope(settings) as session:
        opened = web_access.redeem_link(session, token) if token else None
    if opened is None:
        return web.render(request, "sign_in_failed.html", status=403, title="Aanmelden lukt niet")
    resp = web.redirect("/")
    web.set_session_cookie(resp, settings, opened.token)
    return resp


@web.page("use_dashboard")
def start(request: Request, session: Session, person: Person) -> HTTPResponse:
    return web.render(request, "start.html", title="Start")


@web.page("use_dashboard")
def sign_out(request: Request, session: Session, person: Person) -> HTTPResponse:
    web_access.sign_out(session, request.cookies.get(web.COOKIE))
    request.ctx.person = None
    resp = web.render(request, "signed_out.html", title="Afgemeld", signed_out=True)
    web.clear_session_cookie(resp)
    return resp
