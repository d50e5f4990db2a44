"""Builds the dashboard's Sanic app: templates, static files, security headers, error pages, and the pages."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import NotFound, SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from buurtbot.config import Settings
from dashboard import web
from dashboard.pages import home, insight, meetups, referral, reports, wishes

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 2 * 1024 * 1024  # a YAML import of the referral index; nothing else posts more than a form
log = logging.getLogger("dashboard")


def create_app(settings: Settings, name: str = "buurtbot_dashboard") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_UPLOAD
    app.config.FORWARDED_SECRET = None
    app.ctx.settings = settings
    app.ctx.templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.ctx.templates.filters["local"] = lambda moment, fmt="%d-%m-%Y %H:%M": web.local_time(settings, moment, fmt)
    app.static("/static", HERE / "static", name="static")
    app.add_route(lambda request: response.text("ok"), "/health", name="health")
    for pages in (home, wishes, referral, meetups, reports, insight):
        pages.register(app)
    app.on_response(web.add_security_headers)
    app.error_handler.add(NotFound, _not_found)
    app.error_handler.add(SanicException, _client_error)
    app.error_handler.add(Exception, _failure)
    return app


def _not_found(request: Request, exception: Exception) -> HTTPResponse:
    return web.message_page(request, "Deze pagina bestaat niet.", 404)


def _client_error(request: Request, exception: SanicException) -> HTTPResponse:
    status = getattr(exception, "status_code", 400) or 400
    if status >= 500:
        return _failure(request, exception)
    if status == 413:
        return web.message_page(request, "Het bestand is te groot. Het mag hoogstens 2 MB zijn.", 413)
    return web.message_page(request, "Dit verzoek kan ik niet lezen. Ga terug en probeer het opnieuw.", status)


def _failure(request: Request, exception: Exception) -> HTTPResponse:
    # Frames and the type only: the message may quote what someone typed.
    frames = "".join(traceback.format_tb(exception.__traceback__))
    log.error("%s %s failed with %s:\n%s", request.method, request.path, type(exception).__name__, frames)
    return web.message_page(request, "Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw.", 500)
