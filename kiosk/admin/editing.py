"""Every staff save: one transaction, checked against the version the person started
from, never a lost edit.

`transaction()` is the one way to write: it commits once, and rolls everything back
when another person saved the row meanwhile (Conflict) or the database refuses
(SaveFailed). Places and needs go through `save()`/`change()`, which also record a
revision and refresh the need links the kiosk reads; kiosks, accounts and the
password use `transaction()` directly (a few fields without a history: a stale save
is refused on the form itself, `saved_meanwhile`).
"""

from collections.abc import Callable
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..models import Need, NeedPin, Place, Revision, User
from ..ranking import need_rules
from ..revisions import apply, changed_fields, record, snapshot
from .fields import texts
from .pages import whole_number


class Conflict(Exception):
    """Someone else saved the row since the person opened it (`current`: the row as
    saved, for places and needs)."""

    def __init__(self, current: dict | None = None):
        super().__init__("edit conflict")
        self.current = current


class SaveFailed(Exception):
    """The database refused the save; nothing was written."""


@contextmanager
def transaction():
    """Run a save's writes and commit once; raise Conflict when an UPDATE met a newer
    version than it read, SaveFailed when the database refused: all rolled back."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict() from None
    except SQLAlchemyError as error:
        db.session.rollback()
        raise SaveFailed(str(error)) from error
    except Exception:
        db.session.rollback()
        raise


def check_version(row, form) -> None:
    """Raise Conflict when the form was read at another version than the row's."""
    if row is not None and whole_number(form.version.data) != row.version:
        raise Conflict()


def saved_meanwhile(form, row, names) -> list[tuple[str, str]]:
    """Return (label, saved value) where the stored row differs from what was typed;
    the form is given the stored version, so the next Save keeps the typed values."""
    db.session.rollback()  # read the row as the other person saved it
    form.version.data = str(row.version)
    return [
        (form[name].label.text, _shown(form[name], getattr(row, name)))
        for name in names
        if _typed(form[name]) != getattr(row, name)
    ]


def _typed(field):
    """Return a field's value as it is stored (texts per language without the empty)."""
    return texts(field.data) if field.type == "FormField" else field.data


def _shown(field, value) -> str:
    """Return a stored value as the form shows it: a choice's label, Yes or No, the
    texts of each language."""
    if isinstance(value, dict):
        return " · ".join(f"{lang}: {text}" for lang, text in value.items())
    if field.type == "BooleanField":
        return _("Yes") if value else _("No")
    for choice in getattr(field, "choices", None) or ():
        if str(choice.value) == str(value):
            return str(choice.label)
    return "" if value is None else str(value)


def entity_type(entity) -> str:
    """Return the revision name of a row's kind: "structure" or "need"."""
    return "structure" if isinstance(entity, Place) else "need"


def relink(entity) -> None:
    """Refresh the need links the kiosk reads after a place or a need changed."""
    if isinstance(entity, Place):
        need_rules.link_structure(entity)
    else:
        need_rules.link_needs()


def save(
    entity,
    values: dict,
    user: User | None,
    base_version: int | None = None,
    action: str = "update",
) -> Revision | None:
    """Apply snapshot values to a row and commit; return the revision (None if no
    change). Raise Conflict when the row moved past `base_version`, SaveFailed when
    the database refuses (everything rolled back)."""
    return change(entity, lambda row: apply(row, values), user, base_version, action)


def change(
    entity,
    mutate: Callable,
    user: User | None,
    base_version: int | None = None,
    action: str = "update",
    who: str = "",
) -> Revision | None:
    """Run `mutate(row)` in one transaction with its revision and links; commit.
    `who` names the author when no account did it (a place through its link)."""
    kind = entity_type(entity)
    if base_version is not None and entity.version != base_version:
        current = snapshot(entity)
        db.session.rollback()
        raise Conflict(current)
    before = snapshot(entity) if entity.id else None
    try:
        with transaction():
            mutate(entity)
            if entity.id is None:
                db.session.add(entity)
            db.session.flush()
            if before is not None and not changed_fields(before, snapshot(entity)):
                raise _Unchanged
            revision = record(kind, entity, action, before, user, who)
            relink(entity)
    except _Unchanged:
        return None
    except Conflict:
        fresh = db.session.get(type(entity), entity.id)
        raise Conflict(snapshot(fresh)) from None
    return revision


class _Unchanged(Exception):
    """Nothing changed: the transaction is rolled back, no revision."""


def create(entity, user: User | None) -> Revision:
    """Add a new place or need with its first revision; commit once."""
    return change(entity, lambda row: None, user, action="create")


def reorder(needs: list[Need], user: User | None) -> None:
    """Number needs 10, 20, 30... in the given order, each change a revision; one
    commit."""
    with transaction():
        for position, need in enumerate(needs, start=1):
            before = snapshot(need)
            if need.sort_order != position * 10:
                need.sort_order = position * 10
                db.session.flush()
                record("need", need, "move", before, user)


def restore(entity, revision: Revision, user: User | None) -> Revision | None:
    """Bring a row back to the state a revision left it in (itself a new revision)."""
    return save(entity, revision.after, user, action="restore")


def need_or_structure(kind: str, entity_id: int):
    """Return the place or need a revision is about, or None."""
    model = Place if kind == "structure" else Need if kind == "need" else None
    return db.session.get(model, entity_id) if model else None


def pin(need: Need, place: Place, kiosk, user: User | None) -> Revision | None:
    """Pin a place to a need (at one kiosk, or every kiosk when `kiosk` is None);
    a revision of the need says so. None when it was pinned there already."""

    def add(row: Need) -> None:
        kiosk_id = kiosk.id if kiosk else None
        query = select(NeedPin).where(
            NeedPin.need_id == row.id,
            NeedPin.structure_id == place.id,
            NeedPin.kiosk_id.is_(None)
            if kiosk_id is None
            else NeedPin.kiosk_id == kiosk_id,
        )
        if db.session.scalar(query) is None:
            db.session.add(
                NeedPin(need_id=row.id, structure_id=place.id, kiosk_id=kiosk_id)
            )

    return change(need, add, user, action="pin")


def unpin(need: Need, pinned: NeedPin, user: User | None) -> Revision | None:
    """Remove one of a need's pins; a revision of the need says so."""
    return change(need, lambda row: db.session.delete(pinned), user, action="unpin")
