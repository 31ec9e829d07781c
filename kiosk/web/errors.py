"""Error pages in the kiosk's own style, with a big Home button."""

import logging

from flask import Flask, abort, g, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import ImmutableMultiDict

from ..admin import csrf_failed, server_error
from ..extensions import db
from ..htmx import hx_refresh, is_swap
from ..public.screens import show

log = logging.getLogger(__name__)

MESSAGES = {404: "not_found", 500: "server_error", 503: "unavailable"}


def register(app: Flask) -> None:
    """Install the kiosk-style handlers for 404, 500 and 503 (the admin's own
    pages for a 500 or 503 under /admin)."""

    def handle(status: int):
        def handler(error):
            if status != 404 and is_staff_page():
                return admin_error(status)
            response = show("public/error.html", status=status, kind=MESSAGES[status])
            # offline.js swaps a 5xx only when it is ours, never a proxy's own page.
            response.headers["X-Kiosk-Error"] = MESSAGES[status]
            return response

        return handler

    for status in MESSAGES:
        app.register_error_handler(status, handle(status))
    unavailable = handle(503)

    def database_unavailable(error):
        """The database is locked or down: "one moment", without asking it again."""
        log.warning("database unavailable: %s", error.orig)
        db.session.rollback()
        g.kiosk = None  # the page's settings fall back to defaults, no second wait
        return unavailable(error)

    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(CSRFError, expired_form)
    app.before_request(refuse_nul)


def is_staff_page() -> bool:
    """Return True when the request is for a staff page (under /admin)."""
    return request.path == "/admin" or request.path.startswith("/admin/")


def admin_error(status: int):
    """Return the admin's page for a 500 or 503."""
    return server_error(status)


def refuse_nul():
    """A NUL byte in the path is a 404, and is dropped from the query string: no real
    URL has one, and PostgreSQL refuses it in a query (a 500). Staff forms drop it too
    (`StaffForm`)."""
    if "\x00" in request.path:
        abort(404)
    pairs = request.args.items(multi=True)
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        request.args = ImmutableMultiDict(
            (key.replace("\x00", ""), value.replace("\x00", ""))
            for key, value in request.args.items(multi=True)
        )


def expired_form(error):
    """Answer a POST whose CSRF token is missing or stale (a screen left open too
    long): htmx reloads the page, which brings a fresh token; others get the
    kiosk's error page, or the admin's explanation on staff pages."""
    if is_staff_page():
        return csrf_failed(error)
    if is_swap():
        return hx_refresh()
    return show("public/error.html", status=400, kind="server_error")
