"""A place's temporary closures and notices: add one, remove one. Each change is a
revision of the place; the kiosks count a closure until its last day."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import clock
from ...htmx import is_swap, render
from ...models import Place
from ...ranking.closures import Closure, from_stored, ongoing, to_stored
from .. import editing
from ..hours_forms import ClosureForm, day_date
from ..pages import get_or_404, whole_number

bp = Blueprint("closures", __name__, url_prefix="/places")


def closures_context(structure: Place, form: ClosureForm | None = None) -> dict:
    """Return what the closures section shows: those not over, the add form."""
    today = clock.now().date()
    return {
        "closures": ongoing(from_stored(structure.closures), today),
        "closure_form": form or ClosureForm(formdata=None, prefix="closure"),
    }


@bp.post("/<int:place_id>/closures")
def add(place_id: int):
    """Add a closure or a notice to a place; return the section (htmx) or go back."""
    structure = get_or_404(Place, place_id)
    form = ClosureForm(prefix="closure")
    closure = form.closure(clock.now().date()) if form.validate() else None
    if closure is None:
        return _answer(structure, form, status=422)
    stored = [*from_stored(structure.closures), closure]
    return _change(structure, stored, "closure", _("Closure or notice added."))


@bp.post("/<int:place_id>/closures/remove")
def remove(place_id: int):
    """Remove the closure or notice the form names (by its values); go back."""
    structure = get_or_404(Place, place_id)
    named = _named(request.form)
    kept = [c for c in from_stored(structure.closures) if c != named]
    if named is None or len(kept) == len(structure.closures or []):
        gone = _("This closure was removed or changed meanwhile.")
        return _answer(structure, None, message=gone, error=True)
    return _change(structure, kept, "unclosure", _("Closure or notice removed."))


def _change(structure: Place, closures, action: str, message: str):
    """Save the place's new closures as a revision; answer with the section."""
    shown = whole_number(request.form.get("version"))
    unchanged = shown == structure.version
    try:
        editing.change(
            structure,
            lambda row: setattr(row, "closures", to_stored(closures)),
            current_user,
            action=action,
        )
    except editing.SaveFailed:
        refused = _("The database refused the change: nothing was changed.")
        return _answer(structure, None, message=refused, error=True)
    version = structure.version if unchanged else None
    return _answer(structure, None, message=message, editor_version=version)


def _answer(structure: Place, form, status=200, message="", error=False, **kw):
    """Return the closures section for htmx (the form's mistakes in it, 422), else
    the place's page with the message."""
    if not is_swap():
        if message:
            flash(message, "error" if error else "message")
        return redirect(url_for("admin.places.edit", place_id=structure.id))
    context = closures_context(structure, form)
    response = render(
        "admin/places/_closures.html",
        status=status,
        structure=structure,
        message=message,
        error=error,
        **context,
        **kw,
    )
    if message and not error:
        response.headers["HX-Trigger"] = "closures-changed"  # the hours preview
    return response


def _named(form) -> Closure | None:
    """Return the closure a remove form names, None when it names none."""
    try:
        start, end = day_date(form.get("starts_on")), day_date(form.get("ends_on"))
    except ValueError:
        return None
    if start is None or end is None:
        return None
    return Closure(
        start,
        end,
        form.get("closed") == "1",
        form.get("notice", ""),
        form.get("service", ""),
    )
