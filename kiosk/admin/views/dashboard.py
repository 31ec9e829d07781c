"""The admin's home: what to check this week."""

from flask import Blueprint

from ... import clock
from ...htmx import render
from ..attention import attention, base_url_warning
from ..queries import (
    PlaceFilters,
    completeness,
    missing_fields,
    page_of,
    place_query,
    to_verify,
)

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def index():
    """Return the dashboard: what needs attention (each with where to fix it), the
    places to verify, and what each lacks for visitors."""
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
        attention=attention(today),
        base_url_warning=base_url_warning(),
    )
