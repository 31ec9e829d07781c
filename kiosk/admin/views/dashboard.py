"""The admin's home: what to check this week."""

from flask import Blueprint

from ... import clock
from ...htmx import render
from ..attention import attention, base_url_warning
from ..queries import completeness, incomplete_places, missing_fields, to_verify

bp = Blueprint("dashboard", __name__)
# The rows of each list on the dashboard: the first to deal with, and how many in all
# (a region has thousands; the place list shows them all, page by page).
DASHBOARD_ROWS = 20


@bp.get("/")
def index():
    """Return the dashboard: what needs attention (each with where to fix it), the
    places to verify, and what each lacks for visitors."""
    today = clock.now().date()
    places, stale_count = to_verify(today, DASHBOARD_ROWS)
    stale = [(p, missing_fields(p), completeness(p)) for p in places]
    incomplete, incomplete_count = incomplete_places(today, DASHBOARD_ROWS)
    return render(
        "admin/dashboard.html",
        stale=stale,
        stale_count=stale_count,
        incomplete=incomplete,
        incomplete_count=incomplete_count,
        today=today,
        attention=attention(today),
        base_url_warning=base_url_warning(),
    )
