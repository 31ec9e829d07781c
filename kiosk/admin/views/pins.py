"""Pins: places staff choose to show first for a need, at one kiosk or at every
kiosk nearby; an explicit choice, visible on the need's page and in its history."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...htmx import render
from ...models import Kiosk, Need, NeedPin, Place
from ...ranking.candidates import PIN_RADIUS_M
from .. import editing
from ..pages import MAX_ID, get_or_404, whole_number

bp = Blueprint("pins", __name__, url_prefix="/needs")
FOUND = 10  # places a search shows


def need_pins(need: Need) -> list[NeedPin]:
    """Return a need's pins, places and kiosks loaded, by place name."""
    query = (
        select(NeedPin)
        .where(NeedPin.need_id == need.id)
        .options(joinedload(NeedPin.structure), joinedload(NeedPin.kiosk))
    )
    return sorted(db.session.scalars(query), key=lambda pin: pin.structure.nom)


def _found(text: str) -> list[Place]:
    """Return the first places whose name or town holds the text."""
    text = text.strip()[:100]
    if len(text) < 2:
        return []
    like = f"%{text}%"
    query = (
        select(Place)
        .where(
            Place.deleted_at.is_(None),
            or_(Place.nom.ilike(like), Place.commune.ilike(like)),
        )
        .order_by(Place.nom)
        .limit(FOUND)
    )
    return list(db.session.scalars(query))


@bp.get("/<int:need_id>/pins")
def index(need_id: int):
    """Return a need's pins and the places ?q= finds to pin (the results only for
    htmx's active search)."""
    need = get_or_404(Need, need_id)
    query = request.args.get("q", "")
    return render(
        "admin/needs/pins.html",
        block="found",
        need=need,
        pins=need_pins(need),
        query=query,
        found=_found(query),
        kiosks=db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all(),
        radius_km=PIN_RADIUS_M // 1000,
    )


@bp.post("/<int:need_id>/pins")
def add(need_id: int):
    """Pin a place to the need, at one kiosk or at every kiosk; back to the pins."""
    need = get_or_404(Need, need_id)
    place = db.session.get(Place, whole_number(request.form.get("place")) or 0)
    kiosk_id = whole_number(request.form.get("kiosk"))
    kiosk = db.session.get(Kiosk, kiosk_id) if kiosk_id else None
    if place is None or place.deleted_at is not None or (kiosk_id and kiosk is None):
        flash(_("This place or kiosk no longer exists: nothing was pinned."), "error")
    else:
        _save(editing.pin, need, place, kiosk, _("Place pinned."))
    return redirect(url_for(".index", need_id=need.id))


@bp.post("/<int:need_id>/pins/<int:pin_id>/delete")
def remove(need_id: int, pin_id: int):
    """Remove one of the need's pins; back to the pins."""
    need = get_or_404(Need, need_id)
    pinned = db.session.get(NeedPin, pin_id) if pin_id <= MAX_ID else None
    if pinned is None or pinned.need_id != need.id:
        flash(_("This pin was already removed."))
    else:
        _save(editing.unpin, need, pinned, _("Pin removed."))
    return redirect(url_for(".index", need_id=need.id))


def _save(action, *args_and_message) -> None:
    *args, message = args_and_message
    try:
        revision = action(*args, current_user)
    except editing.SaveFailed:
        flash(_("The database refused the change: nothing was changed."), "error")
        return
    flash(message if revision else _("Nothing changed."))
