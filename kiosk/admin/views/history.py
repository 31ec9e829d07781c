"""Revisions of places and needs: the list, one change in detail, restore."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...htmx import render
from ...models import Revision
from ...revisions import changed_fields, comparable, history
from .. import editing
from ..pages import get_or_404

bp = Blueprint("history", __name__, url_prefix="/history")
EDIT_ENDPOINTS = {
    "structure": ("admin.places.edit", "place_id"),
    "need": ("admin.needs.edit", "need_id"),
}


def edit_url(kind: str, entity_id: int) -> str:
    """Return the editor of a place or a need."""
    endpoint, arg = EDIT_ENDPOINTS[kind]
    return url_for(endpoint, **{arg: entity_id})


def _entity_or_404(kind: str, entity_id: int):
    entity = editing.need_or_structure(kind, entity_id)
    if entity is None:
        abort(404)
    return entity


@bp.get("/<any(structure, need):kind>/<int:entity_id>")
def index(kind: str, entity_id: int):
    """Return every revision of a place or a need, newest first."""
    entity = _entity_or_404(kind, entity_id)
    revisions = [
        (
            r,
            [
                f
                for f in changed_fields(comparable(r.before or {}), comparable(r.after))
            ],
        )
        for r in history(kind, entity_id)
    ]
    return render(
        "admin/history/list.html",
        kind=kind,
        entity=entity,
        revisions=revisions,
        edit_url=edit_url(kind, entity_id),
    )


@bp.get("/revision/<int:revision_id>")
def show(revision_id: int):
    """Return one revision: each changed field before and after."""
    revision = get_or_404(Revision, revision_id)
    entity = _entity_or_404(revision.entity_type, revision.entity_id)
    before, after = comparable(revision.before or {}), comparable(revision.after)
    fields = changed_fields(before, after)
    return render(
        "admin/history/show.html",
        revision=revision,
        entity=entity,
        rows=[(f, before.get(f), after.get(f)) for f in fields],
        edit_url=edit_url(revision.entity_type, revision.entity_id),
    )


@bp.post("/revision/<int:revision_id>/restore")
def restore(revision_id: int):
    """Bring a place or a need back to this revision (a new revision itself)."""
    revision = get_or_404(Revision, revision_id)
    entity = _entity_or_404(revision.entity_type, revision.entity_id)
    try:
        done = editing.restore(entity, revision, current_user)
    except editing.SaveFailed:
        flash(_("The database refused the change: nothing was changed."), "error")
    else:
        flash(_("Restored.") if done else _("It was already like this."))
    return redirect(edit_url(revision.entity_type, revision.entity_id))
