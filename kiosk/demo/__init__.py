"""The demo data of Bordeaux Métropole: places, needs and kiosks (see SOURCES.md)."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Kiosk, Need, PipeList, Structure
from ..ranking.need_rules import link_needs

HERE = Path(__file__).resolve().parent


def _read(name: str) -> list[dict]:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split("|") if v]
    return list(value or [])


def _place_fields(row: dict) -> dict:
    """Return Structure attributes from one demo place."""
    fields = {k: v for k, v in row.items() if k != "id" and hasattr(Structure, k)}
    for key, value in fields.items():
        if isinstance(Structure.__table__.c[key].type, PipeList):
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


def _load_needs(rows: list[dict]) -> None:
    needs = {}
    for row in rows:
        rule = row.get("rule", {})
        needs[row["slug"]] = _upsert(
            Need,
            "slug",
            row["slug"],
            {
                "pictogram": row["pictogram"],
                "sort_order": row["sort"],
                "generalist": row.get("generalist", False),
                "label": row["label"],
                "description": row.get("description", {}),
                "to_bring": row.get("to_bring", {}),
                "rule_services": rule.get("services", []),
                "rule_typologies": rule.get("typologies", []),
                "rule_programmes": rule.get("programmes", []),
                "rule_structures": rule.get("structures", []),
            },
        )
    db.session.flush()
    for row in rows:
        parent = needs.get(row.get("parent") or "")
        needs[row["slug"]].parent_id = parent.id if parent else None


def load_demo() -> dict[str, int]:
    """Load (or refresh) the demo data in one transaction; return counts."""
    places, needs, kiosks = (
        _read("places.json"),
        _read("needs.json"),
        _read("kiosks.json"),
    )
    for row in places:
        _upsert(Structure, "standard_id", row["id"], _place_fields(row))
    _load_needs(needs)
    for position, row in enumerate(kiosks):
        fields = {k: v for k, v in row.items() if k != "slug"}
        _upsert(Kiosk, "slug", row["slug"], {**fields, "is_default": position == 0})
    db.session.flush()
    links = link_needs()
    db.session.commit()
    return {
        "places": len(places),
        "needs": len(needs),
        "kiosks": len(kiosks),
        "links": links,
    }
