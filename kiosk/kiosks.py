"""Which kiosk a tablet is: remembered in a cookie, else the default kiosk."""

from flask import current_app, g, request
from sqlalchemy import bindparam, select

from .extensions import db
from .models import Kiosk

COOKIE = "kiosk"
KIOSK_BY_SLUG = select(Kiosk).where(Kiosk.slug == bindparam("slug"))  # built once


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
