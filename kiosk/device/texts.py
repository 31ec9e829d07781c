"""What the tablet's own layers say: idle warning, attract screen, reconnecting.

Settings reach the JavaScript islands through data- attributes on <body> (no inline
script: the pages must work under a strict Content-Security-Policy).
"""

import logging

from flask import url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..config import VERSION
from ..extensions import db
from ..fleet.status import HEARTBEAT_SECONDS
from ..kiosks import current_kiosk
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..web.templating import current_language

log = logging.getLogger(__name__)
IDLE_DEFAULT, IDLE_MIN, IDLE_MAX = 120, 60, 600
WARNING_SECONDS = 30  # WCAG 2.2.1 asks for at least 20


def _kiosk_or_none():
    """Return the tablet's kiosk; None when the database cannot tell (error pages)."""
    try:
        return current_kiosk()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("no kiosk for the page settings", exc_info=True)
        return None


def page_settings() -> dict[str, str | int]:
    """Return the settings of the kiosk's scripts, written as data- attributes."""
    kiosk = _kiosk_or_none()
    idle = kiosk.idle_seconds if kiosk else IDLE_DEFAULT
    language = kiosk.default_language if kiosk else DEFAULT_LANGUAGE
    return {
        "idle-seconds": min(max(idle or IDLE_DEFAULT, IDLE_MIN), IDLE_MAX),
        "warning-seconds": WARNING_SECONDS,
        "home-url": url_for("public.index"),
        "clean-home": url_for("public.home", lang=language),
        "attract": "on" if kiosk and kiosk.attract_screen else "off",
        "version": VERSION,
        "heartbeat-url": url_for("device.heartbeat"),
        "heartbeat-seconds": HEARTBEAT_SECONDS,
        "event-url": url_for("device.event"),
        "health-url": url_for("public.healthz"),
        "rehearsal-url": url_for("public.rehearse", lang=current_language()),
        "service-worker": url_for("device.service_worker"),
    }


def countdown_texts() -> dict[int, str]:
    """Return the idle countdown sentence for each second left, in the page language."""
    return {
        n: ngettext(
            "The screen will start again in %(num)d second.",
            "The screen will start again in %(num)d seconds.",
            n,
        )
        for n in range(1, WARNING_SECONDS + 1)
    }


def _in_every_language(message) -> list[dict[str, str]]:
    texts = []
    for code, language in LANGUAGES.items():
        with force_locale(code):
            texts.append({"code": code, "dir": language.direction, "text": message()})
    return texts


def reconnecting_texts() -> list[dict[str, str]]:
    """Return the reconnecting message in every kiosk language (code, dir, text)."""
    return _in_every_language(lambda: _("One moment, we are reconnecting…"))


def attract_texts() -> list[dict[str, str]]:
    """Return the attract screen's invitation in every language, the kiosk's first."""
    kiosk = _kiosk_or_none()
    first = kiosk.default_language if kiosk else DEFAULT_LANGUAGE
    texts = _in_every_language(lambda: _("Need help? Touch the screen."))
    return sorted(texts, key=lambda text: text["code"] != first)
