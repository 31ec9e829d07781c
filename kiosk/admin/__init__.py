"""The staff admin: blueprint `admin` at /admin, guarded in one place (auth.protect).

Sections are nested blueprints (places, needs, history, kiosks, accounts); the
log-in page has its own unguarded blueprint (auth). Other features add their staff
pages in their own blueprints, call `protect()` on them, and may put a link in the
admin's navigation with `add_nav_link()`.
"""

from flask import (
    Blueprint,
    Flask,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..htmx import hx_refresh, is_htmx
from ..vocabularies import COMMON_TYPOLOGIES, TYPOLOGIES
from . import auth, cli, labels, pages, pictos
from .auth import protect
from .views import (
    accounts,
    closures,
    dashboard,
    data,
    history,
    kiosks,
    needs,
    pins,
    place_previews,
    places,
    translations,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")
protect(bp, "editor")
bp.register_blueprint(dashboard.bp)
bp.register_blueprint(places.bp)
bp.register_blueprint(closures.bp)
bp.register_blueprint(place_previews.bp)
bp.register_blueprint(needs.bp)
bp.register_blueprint(pins.bp)
bp.register_blueprint(translations.bp)
bp.register_blueprint(history.bp)
bp.register_blueprint(data.bp)
bp.register_blueprint(protect(kiosks.bp, "admin"))
bp.register_blueprint(protect(accounts.bp, "admin"))

__all__ = ["add_nav_link", "bp", "init_app", "protect"]


@bp.errorhandler(404)
def not_found(_error):
    """Return the admin's own "not found" page."""
    return render_template("admin/not_found.html"), 404


# The staff's menu: what they do, in that order; (label, endpoint, role, the
# endpoints that count as that section). Other features may add links after it.
MENU = (
    (_l("Home"), "admin.dashboard.index", "editor", ("admin.dashboard",)),
    (_l("Places"), "admin.places.index", "editor", ("admin.places", "admin.closures")),
    (_l("Needs"), "admin.needs.index", "editor", ("admin.needs", "admin.pins")),
    (_l("Kiosks"), "fleet.index", "editor", ("fleet", "admin.kiosks")),
    (_l("Import"), "admin.data.index", "editor", ("admin.data",)),
    (_l("Updates"), "upkeep.index", "editor", ("upkeep",)),
    (_l("Workshops"), "workshop_staff.index", "editor", ("workshop_staff",)),
    (_l("Guide"), "guide.search", "partner", ("guide",)),
    (_l("Usage"), "usage.dashboard", "editor", ("usage",)),
    (_l("Accounts"), "admin.accounts.index", "admin", ("admin.accounts",)),
)


def add_nav_link(app: Flask, label, endpoint: str, role: str = "editor") -> None:
    """Add a link to the admin's menu (label: a lazy string, shown to `role`)."""
    app.extensions.setdefault("admin_nav", []).append(
        (label, endpoint, role, (endpoint,))
    )


def admin_nav() -> list[tuple[str, str, bool]]:
    """Return the menu of this account: (label, endpoint, is it the page's)."""
    if not current_user.is_authenticated:
        return []
    here = request.endpoint or ""
    links = (*MENU, *current_app.extensions.get("admin_nav", []))
    return [
        (label, endpoint, here.startswith(sections))
        for label, endpoint, role, sections in links
        if current_user.has_role(role)
    ]


def csrf_failed(error: CSRFError):
    """Answer a refused form: htmx reloads the page (fresh token); an editor's form
    comes back as typed with a fresh token (`pages.form_again`); others explain."""
    if is_htmx():
        return hx_refresh(400)
    again = pages.form_again()
    if again is not None:
        return again
    return render_template("admin/expired.html", reason=error.description), 400


def server_error(status: int):
    """Return the admin's page for a server error (500) or a database that did not
    answer (503). Its layout leaves out the navigation and the account: they read the
    account from the database, which may be what failed."""
    return render_template("admin/error.html", status=status, bare=True), status


def uploaded_pictogram(name: str):
    """Return an uploaded pictogram from the instance folder."""
    response = send_from_directory(pictos.upload_folder(), name, max_age=31536000)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    """Register the admin: log-in, guarded sections, CSRF answer, uploads, CLI."""
    auth.init_app(app)
    app.register_blueprint(bp)
    # More specific than /static/<path:filename>, so Werkzeug matches it first.
    app.add_url_rule(
        f"/static/pictos/{pictos.UPLOADS}/<name>",
        "uploaded_pictogram",
        uploaded_pictogram,
    )
    app.jinja_env.globals.update(
        admin_nav=admin_nav,
        staff_home_url=lambda: auth.home_url(current_user),
        form_errors_list=pages.form_errors_list,
        first_error=pages.first_error,
        too_large_message=pages.too_large_message,
        picture_size_limit=pictos.size_limit,
        picture_too_large=pictos.too_large_message,
        field_label=labels.field_label,
        revision_value=labels.revision_value,
        action_name=labels.action_name,
        closure_dates=labels.closure_dates,
        format_datetime=format_datetime,
        COMMON_TYPOLOGIES=COMMON_TYPOLOGIES,
        TYPOLOGIES=TYPOLOGIES,
        need_reason=labels.need_reason,
        need_pins=pins.need_pins,
    )
    app.jinja_env.filters["place_field"] = lambda name: labels.field_label(
        "structure", name
    )
    app.jinja_env.filters["field_name"] = lambda name, kind: labels.field_label(
        kind, name
    )
    cli.register(app)
