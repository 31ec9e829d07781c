"""The place editor's live previews (GET: nothing is written): the hours editor's
parts, a position on a map, the places already known at an address. The kiosk
editor uses the last two."""

from flask import Blueprint, request

from ...extensions import db
from ...htmx import render
from ...models import Kiosk, Place
from ..forms import PlaceForm
from ..pages import whole_number
from ..previews import address_matches, hours_live, position_context

bp = Blueprint("place_previews", __name__, url_prefix="/places")


@bp.get("/hours-preview")
def hours_preview():
    """Return the parts of the hours editor that follow what staff just changed
    (the grid, the text, a copied row, an exception, the week to preview), each
    to swap out of band; nothing is saved."""
    form = PlaceForm(formdata=request.args, meta={"csrf": False})
    place_id = whole_number(request.args.get("place_id"))
    structure = db.session.get(Place, place_id) if place_id else None
    return hours_live(form, structure)


@bp.get("/position-preview")
def position_preview():
    """Return the live preview of a typed position (a place's, or a kiosk's with
    ?kiosk_id=): checked, on a map to click, and how far it moved."""
    place_id = whole_number(request.args.get("place_id"))
    kiosk_id = whole_number(request.args.get("kiosk_id"))
    saved = db.session.get(Place, place_id) if place_id else None
    saved = db.session.get(Kiosk, kiosk_id) if kiosk_id else saved
    context = position_context(
        [request.args.get("latitude", "")],
        [request.args.get("longitude", "")],
        saved,
    )
    return render("admin/places/_position.html", position=context)


@bp.get("/address-lookup")
def address_lookup():
    """Return the places already known at the typed address, each with a button
    that takes its position."""
    typed = " ".join(
        request.args.get(name, "") for name in ("adresse", "address", "commune")
    )
    return render(
        "admin/places/_address_matches.html", matches=address_matches(typed[:300])
    )
