"""What every dashboard page shares: who is signed in, whether their role may, CSRF, and rendering.

Every page is a function `(request, session, person, ...) -> HTTPResponse` wrapped in `page(what)`:
no page runs without a live session, a role that may do `what` (buurtbot/roles.py), and, for a POST, the
session's CSRF token in the form. Wijk checks belong to the domain functions the pages call.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from functools import wraps
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlencode

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from buurtbot import web_access
from buurtbot.config import Settings
from buurtbot.roles import may
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person, Role

COOKIE = "buurtbot_sessie"
CSRF_FIELD = "csrf"

# The menu: (path, label, what the role must be allowed, per buurtbot/roles.py).
MENU = [
    ("/", "Start", "use_dashboard"),
    ("/wensen", "Wensen", "show_wishes"),
    ("/verwijsindex", "Verwijsindex", "read_referral_index"),
    ("/bijeenkomsten", "Bijeenkomsten", "approve_meetup"),
    ("/uitnodigingen", "Uitnodigingen", "create_invite"),
    ("/meldingen", "Veto's en meldingen", "show_vetoes"),
    ("/inzicht", "Inzicht", "show_insight"),
]
ROLE_LABEL = {
    Role.beheerder: "beheerder",
    Role.droommakelaar: "droommakelaar",
    Role.professional: "professional",
}
SECURITY_HEADERS = {
    # Everything comes from this server; no script or style from anywhere else, no framing.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a sign-in link must not leak to another site
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

Handler = Callable[..., HTTPResponse]


def settings_of(request: Request) -> Settings:
    return request.app.ctx.settings


def local_time(settings: Settings, moment: Optional[datetime], fmt: str = "%d-%m-%Y %H:%M") -> str:
    return moment.astimezone(settings.timezone).strftime(fmt) if moment else ""


def page(what: str) -> Callable[[Handler], Callable[..., Any]]:
    """Wraps a handler: a live session, a role that may do `what`, and a valid CSRF token on POST."""

    def decorate(handler: Handler) -> Callable[..., Any]:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            with session_scope(settings_of(request)) as session:
                signed_in = web_access.current(session, request.cookies.get(COOKIE))
                if signed_in is None:
                    return signed_out_page(request)
                request.ctx.person, request.ctx.csrf = signed_in.person, signed_in.csrf_token
                if not may(signed_in.person.role, what):
                    return message_page(request, "Deze pagina is niet voor jouw rol.", 403)
                if request.method == "POST" and not _csrf_ok(request, signed_in.csrf_token):
                    return message_page(request, "Dit formulier is verlopen. Laad de pagina opnieuw.", 403)
                return handler(request, session, signed_in.person, *args, **kwargs)

        guarded.needs = what  # type: ignore[attr-defined]  # read by the tests that sweep every page
        return guarded

    return decorate


def _csrf_ok(request: Request, expected: str) -> bool:
    try:
        given = field(request, CSRF_FIELD)
    except Exception:  # a body that is no form at all
        return False
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def field(request: Request, name: str, limit: int = 4000) -> str:
    """One form field as text, stripped and cut to `limit`; '' when absent."""
    form = request.form or {}
    value = form.get(name) or ""
    return str(value).strip()[:limit]


def fields(request: Request, name: str) -> List[str]:
    form = request.form or {}
    return [str(v).strip() for v in form.getlist(name, [])] if hasattr(form, "getlist") else []


def arg(request: Request, name: str, limit: int = 200) -> str:
    return str(request.args.get(name) or "").strip()[:limit]


def int_arg(request: Request, name: str, default: int = 1, low: int = 1, high: int = 10_000) -> int:
    raw = arg(request, name)
    return min(max(int(raw), low), high) if raw.isdigit() else default


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    person: Optional[Person] = getattr(request.ctx, "person", None)
    html = request.app.ctx.templates.get_template(template).render(
        me=person,
        role_label=ROLE_LABEL.get(person.role, "") if person else "",
        csrf=getattr(request.ctx, "csrf", ""),
        menu=[(path, label) for path, label, what in MENU if person and may(person.role, what)],
        path=request.path,
        **context,
    )
    return response.html(html, status=status)


def message_page(request: Request, text: str, status: int) -> HTTPResponse:
    return render(request, "message.html", status=status, text=text, title=_TITLES.get(status, "Let op"))


def signed_out_page(request: Request) -> HTTPResponse:
    request.ctx.person = None
    return render(request, "signed_out.html", status=401, title="Aanmelden")


_TITLES = {403: "Niet toegestaan", 404: "Niet gevonden", 413: "Te groot", 500: "Er ging iets mis"}


OUTCOME = "klaar"  # the query parameter that names what a POST did, for the page it redirects to


def after_post(path: str, outcome: str, **details: Any) -> HTTPResponse:
    """Redirects to `path` naming the outcome, which that page then says (`said`)."""
    return redirect(path, **{OUTCOME: outcome}, **details)


def said(request: Request, texts: Dict[str, str], **values: Any) -> str:
    """The text of the outcome the query names, filled with `values`; '' when it names none of `texts`."""
    key = arg(request, OUTCOME)
    return texts[key].format(**values) if key in texts else ""


def redirect(path: str, **query: Any) -> HTTPResponse:
    """303 after a POST, so reloading the page does not send the form again."""
    clean = {k: v for k, v in query.items() if v not in (None, "")}
    return response.redirect(path + (f"?{urlencode(clean)}" if clean else ""), status=303)


def add_security_headers(request: Request, resp: HTTPResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(name, value)


def set_session_cookie(resp: HTTPResponse, settings: Settings, token: str) -> None:
    resp.add_cookie(
        COOKIE,
        token,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=settings.dashboard_url.startswith("https://"),
    )


def clear_session_cookie(resp: HTTPResponse) -> None:
    resp.delete_cookie(COOKIE, path="/")


def query_of(values: Dict[str, Any]) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "", False)})
