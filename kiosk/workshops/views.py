"""The kiosk's workshop screens (the list near here, one workshop with its QR
code), the phone page a QR code opens with "add to my calendar", and the feeds."""

import json

from flask import abort, current_app, make_response, render_template
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..kiosks import current_kiosk, kiosk_by_slug
from ..models import Place, WorkshopSession
from ..public.results import kiosk_or_503
from ..public.screens import Screen, show, speakable
from ..public.take_home import PHONE_PAGE_MAX_AGE
from ..takehome.qr import qr_svg
from ..takehome.shortlinks import public_base_url
from ..usage.counting import count
from . import bp
from .calendar import export_feed, upcoming_sessions
from .nearby import of_place, session_or_none, this_week, upcoming
from .themes import REGISTRATIONS, THEMES

USAGE_NEED = "ateliers"  # the usage figures' name for the workshop screens


def attract_workshops() -> list:
    """Return this week's sessions near this tablet's kiosk, for its attract screen
    (nothing without a kiosk)."""
    kiosk = current_kiosk()
    return this_week(kiosk) if kiosk is not None else []


@bp.get("/<lang>/ateliers")
def workshops(lang: str):
    """Return the screen of the next workshops near this kiosk."""
    screen = list_screen(lang)
    count(kiosk_or_503(), lang, USAGE_NEED, "screen")
    return show(screen.template, **screen.context)


@speakable("workshops.workshops")
def list_screen(lang: str) -> Screen:
    kiosk = kiosk_or_503()
    return Screen(
        "workshops/list.html",
        {"kiosk": kiosk, "items": upcoming(kiosk), "themes": THEMES},
    )


@bp.get("/<lang>/ateliers/<int:session_id>")
def workshop(lang: str, session_id: int):
    """Return one workshop's screen: when, where, how to come, its QR code."""
    screen = workshop_screen(lang, session_id)
    count(kiosk_or_503(), lang, USAGE_NEED, "screen", "qr")
    return show(screen.template, **screen.context)


@speakable("workshops.workshop")
def workshop_screen(lang: str, session_id: int) -> Screen:
    kiosk = kiosk_or_503()
    item = session_or_none(session_id)
    if item is None:
        abort(404)
    url = f"{public_base_url()}/a/{session_id}?l={lang}"
    return Screen(
        "workshops/workshop.html",
        {
            "kiosk": kiosk,
            "item": item,
            "themes": THEMES,
            "registrations": REGISTRATIONS,
            "qr": Markup(qr_svg(url)),
            "phone_url": url,
        },
    )


@bp.get("/a/<int:session_id>")
def phone_page(session_id: int):
    """Return the phone page of a workshop session (no kiosk, no script)."""
    item = session_or_none(session_id)
    if item is None:
        return render_template("public/phone_missing.html"), 404
    return _for_phones(
        render_template(
            "workshops/phone.html",
            item=item,
            themes=THEMES,
            registrations=REGISTRATIONS,
        )
    )


@bp.get("/a/pres-de/<slug>")
def near_kiosk_list(slug: str):
    """Return the phone list of the workshops near a kiosk (the poster's QR code)."""
    kiosk = kiosk_by_slug(slug)
    if kiosk is None:
        return render_template("public/phone_missing.html"), 404
    return _phone_list(upcoming(kiosk, most=40), kiosk.name)


@bp.get("/a/lieu/<place>")
def place_list(place: str):
    """Return the phone list of a place's next workshops (its poster's QR code)."""
    found = db.session.scalar(
        select(Place).where(Place.standard_id == place, Place.deleted_at.is_(None))
    )
    if found is None or not found.on_kiosk:
        return render_template("public/phone_missing.html"), 404
    return _phone_list(of_place(found), found.nom)


def _phone_list(items, where: str):
    return _for_phones(
        render_template(
            "workshops/phone_list.html", items=items, where=where, themes=THEMES
        )
    )


def _for_phones(page: str):
    """Return a phone page, cached as the places' phone pages are (their opening
    hours must not go stale for long)."""
    response = make_response(page)
    response.cache_control.public = True
    response.cache_control.max_age = PHONE_PAGE_MAX_AGE
    return response


@bp.get("/a/<int:session_id>.ics")
def calendar_event(session_id: int):
    """Return one session as a calendar event to add ("add to my calendar")."""
    item = session_or_none(session_id)
    if item is None:
        abort(404)
    return _calendar([item.session], item.workshop.title, f"atelier-{session_id}")


@bp.get("/opendata/ateliers.ics")
def feed():
    """Return every workshop session ahead, as an iCalendar feed."""
    _open_data_or_404()
    return _calendar(upcoming_sessions(), "Ateliers", "ateliers", attachment=False)


@bp.get("/opendata/ateliers/<place>.ics")
def place_feed(place: str):
    """Return one place's workshop sessions ahead, as an iCalendar feed."""
    _open_data_or_404()
    found = db.session.scalar(
        select(Place).where(Place.standard_id == place, Place.deleted_at.is_(None))
    )
    if found is None:
        abort(404)
    sessions = upcoming_sessions(place=found)
    return _calendar(sessions, f"Ateliers — {found.nom}", place, attachment=False)


@bp.get("/opendata/ateliers.json")
def feed_json():
    """Return every workshop session ahead as a JSON list."""
    _open_data_or_404()
    rows = [_row(s) for s in upcoming_sessions()]
    response = make_response(json.dumps(rows, ensure_ascii=False, indent=1))
    response.mimetype = "application/json"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _row(session: WorkshopSession) -> dict:
    workshop, place = session.workshop, session.workshop.structure
    return {
        "uid": workshop.uid,
        "titre": workshop.title,
        "description": workshop.description,
        "theme": workshop.theme,
        "debut": session.starts_at.isoformat() + "Z",
        "fin": session.ends_at.isoformat() + "Z",
        "lieu_id": place.standard_id,
        "lieu": place.nom,
        "gratuit": workshop.free,
        "prix": workshop.price,
        "inscription": workshop.registration,
        "inscription_url": workshop.registration_url,
        "places": workshop.seats,
    }


def _open_data_or_404() -> None:
    if not current_app.config["OPEN_DATA_ENABLED"]:
        abort(404)


def _calendar(sessions, name: str, file: str, attachment: bool = True):
    response = make_response(export_feed(sessions, name))
    response.mimetype = "text/calendar"
    response.charset = "utf-8"
    how = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{how}; filename="{file}.ics"'
    if not attachment:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
