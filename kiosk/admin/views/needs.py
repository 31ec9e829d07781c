"""Needs: the tiles of the kiosk, their texts, pictogram, order, parent and rule."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from ... import clock
from ...extensions import db
from ...htmx import render
from ...models import Kiosk, Need
from ...ranking.candidates import best_places_for
from ...revisions import apply, snapshot
from .. import editing, pictos
from ..fields import options
from ..pages import (
    get_or_404,
    is_editor,
    keeps_typing,
    too_large_message,
    whole_number,
)
from ..setup_forms import NeedForm
from .conflict import conflict_page
from .conflict import resolve as resolve_choices

bp = Blueprint("needs", __name__, url_prefix="/needs")


def _siblings(parent_id: int | None) -> list[Need]:
    query = select(Need).where(
        Need.parent_id.is_(parent_id)
        if parent_id is None
        else Need.parent_id == parent_id
    )
    return list(db.session.scalars(query.order_by(Need.sort_order, Need.id)))


@bp.get("/")
def index():
    """Return the needs as the kiosk orders them, sub-needs under their parent."""
    return render("admin/needs/list.html", tops=_siblings(None))


def _form(need: Need | None, posted: bool = True) -> NeedForm:
    """Return the need form with its choices: parents, pictograms, places (without
    reading the request's form when not `posted`)."""
    stored = snapshot(need) if need else {}
    data = NeedForm.from_values(stored) if need else {"pictogram": "openmoji/2753.svg"}
    form = NeedForm(data=data) if posted else NeedForm(formdata=None, data=data)
    parents = [n for n in _siblings(None) if need is None or n.id != need.id]
    form.parent_id.choices = options(
        [("", _("Home screen (top level)"))]
        + [(str(n.id), n.label.get("fr", n.slug)) for n in parents]
    )
    current = [stored["pictogram"]] if stored.get("pictogram") else []
    form.pictogram.choices = [(p, p) for p in dict.fromkeys(pictos.bundled() + current)]
    for name in NeedForm.MULTI:
        getattr(form, name).keep_unknown(stored.get(name, []))
    return form


def _check(form: NeedForm, need: Need | None) -> dict | None:
    """Return the form's values after the checks that need the database, or None."""
    values = form.values()
    clash = db.session.scalar(select(Need).where(Need.slug == values["slug"]))
    if clash is not None and clash is not need:
        form.slug.errors.append(_("Another need already has this short name."))
    if need is not None and need.children and values["parent_id"]:
        form.parent_id.errors.append(
            _("A need with sub-needs stays on the home screen.")
        )
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        try:
            limit = pictos.size_limit()
            picture = pictos.reencode(upload.read(limit + 1), limit)
            values["pictogram"] = pictos.store(*picture)
        except ValueError as error:
            form.upload.errors.append(str(error))
    if not values["pictogram"]:
        form.pictogram.errors.append(_("Choose a pictogram or upload a picture."))
    if form.slug.errors or form.parent_id.errors or form.upload.errors:
        return None
    return None if form.pictogram.errors else values


def _discard_upload(values: dict, need: Need | None) -> None:
    """Delete the picture this form uploaded when its save failed: no row names it.

    (A conflict keeps it: the conflict screen may still save it.)"""
    if values["pictogram"] != (need.pictogram if need else None):
        pictos.discard(values["pictogram"])


# Each preview is a whole ranking (~20 ms): with 200 kiosks the page took 5 s and
# held a server thread that long. The first kiosks by name stand for the others.
PREVIEW_KIOSKS = 6


def _previews(need: Need | None) -> tuple[list, int]:
    """Return, for the first PREVIEW_KIOSKS kiosks, the places each would show for
    the saved need; and how many kiosks are left out."""
    if need is None or need.id is None or need.children:
        return [], 0
    now = clock.now()
    query = select(Kiosk).order_by(Kiosk.name, Kiosk.id).limit(PREVIEW_KIOSKS)
    previews = [
        (k, *best_places_for(need, k, now, "fr")) for k in db.session.scalars(query)
    ]
    total = db.session.scalar(select(func.count()).select_from(Kiosk))
    return previews, total - len(previews)


def _edit_page(form, need, status=200, **kw):
    previews, left_out = _previews(need)
    every_kiosk = select(Kiosk).order_by(Kiosk.name, Kiosk.id)
    return render(
        "admin/needs/edit.html",
        status=status,
        form=form,
        need=need,
        previews=previews,
        previews_left_out=left_out,
        all_kiosks=db.session.scalars(every_kiosk).all() if left_out else [],
        now=clock.now(),
        **kw,
    )


@bp.get("/<int:need_id>/preview")
def preview(need_id: int):
    """Return the places one chosen kiosk shows for the saved need (the editor
    previews only the first kiosks; this is any other)."""
    need = get_or_404(Need, need_id)
    kiosk = get_or_404(Kiosk, whole_number(request.args.get("kiosk")) or 0)
    now = clock.now()
    matches, fallback = best_places_for(need, kiosk, now, "fr")
    return render(
        "admin/needs/preview.html",
        block="kiosk_preview",
        need=need,
        kiosk=kiosk,
        matches=matches,
        fallback=fallback,
        now=now,
    )


@bp.route("/new", methods=["GET", "POST"])
@keeps_typing
def new():
    """Return the empty need form; on a valid POST create the need, last in order."""
    form = _form(None)
    values = _check(form, None) if form.validate_on_submit() else None
    if values is None:
        return _edit_page(form, None, 422 if request.method == "POST" else 200)
    siblings = _siblings(values["parent_id"])
    values["sort_order"] = (siblings[-1].sort_order + 10) if siblings else 10
    need = Need()
    apply(need, values)
    try:
        editing.create(need, current_user)
    except editing.SaveFailed:
        _discard_upload(values, None)
        return _edit_page(form, None, 500, failed=True)
    flash(_("Need created."))
    return redirect(url_for(".edit", need_id=need.id))


@bp.route("/<int:need_id>", methods=["GET", "POST"])
@keeps_typing
def edit(need_id: int):
    """Return a need's form and kiosk preview; on a valid POST save it."""
    need = get_or_404(Need, need_id)
    form = _form(need)
    values = _check(form, need) if form.validate_on_submit() else None
    if values is None:
        return _edit_page(form, need, 422 if request.method == "POST" else 200)
    version = whole_number(form.version.data)
    version = -1 if version is None else version
    try:
        revision = editing.save(need, values, current_user, version)
    except editing.Conflict as conflict:
        return conflict_page(need, values, conflict.current, version, **_urls(need))
    except editing.SaveFailed:
        _discard_upload(values, need)
        return _edit_page(form, need, 500, failed=True)
    flash(_("Saved.") if revision else _("Nothing changed."))
    return redirect(url_for(".edit", need_id=need_id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Return the need's form as saved, the picture refused in its field (413).

    Werkzeug refuses the body before reading it: what was typed in the other fields
    is lost, and the page says so. With JavaScript, admin.js refuses the picture as
    soon as it is chosen, and this page is never reached.
    """
    if not is_editor():
        return error
    need_id = (request.view_args or {}).get("need_id")
    need = get_or_404(Need, need_id) if need_id else None
    form = _form(need, posted=False)
    form.upload.errors = [too_large_message()]
    return _edit_page(form, need, 413, too_large=True)


def _urls(need: Need) -> dict:
    return dict(
        resolve_url=url_for(".resolve", need_id=need.id),
        back_url=url_for(".edit", need_id=need.id),
        name=need.label.get("fr", need.slug),
    )


@bp.post("/<int:need_id>/resolve")
def resolve(need_id: int):
    """Save the versions chosen field by field on the conflict screen."""
    need = get_or_404(Need, need_id)
    return resolve_choices(need, url_for(".edit", need_id=need_id), **_urls(need))


@bp.post("/<int:need_id>/move")
def move(need_id: int):
    """Move a need one place up or down among its siblings; back to the list."""
    need = get_or_404(Need, need_id)
    siblings = _siblings(need.parent_id)
    index = siblings.index(need)
    step = -1 if request.form.get("direction") == "up" else 1
    if 0 <= index + step < len(siblings):
        siblings[index], siblings[index + step] = siblings[index + step], need
        try:
            editing.reorder(siblings, current_user)
        except editing.SaveFailed:
            flash(_("The database refused the change: nothing was changed."), "error")
    return redirect(url_for(".index", _anchor=f"need-{need.id}"))
