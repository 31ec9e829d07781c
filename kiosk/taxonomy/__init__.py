"""The need taxonomy: the tiles, their sub-needs, texts in the nine languages, the
rules that find their places and what to bring. Reference data, not demo data:
`init-db` installs it on any database, and upgrades it later without undoing what
staff changed (needs.json is the file to edit; docs/decisions.md says how).

Each need remembers what the taxonomy last installed (models.NeedReference). At the
next upgrade a field still equal to that is brought up to date; a field staff changed
is left alone; a need staff deleted is not brought back. A need older than this
bookkeeping keeps any field that differs, except an empty rule (it answers nothing).
"""

import json
from pathlib import Path

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Need, NeedReference
from ..ranking.need_rules import link_needs

NEEDS_FILE = Path(__file__).resolve().parent / "needs.json"
# needs.json's rule keys and the Need columns they fill.
RULE_COLUMNS = {
    "typologies": "rule_typologies",
    "programmes": "rule_programmes",
    "services": "rule_services",
    "supports": "rule_supports",
    "fallback_services": "rule_fallback_services",
    "publics": "rule_publics",
}


def read_needs() -> list[dict]:
    """Return the needs of the taxonomy file, in its order."""
    return json.loads(NEEDS_FILE.read_text(encoding="utf-8"))


def reference_values(row: dict) -> dict:
    """Return a need of the file as the values it gives a Need (parent by slug)."""
    rule = row.get("rule", {})
    values = {
        "parent": row.get("parent") or None,
        "pictogram": row["pictogram"],
        "sort_order": row["sort"],
        "generalist": row.get("generalist", False),
        "label": row["label"],
        "description": row.get("description", {}),
        "to_bring": row.get("to_bring", {}),
    }
    values.update({column: rule.get(key, []) for key, column in RULE_COLUMNS.items()})
    return values


def current_values(need: Need, slugs: dict[int, str]) -> dict:
    """Return a need's values in the form of reference_values."""
    values = {
        key: getattr(need, key)
        for key in ("pictogram", "sort_order", "generalist", "label", "description")
    }
    values["to_bring"] = need.to_bring
    values["parent"] = slugs.get(need.parent_id) if need.parent_id else None
    values.update(
        {column: list(getattr(need, column)) for column in RULE_COLUMNS.values()}
    )
    return values


def install_taxonomy() -> dict[str, int]:
    """Install or upgrade the need taxonomy in one transaction; return counts:
    needs added, fields brought up to date, fields staff changed and kept."""
    rows = read_needs()
    needs = {n.slug: n for n in db.session.scalars(select(Need))}
    references = {r.slug: r for r in db.session.scalars(select(NeedReference))}
    slugs = {n.id: n.slug for n in needs.values()}
    counts = {"added": 0, "updated": 0, "kept": 0}
    wanted_parents: dict[str, str | None] = {}
    now = clock.now().replace(tzinfo=None)
    for row in rows:
        slug, values = row["slug"], reference_values(row)
        reference = references.get(slug)
        need = needs.get(slug)
        if need is None and reference is not None:
            continue  # deleted by staff: stays deleted
        if need is None:
            need = needs[slug] = Need(slug=slug)
            db.session.add(need)
            counts["added"] += 1
            changes = values
        else:
            last = reference.fields if reference else None
            changes = _upgradable(current_values(need, slugs), values, last, counts)
        for key, value in changes.items():
            if key == "parent":
                wanted_parents[slug] = value
            else:
                setattr(need, key, value)
        if reference is None:
            db.session.add(NeedReference(slug=slug, fields=values, installed_at=now))
        elif reference.fields != values:
            reference.fields, reference.installed_at = values, now
    db.session.flush()
    for slug, parent in wanted_parents.items():
        needs[slug].parent_id = needs[parent].id if parent in needs else None
    link_needs()
    db.session.commit()
    return counts


def _upgradable(current: dict, values: dict, last: dict | None, counts) -> dict:
    """Return the fields to bring up to date: those staff left as last installed
    (or, with no record of the last install, an empty rule)."""
    changes = {}
    for key, value in values.items():
        if current.get(key) == value:
            continue
        untouched = (
            last.get(key) == current.get(key)
            if last is not None
            else key in RULE_COLUMNS.values() and not current.get(key)
        )
        if untouched:
            changes[key] = value
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return changes


def in_order(needs) -> list[tuple[Need, int]]:
    """Return (need, depth) as a reader lists them: each tile by its order, its
    sub-needs right under it (a sub-need whose parent is missing comes last)."""
    needs = sorted(needs, key=lambda n: (n.sort_order, n.id or 0))
    children: dict[int | None, list[Need]] = {}
    for need in needs:
        children.setdefault(need.parent_id, []).append(need)
    ordered: list[tuple[Need, int]] = []
    for top in children.get(None, []):
        ordered.append((top, 0))
        ordered.extend((child, 1) for child in children.get(top.id, []))
    placed = {need.id for need, _depth in ordered}
    ordered.extend((need, 1) for need in needs if need.id not in placed)
    return ordered
