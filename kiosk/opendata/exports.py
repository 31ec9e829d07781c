"""Every export in one place: which places, in which order, as which file."""

from dataclasses import dataclass

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Place
from . import data_inclusion, geojson, mednum


@dataclass(frozen=True)
class Export:
    """A downloadable file: its text, media type and the standard's file name."""

    text: str
    mimetype: str
    filename: str


KINDS = ("csv", "json", "data-inclusion", "geojson")
_WRITERS = {
    "csv": (mednum.to_csv, "text/csv; charset=utf-8", "csv"),
    "json": (mednum.to_json, "application/json", "json"),
    "data-inclusion": (data_inclusion.to_json, "application/json", "json"),
    "geojson": (geojson.to_geojson, "application/geo+json", "geojson"),
}


def all_places() -> list[Place]:
    """Return every place not in the bin, by town then name: the order of every
    export (places hidden from the kiosks are public places too)."""
    query = (
        select(Place)
        .where(Place.deleted_at.is_(None))
        .order_by(Place.commune, Place.nom, Place.standard_id)
    )
    return list(db.session.scalars(query))


def export(kind: str) -> Export:
    """Return the export of every place as `kind` (one of KINDS)."""
    write, mimetype, extension = _WRITERS[kind]
    day = clock.now().date().isoformat()
    stem = (
        "structures-services-data-inclusion"
        if kind == "data-inclusion"
        else "lieux-de-mediation-numerique"
    )
    return Export(write(all_places()), mimetype, f"{day}_{stem}.{extension}")
