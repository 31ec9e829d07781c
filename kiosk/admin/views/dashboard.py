"""The admin's home: what to check this week."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.security import check_password_hash

from ... import clock
from ...htmx import render
from ...takehome.shortlinks import public_base_url_warning
from .. import editing
from ..auth import hash_password
from ..queries import (
    PlaceFilters,
    completeness,
    missing_fields,
    page_of,
    place_query,
    to_verify,
)
from ..setup_forms import PasswordForm

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def index():
    """Return the dashboard: places to verify, and what each lacks for visitors."""
    today = clock.now().date()
    places = to_verify(today)
    stale = [(p, missing_fields(p), completeness(p)) for p in places]
    listed, _total = page_of(place_query(PlaceFilters(), today), 1, size=None)
    incomplete = sorted(
        ((p, missing_fields(p), completeness(p)) for p in listed),
        key=lambda row: (row[2], row[0].nom),
    )
    incomplete = [row for row in incomplete if row[1]]
    return render(
        "admin/dashboard.html",
        stale=stale,
        incomplete=incomplete,
        today=today,
        base_url_warning=public_base_url_warning(),
    )


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Return the form to change one's own password; other sessions end on change."""
    form = PasswordForm()
    if form.validate_on_submit():
        if check_password_hash(current_user.password_hash, form.current.data):
            try:
                with editing.transaction():
                    current_user.password_hash = hash_password(form.password.data)
            except (editing.Conflict, editing.SaveFailed):
                form.form_errors.append(
                    _("The database refused the change: nothing was changed.")
                )
                return render("admin/password.html", form=form, status=422)
            # this session follows the new password
            login_user(current_user._get_current_object())
            flash(_("Password changed."))
            return redirect(url_for(".index"))
        form.current.errors.append(_("This is not your current password."))
    status = 422 if request.method == "POST" else 200
    return render("admin/password.html", form=form, status=status)
