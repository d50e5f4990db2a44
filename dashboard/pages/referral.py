"""The referral index in the dashboard: everyone on staff reads it, the beheerder changes it.

The database holds the index; the file data/referral_index.yml seeds it and is the import and export format
(buurtbot/referral/editing.py says why). Every change goes through editing.py, which checks a partner exactly
as the file loader does and keeps the history.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from buurtbot.referral import editing
from buurtbot.referral.index import NATIONAL
from buurtbot.roles import may
from buurtbot.storage.models import Person, ReferralChange, ReferralPartner
from dashboard import web

READ, EDIT = "read_referral_index", "edit_referral_index"
TEXT_FIELDS = ("key", "name", "description", "phone", "email", "url", "opening_hours", "audience")
NOTICES = {
    "toegevoegd": "De partner is toegevoegd. De bot noemt deze partner vanaf nu.",
    "gewijzigd": "De wijzigingen zijn bewaard. De bot gebruikt ze vanaf nu.",
    "ongewijzigd": "Er was niets veranderd.",
    "gestopt": "De partner is gestopt. De bot noemt deze partner niet meer.",
    "teruggezet": "De partner is teruggezet. De bot noemt deze partner weer.",
}


def register(app: Sanic) -> None:
    app.add_route(partner_list, "/verwijsindex", methods=["GET"], name="referral_list")
    app.add_route(export, "/verwijsindex.yml", methods=["GET"], name="referral_export")
    app.add_route(new_form, "/verwijsindex/nieuw", methods=["GET"], name="referral_new_form")
    app.add_route(add, "/verwijsindex/nieuw", methods=["POST"], name="referral_add")
    app.add_route(changes, "/verwijsindex/geschiedenis", methods=["GET"], name="referral_history")
    app.add_route(import_form, "/verwijsindex/importeren", methods=["GET"], name="referral_import_form")
    app.add_route(import_file, "/verwijsindex/importeren", methods=["POST"], name="referral_import")
    app.add_route(edit_form, "/verwijsindex/<key>", methods=["GET"], name="referral_edit_form")
    app.add_route(save, "/verwijsindex/<key>", methods=["POST"], name="referral_save")
    app.add_route(retire, "/verwijsindex/<key>/stoppen", methods=["POST"], name="referral_retire")
    app.add_route(restore, "/verwijsindex/<key>/terugzetten", methods=["POST"], name="referral_restore")


@web.page(READ)
def partner_list(request: Request, session: Session, person: Person) -> HTTPResponse:
    wijken = editing.index_wijken()
    wijk = web.arg(request, "wijk") if web.arg(request, "wijk") in [*wijken, NATIONAL] else ""
    topic = web.arg(request, "onderwerp") if web.arg(request, "onderwerp") in editing.TOPIC_LABELS else ""
    retired = web.arg(request, "gestopt") == "ja"
    found = editing.list_partners(session, person.role, "" if wijk == NATIONAL else wijk, topic, retired)
    return web.render(
        request,
        "referral.html",
        title="Verwijsindex",
        groups=_by_wijk(found, [wijk] if wijk else [*wijken, NATIONAL]),
        count=len(found),
        wijken=wijken,
        chosen={"wijk": wijk, "onderwerp": topic, "gestopt": retired},
        may_edit=may(person.role, EDIT),
        **_labels(),
    )


def _by_wijk(partners: List[ReferralPartner], order: List[str]) -> List[Tuple[str, List[ReferralPartner]]]:
    """Each wijk with its partners; national partners under 'landelijk' (a wijk filter shows them there too)."""
    groups = [(w, [p for p in partners if (w in p.wijken if w != NATIONAL else not p.wijken)]) for w in order]
    if order != [NATIONAL] and len(order) == 1:
        groups.append((NATIONAL, [p for p in partners if not p.wijken]))
    return [(w, found) for w, found in groups if found]


@web.page(READ)
def export(request: Request, session: Session, person: Person) -> HTTPResponse:
    return response.text(
        editing.export_index(session),
        content_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="referral_index.yml"'},
    )


@web.page(EDIT)
def new_form(request: Request, session: Session, person: Person) -> HTTPResponse:
    return _form_page(request, None, {"topics": [], "wijken": [], "audience": "public"}, {})


@web.page(EDIT)
def add(request: Request, session: Session, person: Person) -> HTTPResponse:
    values = _form_values(request)
    try:
        partner = editing.add_partner(session, person, values)
    except editing.PartnerInvalid as exc:
        return _form_page(request, None, values, exc.errors, status=400)
    session.flush()
    return web.after_post(f"/verwijsindex/{partner.key}", "toegevoegd")


@web.page(EDIT)
def edit_form(request: Request, session: Session, person: Person, key: str) -> HTTPResponse:
    partner = editing.get_partner(session, key)
    if partner is None:
        return web.message_page(request, "Deze partner staat niet in de verwijsindex.", 404)
    notice = web.said(request, NOTICES)
    return _form_page(request, partner, editing.values_of(partner), {}, notice=notice, session=session)


@web.page(EDIT)
def save(request: Request, session: Session, person: Person, key: str) -> HTTPResponse:
    partner = editing.get_partner(session, key)
    if partner is None:
        return web.message_page(request, "Deze partner staat niet in de verwijsindex.", 404)
    values = _form_values(request)
    try:
        changed = editing.edit_partner(session, person, partner, values)
    except editing.PartnerInvalid as exc:
        return _form_page(request, partner, {**values, "key": partner.key}, exc.errors, status=400, session=session)
    return web.after_post(f"/verwijsindex/{partner.key}", "gewijzigd" if changed else "ongewijzigd")


@web.page(EDIT)
def retire(request: Request, session: Session, person: Person, key: str) -> HTTPResponse:
    partner = editing.get_partner(session, key)
    if partner is None:
        return web.message_page(request, "Deze partner staat niet in de verwijsindex.", 404)
    editing.retire_partner(session, person, partner)
    return web.after_post(f"/verwijsindex/{partner.key}", "gestopt")


@web.page(EDIT)
def restore(request: Request, session: Session, person: Person, key: str) -> HTTPResponse:
    partner = editing.get_partner(session, key)
    if partner is None:
        return web.message_page(request, "Deze partner staat niet in de verwijsindex.", 404)
    editing.restore_partner(session, person, partner)
    return web.after_post(f"/verwijsindex/{partner.key}", "teruggezet")


@web.page(READ)
def changes(request: Request, session: Session, person: Person) -> HTTPResponse:
    rows = _history_rows(editing.history(session))
    return web.render(request, "referral_history.html", title="Geschiedenis van de verwijsindex", rows=rows)


@web.page(EDIT)
def import_form(request: Request, session: Session, person: Person) -> HTTPResponse:
    return web.render(request, "referral_import.html", title="Verwijsindex importeren", problems=[], result=None)


@web.page(EDIT)
def import_file(request: Request, session: Session, person: Person) -> HTTPResponse:
    upload = (request.files or {}).get("bestand")
    if upload is None or not upload.body:
        problems = ["Kies eerst een bestand."]
        return web.render(
            request, "referral_import.html", 400, title="Verwijsindex importeren", problems=problems, result=None
        )
    try:
        result = editing.import_index(session, person, upload.body)
    except editing.ImportInvalid as exc:
        return web.render(
            request, "referral_import.html", 400, title="Verwijsindex importeren", problems=exc.lines, result=None
        )
    return web.render(request, "referral_import.html", title="Verwijsindex importeren", problems=[], result=result)


def _form_values(request: Request) -> Dict[str, Any]:
    values: Dict[str, Any] = {name: web.field(request, name) for name in TEXT_FIELDS}
    values["topics"] = web.fields(request, "topics")
    values["wijken"] = web.fields(request, "wijken")
    values["costs_strip"] = web.field(request, "costs_strip") == "ja"
    values["example"] = web.field(request, "example") == "ja"
    return values


def _form_page(
    request: Request,
    partner: Optional[ReferralPartner],
    values: Dict[str, Any],
    errors: Dict[str, str],
    status: int = 200,
    notice: str = "",
    session: Optional[Session] = None,
) -> HTTPResponse:
    title = f"Partner: {partner.name}" if partner else "Nieuwe partner"
    return web.render(
        request,
        "referral_form.html",
        status,
        title=title,
        partner=partner,
        values=values,
        errors=errors,
        notice=notice,
        wijken=editing.index_wijken(),
        rows=_history_rows(editing.history(session, partner.key)) if partner and session else [],
        **_labels(),
    )


def _labels() -> Dict[str, Any]:
    return {
        "topic_labels": editing.TOPIC_LABELS,
        "audiences": editing.AUDIENCES,
        "labels": editing.LABELS,
        "national": NATIONAL,
    }


def _history_rows(changes: List[ReferralChange]) -> List[Dict[str, Any]]:
    return [
        {
            "at": change.at,
            "key": change.partner_key,
            "action": change.action,
            "by": change.by_name,
            "fields": [
                (editing.LABELS.get(name, name), _shown(name, old), _shown(name, new))
                for name, (old, new) in (change.changes or {}).items()
            ],
        }
        for change in changes
    ]


def _shown(name: str, value: Any) -> str:
    """A stored value as staff read it: labels instead of codes, ja/nee, and 'landelijk' for no wijken."""
    if name == "wijken" and value == []:
        return "landelijk"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value in (None, "", []):
        return "(leeg)"
    if name == "topics" and isinstance(value, list):
        return ", ".join(editing.TOPIC_LABELS.get(t, str(t)) for t in value)
    if name == "audience":
        return editing.AUDIENCES.get(value, str(value))
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
