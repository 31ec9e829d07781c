"""Which kiosk a tablet is: remembered in a cookie, else the default kiosk; and
whether it is a tablet staff enrolled as that kiosk (a signed device token).

Any browser may show a kiosk's screens (`/k/<slug>`, a desk's computer). Only an
enrolled tablet prints, sends heartbeats and counts usage events: staff open the
kiosk's enrolment link on it once (admin, the kiosk's page); a new link revokes
every tablet enrolled before.
"""

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, select

from .extensions import bump, db
from .models import Kiosk

COOKIE = "kiosk"
DEVICE_COOKIE = "kiosk_device"
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
    _keep(response, COOKIE, kiosk.slug)
    enrolled = enrolled_kiosk()
    if enrolled is not None and enrolled.id == kiosk.id:  # its 400 days, again
        _keep(response, DEVICE_COOKIE, request.cookies[DEVICE_COOKIE])
    return response


def enrol(response, kiosk: Kiosk, token: str):
    """Return the response, making this browser the enrolled tablet of `kiosk`."""
    _keep(response, COOKIE, kiosk.slug)
    _keep(response, DEVICE_COOKIE, token)
    return response


def _keep(response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.session_interface.get_cookie_secure(current_app),
    )


def device_token(kiosk: Kiosk) -> str:
    """Return the token that enrols a tablet as `kiosk` (until a new one is made)."""
    return _signer().dumps([kiosk.id, kiosk.device_generation])


def kiosk_of_token(token: str) -> Kiosk | None:
    """Return the kiosk a device token enrols, None when forged or revoked."""
    try:
        kiosk_id, generation = _signer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if type(kiosk_id) is not int or type(generation) is not int:
        return None
    kiosk = db.session.get(Kiosk, kiosk_id)
    return kiosk if kiosk and kiosk.device_generation == generation else None


def enrolled_kiosk() -> Kiosk | None:
    """Return the kiosk this browser was enrolled as, None for any other browser."""
    if "enrolled" not in g:
        g.enrolled = kiosk_of_token(request.cookies.get(DEVICE_COOKIE, ""))
    return g.enrolled


def revoke_devices(kiosk: Kiosk) -> None:
    """Make a new enrolment link for `kiosk`: every tablet enrolled before stops
    printing and reporting until enrolled again. Commits (the kiosk's version is
    left alone: a form open on it loses nothing)."""
    bump(Kiosk.device_generation, kiosk.id)
    db.session.refresh(kiosk)


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-device")


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
