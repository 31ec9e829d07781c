"""Revisions: a place's or a need's state as a plain dict, compared, kept, restored.

A snapshot holds every column as JSON (dates as ISO text), so a revision can be
stored, shown, compared field by field and applied back to the row.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, inspect, select
from sqlalchemy.orm import joinedload

from . import clock
from .extensions import db
from .models import Need, NeedPin, Place, Revision, User

ENTITIES = {"structure": Place, "need": Need}
# Never part of a snapshot: the row's identity and the time of its last write.
NOT_SNAPSHOTTED = {"id", "updated_at"}
# Kept in snapshots but never written back by a restore or a merge: the version is
# the database's, the bin has its own action, and what the last import said is a
# fact about that import, not about the place (restoring an old version must not
# make the next import see old file values and reopen settled conflicts).
NOT_RESTORED = {
    "version",
    "deleted_at",
    "import_snapshot",
    "imported_at",
    # A place's update links: restoring last week's state must not bring back a link
    # staff took back since, nor change who reviews what the place sends.
    "update_generation",
    "updates_reviewed",
}
# Fields shown and chosen together: a position is one thing to a person.
POSITION = ("latitude", "longitude")


def snapshot(entity) -> dict:
    """Return every column of a row as JSON-able values (and, for a need, the
    places staff pinned to it, in words: shown in its history, never restored)."""
    values = {
        column.key: _jsonable(getattr(entity, column.key))
        for column in inspect(type(entity)).columns
        if column.key not in NOT_SNAPSHOTTED
    }
    if isinstance(entity, Need) and entity.id is not None:
        values["pins"] = pin_names(entity.id)
    return values


def pin_names(need_id: int) -> list[str]:
    """Return the places pinned to a need as staff read them, in a stable order."""
    query = (
        select(NeedPin)
        .where(NeedPin.need_id == need_id)
        .options(joinedload(NeedPin.structure), joinedload(NeedPin.kiosk))
    )
    return sorted(
        f"{pin.structure.nom} ({pin.structure.standard_id}) — "
        + (pin.kiosk.name if pin.kiosk else str(_l("every kiosk")))
        for pin in db.session.scalars(query)
    )


def _jsonable(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def apply(entity, values: dict) -> None:
    """Write snapshot values onto a row (dates parsed back; version and bin left)."""
    columns = inspect(type(entity)).columns
    for key, value in values.items():
        if key in NOT_RESTORED or key in NOT_SNAPSHOTTED or key not in columns:
            continue
        kind = columns[key].type
        if value and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value and isinstance(kind, Date):
            value = date.fromisoformat(value)
        setattr(entity, key, value)


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """Return the fields whose value differs, in the order of `after`."""
    before = before or {}
    return [
        key
        for key in after
        if key not in {"version"} and _same(before.get(key), after[key]) is False
    ]


def _same(a, b) -> bool:
    """Return True when two snapshot values mean the same (None, "" and [] alike)."""
    empty = (None, "", [], {})
    if a in empty and b in empty:
        return True
    return a == b


def comparable(values: dict) -> dict:
    """Return values as a person compares them: latitude and longitude as one."""
    out = {
        k: v for k, v in values.items() if k not in POSITION and k not in NOT_RESTORED
    }
    if POSITION[0] in values:
        out["position"] = [values.get(POSITION[0]), values.get(POSITION[1])]
    return out


@dataclass
class FieldChoice:
    """One field where my version and the saved one differ, and the default pick."""

    name: str
    mine: object
    theirs: object
    default: str | None  # "mine", "theirs" or None when both changed it


def conflicts(base: dict | None, mine: dict, theirs: dict) -> list[FieldChoice]:
    """Return the fields to choose between two versions (three-way when base known)."""
    base_c = comparable(base) if base else None
    mine_c, theirs_c = comparable(mine), comparable(theirs)
    choices = []
    for name, value in mine_c.items():
        other = theirs_c.get(name)
        if _same(value, other):
            continue
        default = None
        if base_c is not None and _same(base_c.get(name), value):
            default = "theirs"  # only the other person changed it
        elif base_c is not None and _same(base_c.get(name), other):
            default = "mine"  # only I changed it
        choices.append(FieldChoice(name, value, other, default))
    return choices


def merge(mine: dict, theirs: dict, picks: dict[str, str]) -> dict:
    """Return the saved version with the fields picked "mine" taken from mine."""
    merged = dict(theirs)
    for name, pick in picks.items():
        if pick != "mine":
            continue
        keys = POSITION if name == "position" else (name,)
        for key in keys:
            if key in mine:
                merged[key] = mine[key]
    return merged


def record(*args, **kwargs) -> Revision:
    """Add `new_revision(*args, **kwargs)` to the session, flushed first so that it
    holds the row's new version."""
    db.session.flush()
    revision = new_revision(*args, **kwargs)
    db.session.add(revision)
    return revision


def new_revision(
    entity_type: str,
    entity,
    action: str,
    before: dict | None,
    user: User | None,
    who: str = "",
) -> Revision:
    """Return a revision of a row as it is now, without flushing: for callers that
    flush once for many rows (an import). `who` names the author when no account
    did it (the file of a command-line import)."""
    return Revision(
        entity_type=entity_type,
        entity_id=entity.id,
        action=action,
        user_id=user.id if user else None,
        user_email=user.email if user else who,
        created_at=clock.now().replace(tzinfo=None),
        before=before,
        after=snapshot(entity),
    )


def history(entity_type: str, entity_id: int) -> list[Revision]:
    """Return the revisions of a row, newest first."""
    query = (
        select(Revision)
        .where(Revision.entity_type == entity_type, Revision.entity_id == entity_id)
        .order_by(Revision.id.desc())
    )
    return list(db.session.scalars(query))


def state_at_version(entity_type: str, entity_id: int, version: int) -> dict | None:
    """Return the snapshot a row had at a version, when a revision kept it (as its
    state after, or, for rows loaded before any revision, as the state before)."""
    for revision in history(entity_type, entity_id):
        for state in (revision.after, revision.before or {}):
            if state.get("version") == version:
                return state
    return None
