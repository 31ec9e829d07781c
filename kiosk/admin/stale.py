"""Kiosks and accounts: a save from an older version is refused, never written over.

Places and needs have revisions and a field-by-field conflict screen
(views/conflict.py). A kiosk's settings and an account are a few fields without a
history, so a stale save is refused on the form itself: what the person typed stays
in the fields, what the other person saved is listed above them, and the form now
carries the saved version, so saving again is a deliberate choice.
"""

from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .pages import whole_number


class Stale(Exception):
    """Someone else saved the row since the form was opened."""


def check_version(row, form) -> None:
    """Raise Stale when the form was read at another version than the stored row's."""
    if row is not None and whole_number(form.version.data) != row.version:
        raise Stale


@contextmanager
def writing():
    """Run a save's writes; raise Stale (all rolled back) when an UPDATE in them met
    a newer version than the one it was read at."""
    try:
        yield
    except StaleDataError:
        db.session.rollback()
        raise Stale from None


def saved_meanwhile(form, row, names) -> list[tuple[str, str]]:
    """Return (label, saved value) where the stored row differs from what was typed;
    the form is given the stored version, so the next Save keeps the typed values."""
    db.session.rollback()  # read the row as the other person saved it
    form.version.data = str(row.version)
    return [
        (form[name].label.text, _shown(form[name], getattr(row, name)))
        for name in names
        if form[name].data != getattr(row, name)
    ]


def _shown(field, value) -> str:
    """Return a stored value as the form shows it: a choice's label, Yes or No."""
    if field.type == "BooleanField":
        return _("Yes") if value else _("No")
    for choice in getattr(field, "choices", None) or ():
        if str(choice.value) == str(value):
            return str(choice.label)
    return "" if value is None else str(value)
