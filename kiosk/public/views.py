"""The visitor's screens: home, sub-needs, result."""

from urllib.parse import urlsplit

from flask import abort, current_app, make_response, redirect, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from ..extensions import db
from ..kiosks import (
    current_kiosk,
    enrol,
    kiosk_by_slug,
    kiosk_from_cookie,
    kiosk_of_token,
    remember_kiosk,
)
from ..models import Need
from ..usage.counting import count
from ..workshops.nearby import upcoming
from . import bp
from .results import kiosk_or_503, need_or_404, result_context
from .screens import Screen, rehearsal, show, speakable
from .take_home import printed_notice

# The needs whose sub-needs end with "Workshops near here" (when some are near).
WORKSHOP_NEEDS = ("numerique", "seniors")


def _show(screen: Screen):
    """Return the response showing `screen` (full page or htmx fragment)."""
    return show(screen.template, **screen.context)


@bp.get("/")
def index():
    """Redirect to the home screen in the kiosk's default language."""
    return redirect(url_for(".home", lang=kiosk_or_503().default_language))


@bp.get("/k/<slug>")
def choose_kiosk(slug: str):
    """Make this tablet the kiosk `slug` (remembered in a cookie), then go home."""
    kiosk = kiosk_by_slug(slug)
    if kiosk is None:
        abort(404)
    return remember_kiosk(
        redirect(url_for(".home", lang=kiosk.default_language)), kiosk
    )


@bp.get("/k/<slug>/tablette/<token>")
def enrol_tablet(slug: str, token: str):
    """Make this browser the enrolled tablet of kiosk `slug` (the link staff open on
    it, from the kiosk's admin page): it may then print, send heartbeats and count
    usage. A revoked or forged link is refused."""
    kiosk = kiosk_of_token(token)
    if kiosk is None or kiosk.slug != slug:
        abort(403)
    return enrol(redirect(url_for(".home", lang=kiosk.default_language)), kiosk, token)


@bp.get("/<lang>/")
def home(lang: str):
    """Return the home screen: the language row and the top-level need tiles."""
    screen = home_screen(lang)
    count(screen.context["kiosk"], lang, "", "screen")
    kiosk = kiosk_from_cookie()  # a tablet set up by /k/<slug>: remember it longer
    return remember_kiosk(_show(screen), kiosk) if kiosk else _show(screen)


@bp.get("/<lang>/accueil")
def desk(lang: str):
    """Return the screen that says where the reception desk is."""
    screen = desk_screen(lang)
    count(screen.context["kiosk"], lang, "", "screen")
    return _show(screen)


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
    screen.context.update(printed_notice())  # back from the page print
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
    kiosk = kiosk_or_503()
    query = select(Need).where(Need.parent_id.is_(None)).order_by(Need.sort_order)
    needs = db.session.scalars(query).all()
    workshops = bool(upcoming(kiosk, most=1))  # the tile only when some are near
    return Screen(
        "public/home.html", {"kiosk": kiosk, "needs": needs, "workshops": workshops}
    )


@speakable("public.desk")
def desk_screen(lang: str) -> Screen:
    """Return the screen of the reception desk: where it is, as staff wrote it."""
    return Screen("public/desk.html", {"kiosk": kiosk_or_503()})


@speakable("public.need")
def need_screen(lang: str, slug: str) -> Screen:
    """Return the sub-needs screen of a need that has some, else its result."""
    need = need_or_404(slug)
    if need.children:
        workshops = need.slug in WORKSHOP_NEEDS and bool(
            upcoming(kiosk_or_503(), most=1)
        )
        return Screen("public/precise.html", {"need": need, "workshops": workshops})
    return _result(lang, need)


@speakable("public.place")
def place_screen(lang: str, slug: str, place: str) -> Screen:
    """Return the result screen with the place `place` in front."""
    need = need_or_404(slug)
    if need.children:
        abort(404)
    return _result(lang, need, place)


def _result(lang: str, need: Need, place: str | None = None) -> Screen:
    """Return the result screen: the best (or chosen) place, then alternatives."""
    return Screen("public/result.html", result_context(lang, need, place))


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


@bp.get("/<lang>/repetition")
def rehearse(lang: str):
    """Return, uncounted, the screens one, two and more taps from home: the sub-needs
    of the first need that has some, and so on down to a result. The tablet lays them
    out once, hidden, after loading, so that the first visitor's taps find the
    browser's styles, fonts and code warm (static/js/kiosk.js)."""
    needs = home_screen(lang).context["needs"]
    need = next((n for n in needs if n.children), needs[0] if needs else None)
    screens = []
    while need is not None:
        screens.append(need_screen(lang, need.slug))
        need = need.children[0] if need.children else None
    response = make_response(rehearsal(screens))
    response.cache_control.no_store = True
    return response


@bp.get("/healthz")
def healthz():
    """Return a tiny plain-text answer: the minimal route benchmarks compare against."""
    response = make_response("ok")
    response.mimetype = "text/plain"
    return response
