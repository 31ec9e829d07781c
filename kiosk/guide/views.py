"""The professionals' guide: every place, printable, and its search."""

from datetime import datetime

from flask import render_template, request

from .. import clock
from ..htmx import render
from ..opendata.exports import all_places
from ..web.templating import current_language
from . import bp
from . import entries as guide


@bp.get("/guide")
def printable_guide():
    """Return the printable guide of every place, with staff-only details."""
    now = clock.now()
    entries = guide.guide_places(all_places(), now.date(), current_language())
    return render_template(
        "admin/donnees/guide.html",
        sections=guide.sections(entries),
        index=guide.need_index(entries),
        produced=now,
    )


@bp.get("/recherche")
def search():
    """Return the staff search page, or only its results for an htmx request."""
    criteria = _criteria(request.args)
    now = clock.now()
    places = guide.search_places(criteria)
    entries = guide.guide_places(places, now.date(), current_language())
    context = {"criteria": criteria, "entries": entries, **guide.choices()}
    return render("admin/donnees/search.html", block="results", **context)


def _criteria(args) -> guide.Search:
    """Return the search criteria from the query string (a bad date is ignored)."""
    open_at = None
    try:
        if args.get("open_at"):
            open_at = datetime.fromisoformat(args["open_at"])
    except ValueError:
        open_at = None
    return guide.Search(
        q=args.get("q", "").strip()[:100],
        need=args.get("need", ""),
        commune=args.get("commune", ""),
        language=args.get("language", ""),
        open_at=open_at,
    )
