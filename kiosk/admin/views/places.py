"""Places: list with search and filters, create, edit, verify, hide, bin, previews."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import clock
from ...extensions import db
from ...htmx import is_swap, render
from ...models import Need, Place
from ...revisions import apply, snapshot
from ...taxonomy import in_order
from ...vocabularies import TYPOLOGIES
from .. import editing
from ..auth import safe_next
from ..forms import PlaceForm
from ..hours_editor import grid_data
from ..pages import get_or_404, keeps_typing, whole_number
from ..previews import (
    hours_preview_context,
    kiosk_reading,
    new_place_id,
    position_context,
)
from ..queries import (
    PlaceFilters,
    communes,
    is_stale,
    need_choices,
    page_of,
    place_query,
)
from .closures import closures_context
from .conflict import conflict_page
from .conflict import resolve as resolve_choices

bp = Blueprint("places", __name__, url_prefix="/places")


def _list_context(filters: PlaceFilters, in_bin: bool = False) -> dict:
    today = clock.now().date()
    places, total = page_of(place_query(filters, today, in_bin), filters.page)
    needs = in_order(db.session.scalars(select(Need)).all())
    return dict(
        places=places,
        total=total,
        filters=filters,
        communes=communes(),
        typologies=TYPOLOGIES,
        needs=needs,
        today=today,
        is_stale=is_stale,
    )


@bp.get("/")
def index():
    """Return the places found by search and filters (only the rows for htmx)."""
    context = _list_context(PlaceFilters.from_args(request.args))
    return render("admin/places/list.html", block="results", **context)


@bp.get("/bin")
def bin():
    """Return the places in the bin, each with a Restore button."""
    context = _list_context(PlaceFilters.from_args(request.args), in_bin=True)
    return render("admin/places/bin.html", **context)


def _edit_page(form: PlaceForm, structure: Place | None, status: int = 200, **kw):
    """Return the place editor with its live previews."""
    return render(
        "admin/places/edit.html",
        status=status,
        form=form,
        structure=structure,
        today=clock.now().date(),
        hours=hours_preview_context(
            form.horaires.data, structure.closures if structure else None
        ),
        position=position_context(
            form.latitude.raw_data, form.longitude.raw_data, structure
        ),
        reading=kiosk_reading(structure) if structure else None,
        **(closures_context(structure) if structure else {}),
        **kw,
    )


def _version(form) -> int:
    version = whole_number(form.version.data)
    return -1 if version is None else version


@bp.route("/new", methods=["GET", "POST"])
@keeps_typing
def new():
    """Return the empty place form; on a valid POST create the place."""
    form = PlaceForm(
        data={"on_kiosk": True, "itinerance": ["Fixe"], **grid_data("")},
        needs=need_choices(),
    )
    if not form.validate_on_submit():
        return _edit_page(form, None, 422 if request.method == "POST" else 200)
    values = form.values()
    try:
        values["standard_id"] = new_place_id(values["standard_id"], values["nom"])
    except ValueError as error:
        form.standard_id.errors.append(str(error))
        return _edit_page(form, None, 422)
    structure = Place()
    apply(structure, values)
    try:
        editing.create(structure, current_user)
    except editing.SaveFailed:
        return _edit_page(form, None, 500, failed=True)
    flash(_("Place created."))
    return redirect(url_for(".edit", place_id=structure.id))


@bp.route("/<int:place_id>", methods=["GET", "POST"])
@keeps_typing
def edit(place_id: int):
    """Return a place's form; on a valid POST save it (or show the conflict)."""
    structure = get_or_404(Place, place_id)
    stored = snapshot(structure)
    form = PlaceForm(
        data=PlaceForm.from_values(stored), stored=stored, needs=need_choices()
    )
    if not form.validate_on_submit():
        return _edit_page(form, structure, 422 if request.method == "POST" else 200)
    values = {**form.values(), "standard_id": structure.standard_id}
    try:
        revision = editing.save(structure, values, current_user, _version(form))
    except editing.Conflict as conflict:
        return conflict_page(
            structure,
            values,
            conflict.current,
            _version(form),
            **_conflict_urls(structure),
        )
    except editing.SaveFailed:
        return _edit_page(form, structure, 500, failed=True)
    flash(_("Saved.") if revision else _("Nothing changed."))
    return redirect(url_for(".edit", place_id=place_id))


def _conflict_urls(structure: Place) -> dict:
    return dict(
        resolve_url=url_for(".resolve", place_id=structure.id),
        back_url=url_for(".edit", place_id=structure.id),
        name=structure.nom,
    )


@bp.post("/<int:place_id>/resolve")
def resolve(place_id: int):
    """Save the versions chosen field by field on the conflict screen."""
    structure = get_or_404(Place, place_id)
    done = url_for(".edit", place_id=place_id)
    return resolve_choices(structure, done, **_conflict_urls(structure))


def _act(structure: Place, mutate, action: str, message: str):
    """Run a one-tap action as its own revision; flash what happened."""
    try:
        editing.change(structure, mutate, current_user, action=action)
    except editing.SaveFailed:
        flash(_("The database refused the change: nothing was changed."), "error")
        return False
    flash(message)
    return True


def _back(structure: Place) -> str:
    return safe_next(request.form.get("next")) or url_for(
        ".edit", place_id=structure.id
    )


@bp.post("/<int:place_id>/verify")
def verify(place_id: int):
    """Mark a place verified today; return its row (htmx) or go back.

    From the editor, the tap sends the form's version: when nothing else changed
    the place since, the answer gives the form the new version (out of band), so
    saving the form afterwards is not a conflict with one's own tap.
    """
    structure = get_or_404(Place, place_id)
    today = clock.now().date()
    shown = whole_number(request.form.get("version"))
    unchanged = shown == structure.version
    _act(
        structure,
        lambda s: setattr(s, "verified_on", today),
        "verify",
        _("Marked as verified today."),
    )
    if is_swap():  # the one-tap button in a list row or in the editor
        return render(
            "admin/places/_verified.html",
            structure=structure,
            today=today,
            editor_version=structure.version if unchanged else None,
        )
    return redirect(_back(structure))


@bp.post("/<int:place_id>/visibility")
def visibility(place_id: int):
    """Show a place on the kiosks or hide it; go back."""
    structure = get_or_404(Place, place_id)
    shown = request.form.get("shown") == "1"
    message = _("Shown on the kiosks.") if shown else _("Hidden from the kiosks.")
    _act(
        structure,
        lambda s: setattr(s, "on_kiosk", shown),
        "show" if shown else "hide",
        message,
    )
    return redirect(_back(structure))


@bp.post("/<int:place_id>/delete")
def delete(place_id: int):
    """Move a place to the bin (the kiosks stop showing it at once)."""
    structure = get_or_404(Place, place_id)
    now = clock.now().replace(tzinfo=None)
    if _act(
        structure,
        lambda s: setattr(s, "deleted_at", now),
        "delete",
        _("Moved to the bin. You can restore it from there."),
    ):
        return redirect(url_for(".index"))
    return redirect(_back(structure))


@bp.post("/<int:place_id>/undelete")
def undelete(place_id: int):
    """Take a place out of the bin, as it was."""
    structure = get_or_404(Place, place_id)
    _act(
        structure,
        lambda s: setattr(s, "deleted_at", None),
        "undelete",
        _("Restored from the bin."),
    )
    return redirect(url_for(".edit", place_id=place_id))
