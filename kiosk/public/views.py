"""The visitor's screens: home, sub-needs, result."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    request,
    url_for,
)
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException

from .. import clock
from ..extensions import db
from ..htmx import render_screen
from ..kiosks import current_kiosk, kiosk_by_slug, kiosk_from_cookie, remember_kiosk
from ..languages import LANGUAGES
from ..models import Need
from ..ranking.candidates import best_structures_for, chosen_match, generalist_need
from ..speech.views import Screen, speakable
from ..takehome.handout import take_home_context
from ..usage.counting import count

bp = Blueprint("public", __name__)


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


# A need with its parent (the Back button) and its children (sub-needs or result?),
# in one query; built once.
NEED_BY_SLUG = (
    select(Need)
    .where(Need.slug == bindparam("slug"))
    .options(joinedload(Need.parent), joinedload(Need.children))
)


def _need_or_404(slug: str) -> Need:
    found = db.session.execute(NEED_BY_SLUG, {"slug": slug}).unique()
    need = found.scalar_one_or_none()
    if need is None:
        abort(404)
    return need


def _show(screen: Screen):
    """Return the response showing `screen` (full page or htmx fragment)."""
    return render_screen(screen.template, **screen.context)


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
    return remember_kiosk(
        redirect(url_for(".home", lang=kiosk.default_language)), kiosk
    )


@bp.get("/<lang>/")
def home(lang: str):
    """Return the home screen: the language row and the top-level need tiles."""
    screen = home_screen(lang)
    count(screen.context["kiosk"], lang, "", "screen")
    kiosk = kiosk_from_cookie()  # a tablet set up by /k/<slug>: remember it longer
    return remember_kiosk(_show(screen), kiosk) if kiosk else _show(screen)


@bp.get("/<lang>/besoin/<slug>")
def need(lang: str, slug: str):
    """Return the sub-needs screen of a need that has some, else its result."""
    screen = need_screen(lang, slug)
    result = ["result"] if "matches" in screen.context else []
    count(current_kiosk(), lang, slug, "screen", *result, *_qr_shown(screen))
    return _show(screen)


@bp.get("/<lang>/besoin/<slug>/lieu/<place>")
def place(lang: str, slug: str, place: str):
    """Return the result screen with one of the proposed places in front."""
    screen = place_screen(lang, slug, place)
    # Choosing an alternative is the same result seen again: a screen, not a result;
    # but its QR code is another place's, shown again.
    count(current_kiosk(), lang, slug, "screen", *_qr_shown(screen))
    return _show(screen)


def _qr_shown(screen: Screen) -> list[str]:
    """Return ["qr"] when the screen shows a QR code to take the place home, else []."""
    return ["qr"] if screen.context.get("qr") else []


@speakable("public.home")
def home_screen(lang: str) -> Screen:
    """Return the home screen: the top-level needs in their order."""
    kiosk = _kiosk_or_503()
    query = select(Need).where(Need.parent_id.is_(None)).order_by(Need.sort_order)
    needs = db.session.scalars(query).all()
    return Screen("public/home.html", {"kiosk": kiosk, "needs": needs})


@speakable("public.need")
def need_screen(lang: str, slug: str) -> Screen:
    """Return the sub-needs screen of a need that has some, else its result."""
    need = _need_or_404(slug)
    if need.children:
        return Screen("public/precise.html", {"need": need})
    return _result(lang, need)


@speakable("public.place")
def place_screen(lang: str, slug: str, place: str) -> Screen:
    """Return the result screen with the place `place` in front."""
    need = _need_or_404(slug)
    if need.children:
        abort(404)
    return _result(lang, need, place)


def _result(lang: str, need: Need, place: str | None = None) -> Screen:
    """Return the result screen: the best (or chosen) place, then alternatives."""
    return Screen("public/result.html", result_context(lang, need, place))


def result_context(lang: str, need: Need, place: str | None = None) -> dict:
    """Return what the result screen shows: the ranked places, the chosen one
    first (404 when `place` does not answer the need), and how to take it home."""
    kiosk, now = _kiosk_or_503(), clock.now()
    matches, fallback = best_structures_for(need, kiosk, now, lang)
    if place is not None:
        chosen = next((m for m in matches if m.structure.standard_id == place), None)
        if chosen is None:  # shown a moment ago, no longer among the best: still it
            answered = generalist_need() if fallback else need
            chosen = answered and chosen_match(answered, kiosk, now, lang, place)
            if not chosen:
                abort(404)
            matches = matches[:-1]
        matches = [chosen] + [m for m in matches if m is not chosen]
    context = dict(need=need, kiosk=kiosk, matches=matches, fallback=fallback, now=now)
    if matches:
        context.update(take_home_context(need, kiosk, matches[0], lang))
    return context


@bp.get("/<lang>/langue")
def switch_language(lang: str):
    """Redirect to the screen the visitor is on, in `lang`.

    The language row is the same on every screen (it is not sent again with each
    screen), so the screen to show again is the page the link was tapped on: the
    Referer, which the kiosk's own pages always send to themselves. A screen that
    does not exist stays missing in the new language; any other page, or none,
    leads home.
    """
    return redirect(same_screen_in(lang, request.referrer))


def same_screen_in(lang: str, page: str | None) -> str:
    """Return the URL of the kiosk screen `page` (a URL of this site) in `lang`."""
    home = url_for(".home", lang=lang)
    parts = urlsplit(page or "")
    if not parts.path or (parts.netloc and parts.netloc != request.host):
        return home
    try:
        endpoint, args = current_app.url_map.bind(request.host).match(parts.path)
    except HTTPException:  # not a page of ours (404), or one only through a redirect
        return home
    if "lang" not in args or endpoint == "public.switch_language":
        return home
    return url_for(endpoint, **{**args, "lang": lang})


@bp.get("/healthz")
def healthz():
    """Return a tiny plain-text answer: the minimal route benchmarks compare against."""
    response = make_response("ok")
    response.mimetype = "text/plain"
    return response


from . import take_home  # noqa: E402, F401 (its views join this blueprint)
