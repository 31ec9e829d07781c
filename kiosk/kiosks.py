"""Which kiosk a tablet is: remembered in a cookie, else the default kiosk."""

from flask import current_app, g, request
from sqlalchemy import bindparam, select

from .extensions import db
from .models import Kiosk

COOKIE = "kiosk"
# Chromium keeps a cookie 400 days at most, whatever it is told: the cookie is set
# again on every home screen the tablet shows (each idle reset), so a tablet set up
# by hand stays its kiosk as long as it is in use, not ~13 months.
COOKIE_MAX_AGE = 400 * 24 * 3600
KIOSK_BY_SLUG = select(Kiosk).where(Kiosk.slug == bindparam("slug"))  # built once


def remember_kiosk(response, kiosk: Kiosk):
    """Return the response, telling the tablet it is `kiosk` (for 400 days more).

    No script reads the cookie (HttpOnly); it is Secure when the session cookie is
    (HTTPS=1, or a request over HTTPS: security.SessionCookie), one rule for both.
    """
    response.set_cookie(
        COOKIE,
        kiosk.slug,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.session_interface.get_cookie_secure(current_app),
    )
    return response


def kiosk_from_cookie() -> Kiosk | None:
    """Return this tablet's kiosk when its cookie names one, else None."""
    kiosk = current_kiosk()
    if kiosk is not None and request.cookies.get(COOKIE) == kiosk.slug:
        return kiosk
    return None


def current_kiosk() -> Kiosk | None:
    """Return this tablet's kiosk: its cookie, else DEFAULT_KIOSK, else the default."""
    if "kiosk" not in g:
        g.kiosk = _find(request.cookies.get(COOKIE)) or _default_kiosk()
    return g.kiosk


def _find(slug: str | None) -> Kiosk | None:
    if not slug or "\x00" in slug:  # a forged cookie; PostgreSQL refuses NUL
        return None
    return db.session.scalar(KIOSK_BY_SLUG, {"slug": slug})


def _default_kiosk() -> Kiosk | None:
    configured = _find(current_app.config.get("DEFAULT_KIOSK"))
    if configured:
        return configured
    query = select(Kiosk).order_by(Kiosk.is_default.desc(), Kiosk.id).limit(1)
    return db.session.scalar(query)


def kiosk_by_slug(slug: str) -> Kiosk | None:
    """Return the kiosk with this slug, or None."""
    return _find(slug)
