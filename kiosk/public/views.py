"""The visitor's screens: home, sub-needs, result."""

from flask import Blueprint, abort, make_response, redirect, url_for
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..htmx import render_screen
from ..kiosks import COOKIE, current_kiosk, kiosk_by_slug
from ..languages import LANGUAGES
from ..matching import best_structures_for
from ..models import Need
from ..usage.counting import count

bp = Blueprint("public", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.url_value_preprocessor
def check_language(endpoint, values):
    """Refuse a language the kiosk does not speak with the kiosk's 404 page."""
    if values and "lang" in values and values["lang"] not in LANGUAGES:
        abort(404)


def _kiosk_or_503():
    kiosk = current_kiosk()
    if kiosk is None:
        abort(503)
    return kiosk


def _need_or_404(slug: str) -> Need:
    need = db.session.scalar(select(Need).where(Need.slug == slug))
    if need is None:
        abort(404)
    return need


@bp.get("/")
def index():
    """Redirect to the home screen in the kiosk's default language."""
    return redirect(url_for(".home", lang=_kiosk_or_503().default_language))


@bp.get("/k/<slug>")
def choose_kiosk(slug: str):
    """Make this tablet the kiosk `slug` (remembered in a cookie), then go home."""
    kiosk = kiosk_by_slug(slug)
    if kiosk is None:
        abort(404)
    response = redirect(url_for(".home", lang=kiosk.default_language))
    response.set_cookie(COOKIE, kiosk.slug, max_age=10 * ONE_YEAR, samesite="Lax")
    return response


@bp.get("/<lang>/")
def home(lang: str):
    """Return the home screen: the language row and the top-level need tiles."""
    kiosk = _kiosk_or_503()
    query = select(Need).where(Need.parent_id.is_(None)).order_by(Need.sort_order)
    needs = db.session.scalars(query).all()
    count(kiosk, lang, "", "screen")
    return render_screen("public/home.html", kiosk=kiosk, needs=needs)


@bp.get("/<lang>/besoin/<slug>")
def need(lang: str, slug: str):
    """Return the sub-needs screen of a need that has some, else its result."""
    need = _need_or_404(slug)
    if need.children:
        count(current_kiosk(), lang, need.slug, "screen")
        return render_screen("public/precise.html", need=need)
    return _result(lang, need)


@bp.get("/<lang>/besoin/<slug>/lieu/<place>")
def place(lang: str, slug: str, place: str):
    """Return the result screen with one of the proposed places in front."""
    need = _need_or_404(slug)
    if need.children:
        abort(404)
    return _result(lang, need, place)


def _result(lang: str, need: Need, place: str | None = None):
    """Return the result screen: the best (or chosen) place, then alternatives."""
    kiosk, now = _kiosk_or_503(), clock.now()
    matches, fallback = best_structures_for(need, kiosk, now, lang)
    if place is not None:
        chosen = next((m for m in matches if m.structure.standard_id == place), None)
        if chosen is None:
            abort(404)
        matches = [chosen] + [m for m in matches if m is not chosen]
    # Choosing an alternative is the same result seen again: a screen, not a result.
    count(kiosk, lang, need.slug, "screen", *(["result"] if place is None else []))
    return render_screen(
        "public/result.html",
        need=need,
        kiosk=kiosk,
        matches=matches,
        fallback=fallback,
        now=now,
    )


@bp.get("/healthz")
def healthz():
    """Return a tiny plain-text answer: the minimal route benchmarks compare against."""
    response = make_response("ok")
    response.mimetype = "text/plain"
    return response
