"""What the place editor previews while staff type: hours and position."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..htmx import render
from ..models import Kiosk, Need, NeedPin, NeedPlace, Place
from ..opendata.schema import fold
from ..ranking import place_facts
from ..ranking.closures import place_state, with_closures
from ..ranking.geo import distance_m
from ..ranking.hours import week_table
from ..ranking.hours_words import hours_error
from .forms import area
from .hours_editor import apply_change
from .hours_forms import day_date
from .pages import form_errors_list, whole_number
from .values import check_position, parse_coordinate


def hours_preview_context(
    text: str | None, closures=None, week_of: date | None = None, grid_errors=()
) -> dict:
    """Return what the hours preview shows: open now and a week (the 7 days from
    today, or the week of `week_of`), the place's closures counted; or why not."""
    text = text or ""
    now = clock.now()
    start = week_of - timedelta(days=week_of.weekday()) if week_of else now.date()
    context = {
        "text": text,
        "error": hours_error(text),
        "empty": not text.strip(),
        "now": now,
        "start": start,
        "chosen": week_of is not None,
        "grid_errors": list(grid_errors),
    }
    if not context["error"]:
        week = week_table(text, start) if text.strip() else []
        context["state"] = place_state(text, closures, now)
        context["week"] = with_closures(week, closures)
    return context


FRANCE = (46.6, 2.4, 5)


def hours_live(form, structure: Place | None, **context):
    """Return the hours editor's live parts for a form read from the query string
    (the place editor's, or a place's own update form: kiosk/selfupdate/)."""
    changed = request.args.get("changed", "text")
    text = apply_change(form, changed, whole_number(request.args.get("number")))
    hours = hours_preview_context(
        text,
        structure.closures if structure else None,
        _week_of(request.args.get("preview_week")),
        [row for row in form_errors_list(form) if row[0].startswith(GRID_IDS)],
    )
    return render(
        "admin/places/_hours_live.html",
        form=form,
        changed=changed,
        hours=hours,
        **context,
    )


GRID_IDS = ("week-", "specials-")


def _week_of(text: str | None):
    """Return the day of the week to preview, None when none or not a date."""
    try:
        return day_date(text)
    except ValueError:
        return None


def map_home() -> tuple[float, float, int]:
    """Return where a map without a point opens: the first kiosk's town, else
    France."""
    kiosk = db.session.scalar(select(Kiosk).order_by(Kiosk.id).limit(1))
    return (kiosk.latitude, kiosk.longitude, 13) if kiosk else FRANCE


@dataclass
class PositionPreview:
    """A typed position, checked, and the saved one it replaces."""

    lat: float | None
    lon: float | None
    error: str | None
    old: tuple[float, float] | None
    moved_m: float | None
    home: tuple[float, float, int] = FRANCE  # where an empty map opens, and zoom


def position_context(lat_raw, lon_raw, structure) -> PositionPreview:
    """Return the preview of a typed position against the saved one of a place or
    a kiosk (None for a new one)."""
    old = None
    if structure is not None and structure.latitude is not None:
        old = (structure.latitude, structure.longitude)
    try:
        lat = parse_coordinate((lat_raw or [""])[0])
        lon = parse_coordinate((lon_raw or [""])[0])
        check_position(lat, lon, area())
    except ValueError as error:
        return PositionPreview(None, None, str(error), old, None, map_home())
    if lat is None and old is not None and not lat_raw:
        lat, lon = old  # the form was shown, not typed in: the saved position
    moved = None
    if old is not None and lat is not None and (lat, lon) != old:
        moved = distance_m(*old, lat, lon)
    return PositionPreview(lat, lon, None, old, moved, map_home())


def text_key(text: str | None) -> str:
    """Return a name or an address as a key: letters and digits, no accents or
    case ("12, Rue Saint-Michel" and "12 rue saint michel" are one)."""
    return re.sub(r"[^a-z0-9]", "", fold(text or ""))


def address_matches(typed: str, limit: int = 5) -> list[Place]:
    """Return the places with a position whose street address is in the typed
    one ("Place Pey Berland, Bordeaux" finds "Place Pey Berland", Bordeaux), or the
    typed one in theirs, by name."""
    typed_key = text_key(typed)
    if len(typed_key) < 6:
        return []
    query = select(Place).where(Place.deleted_at.is_(None), Place.latitude.isnot(None))
    found = [
        place
        for place in db.session.scalars(query.where(Place.adresse != ""))
        if text_key(place.adresse) in typed_key
        or typed_key in text_key(f"{place.adresse} {place.commune}")
    ]
    return sorted(found, key=lambda place: place.nom)[:limit]


def slugify(text: str) -> str:
    """Return ASCII words joined by dashes ("Hôtel de Ville" -> hotel-de-ville)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "lieu"


def new_place_id(typed: str, name: str) -> str:
    """Return a new place's identifier: the typed one if free, else from its name."""
    taken = set(db.session.scalars(select(Place.standard_id)))
    if typed:
        if typed in taken:
            raise ValueError(_("Another place already has this identifier."))
        return typed
    base = slugify(name)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def kiosk_reading(structure: Place) -> dict:
    """Return what the kiosk reads of a saved place: its types (declared, inferred
    from the name), fees, whether it is for the young only, the needs it answers
    (and how), the needs staff pinned it to, and the files it came from."""
    kinds = place_facts.typologies(structure.nom, structure.typologie)
    links = db.session.execute(
        select(Need, NeedPlace.reason)
        .join(NeedPlace, NeedPlace.need_id == Need.id)
        .where(NeedPlace.structure_id == structure.id)
        .order_by(Need.sort_order)
    ).all()
    pins = db.session.scalars(
        select(NeedPin).where(NeedPin.structure_id == structure.id)
    ).all()
    return {
        "inferred": place_facts.inferred_typologies(structure.nom, structure.typologie),
        "fees": place_facts.fees(
            structure.frais_a_charge, kinds, structure.dispositif_programmes_nationaux
        ),
        "youth_only": place_facts.youth_only(
            structure.nom, kinds, structure.publics_specifiquement_adresses
        ),
        "links": links,
        "pins": pins,
        "sources": structure.sources,
    }
