"""The conflict screen shared by places and needs: both versions, field by field.

The person's own version travels in a signed token (not in the session: it may be
large), so choosing per field needs no server-side draft.
"""

from flask import current_app, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from ...htmx import render
from ...revisions import conflicts, merge, snapshot, state_at_version
from .. import editing
from ..pages import whole_number

SALT = "admin-conflict"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def conflict_page(entity, mine: dict, current: dict, base_version: int, **context):
    """Return the conflict screen (409): my version against the saved one."""
    kind = editing.entity_type(entity)
    base = state_at_version(kind, entity.id, base_version)
    token = _serializer().dumps(
        {"kind": kind, "id": entity.id, "mine": mine, "base": base_version}
    )
    return render(
        "admin/conflict.html",
        status=context.pop("status", 409),
        entity=entity,
        kind=kind,
        choices=conflicts(base, mine, current),
        current=current,
        token=token,
        version=current.get("version"),
        **context,
    )


def resolve(entity, done_url: str, **context):
    """Save the fields the person chose; return a redirect, or the screen again."""
    try:
        data = _serializer().loads(request.form.get("token", ""))
    except BadSignature:
        data = None
    kind = editing.entity_type(entity)
    if not data or data.get("kind") != kind or data.get("id") != entity.id:
        return redirect(done_url)
    mine, base_version = data["mine"], data["base"]
    current = snapshot(entity)
    base = state_at_version(kind, entity.id, base_version)
    choices = conflicts(base, mine, current)
    picks = {c.name: request.form.get(f"choice-{c.name}") for c in choices}
    if any(pick not in {"mine", "theirs"} for pick in picks.values()):
        context["error"] = _("Choose a version for every field.")
        return conflict_page(entity, mine, current, base_version, status=422, **context)
    posted = whole_number(request.form.get("version"))
    try:
        editing.save(
            entity,
            merge(mine, current, picks),
            current_user,
            -1 if posted is None else posted,
        )
    except editing.Conflict as conflict:  # yet another save came in between
        return conflict_page(entity, mine, conflict.current, base_version, **context)
    except editing.SaveFailed:
        context["error"] = _("The database refused the save: nothing was changed.")
        return conflict_page(entity, mine, current, base_version, status=500, **context)
    return redirect(done_url)
