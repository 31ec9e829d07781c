"""The professionals' guide: every place, printable; its search; one place's sheet;
the referral sheet. For partners, editors and administrators; nothing here writes."""

from datetime import datetime

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..admin.hours_forms import day_date
from ..admin.pages import get_or_404, whole_number
from ..extensions import db
from ..htmx import render
from ..models import Need, Place
from ..opendata.exports import all_places
from ..taxonomy import in_order
from ..web.templating import current_language
from . import bp
from . import entries as guide
from .forms import ReferralForm
from .referral import referral_sheet, to_bring


@bp.get("/guide")
def printable_guide():
    """Return the printable guide of every place."""
    now = clock.now()
    entries = guide.guide_places(all_places(), now.date(), current_language())
    return render_template(
        "guide/printable.html",
        sections=guide.sections(entries),
        index=guide.need_index(entries),
        produced=now,
    )


# Places a page of search results shows: a region has thousands of "mairie".
RESULTS_PAGE = 50


@bp.get("/recherche")
def search():
    """Return the search page, or only its results for an htmx request: one page
    of RESULTS_PAGE places (each with its week of hours), and the count of all."""
    criteria = _criteria(request.args)
    now = clock.now()
    places = guide.search_places(criteria, current_language())
    pages = max(1, -(-len(places) // RESULTS_PAGE))
    page = min(whole_number(request.args.get("page"), limit=100_000) or 1, pages)
    shown = places[(page - 1) * RESULTS_PAGE : page * RESULTS_PAGE]
    entries = guide.guide_places(shown, now.date(), current_language())
    context = {
        "criteria": criteria,
        "entries": entries,
        "total": len(places),
        "page": page,
        "pages": pages,
        "first": (page - 1) * RESULTS_PAGE + 1,
        **guide.choices(),
    }
    return render("guide/search.html", block="results", **context)


@bp.get("/lieu/<int:place_id>")
def place_sheet(place_id: int):
    """Return one place's sheet, to print."""
    place = _place_or_404(place_id)
    now = clock.now()
    (entry,) = guide.guide_places([place], now.date(), current_language())
    return render_template("guide/place.html", entry=entry, produced=now)


@bp.get("/orientation/<int:place_id>")
def referral_form(place_id: int):
    """Return the referral form of a place: the need, what to bring (filled in
    from the need and the place), the day, who sends the person."""
    place = _place_or_404(place_id)
    form = ReferralForm(formdata=request.args or None, needs=_needs())
    if not request.args.get("day"):
        need = _need(request.args.get("need"))
        form.need.data = need.slug if need else ""
        form.to_bring.data = to_bring(need, place)
        form.day.data = clock.now().date().isoformat()
        form.sender.data = current_user.email
    return render_template("guide/referral_form.html", form=form, place=place)


@bp.get("/orientation/<int:place_id>/fiche")
def referral(place_id: int):
    """Return the referral sheet to print, made from the form (nothing is kept)."""
    place = _place_or_404(place_id)
    form = ReferralForm(formdata=request.args, needs=_needs())
    if not form.validate():
        return render_template("guide/referral_form.html", form=form, place=place), 422
    try:
        day = day_date(form.day.data) or clock.now().date()
    except ValueError:
        day = clock.now().date()
    sheet = referral_sheet(
        place,
        _need(form.need.data),
        day,
        form.sentence.data or "",
        form.to_bring.data or "",
        form.sender.data or "",
    )
    return render_template("guide/referral.html", sheet=sheet, args=request.args)


def _place_or_404(place_id: int) -> Place:
    """Return a place not in the bin, else answer 404."""
    place = get_or_404(Place, place_id)
    if place.deleted_at is not None:
        abort(404)
    return place


def _need(slug: str | None) -> Need | None:
    return db.session.scalar(select(Need).where(Need.slug == slug)) if slug else None


def _needs():
    return in_order(db.session.scalars(select(Need)).all())


def _criteria(args) -> guide.Search:
    """Return the search criteria from the query string (a bad date is ignored;
    "open now" is the app's clock)."""
    open_at = clock.now() if args.get("open_now") == "1" else None
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
        public=args.get("public", ""),
        open_at=open_at,
    )
