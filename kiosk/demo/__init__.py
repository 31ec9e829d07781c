"""The demo data of Bordeaux Métropole: places, kiosks and the places staff would pin
(see SOURCES.md). The needs are reference data: kiosk/taxonomy/."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Kiosk, Need, NeedPin, PipeList, Place
from ..ranking.need_rules import link_needs
from ..taxonomy import install_taxonomy
from ..workshops.calendar import import_feed

HERE = Path(__file__).resolve().parent


def _read(name: str) -> list[dict]:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split("|") if v]
    return list(value or [])


def _place_fields(row: dict) -> dict:
    """Return Place attributes from one demo place."""
    fields = {k: v for k, v in row.items() if k != "id" and hasattr(Place, k)}
    for key, value in fields.items():
        if isinstance(Place.__table__.c[key].type, PipeList):
            fields[key] = _as_list(value)
    fields["date_maj"] = (
        date.fromisoformat(row["date_maj"]) if row.get("date_maj") else None
    )
    fields["verified_on"] = fields["date_maj"]
    return fields


def _upsert(model, key: str, value: str, fields: dict):
    item = db.session.scalar(select(model).where(getattr(model, key) == value))
    if item is None:
        item = model(**{key: value})
        db.session.add(item)
    for name, field_value in fields.items():
        setattr(item, name, field_value)
    return item


def _load_pins(rows: list[dict]) -> int:
    """Pin the demo's chosen places to their needs (every kiosk); return the count."""
    needs = {n.slug: n.id for n in db.session.scalars(select(Need))}
    places = dict(db.session.execute(select(Place.standard_id, Place.id)).all())
    pinned = 0
    for row in rows:
        need_id, place_id = needs.get(row["need"]), places.get(row["place"])
        if need_id is None or place_id is None:
            continue  # staff deleted the need: the demo does not bring it back
        query = select(NeedPin).where(
            NeedPin.need_id == need_id,
            NeedPin.structure_id == place_id,
            NeedPin.kiosk_id.is_(None),
        )
        if db.session.scalar(query) is None:
            db.session.add(NeedPin(need_id=need_id, structure_id=place_id))
        pinned += 1
    return pinned


def load_demo() -> dict[str, int]:
    """Load (or refresh) the demo places, kiosks and pins in one transaction (the
    need taxonomy first, when `init-db` has not installed it); return counts."""
    if db.session.scalar(select(Need.id).limit(1)) is None:
        install_taxonomy()
    places, kiosks = _read("places.json"), _read("kiosks.json")
    for row in places:
        _upsert(Place, "standard_id", row["id"], _place_fields(row))
    for position, row in enumerate(kiosks):
        fields = {k: v for k, v in row.items() if k != "slug"}
        _upsert(Kiosk, "slug", row["slug"], {**fields, "is_default": position == 0})
    db.session.flush()
    pins = _load_pins(_read("pins.json"))
    links = link_needs()
    db.session.commit()
    # A month of workshops and more: weekly ones, expanded from today (commits).
    feed = (HERE / "workshops.ics").read_bytes()
    workshops = import_feed(feed, "demo: kiosk/demo/workshops.ics")
    return {
        "places": len(places),
        "kiosks": len(kiosks),
        "pins": pins,
        "links": links,
        "workshops": workshops.created + workshops.updated + workshops.unchanged,
    }
