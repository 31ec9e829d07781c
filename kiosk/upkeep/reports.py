"""Errors visitors report from a place's phone page (no account, nothing about the
visitor kept): what is wrong and a short text, queued per place for staff."""

import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import clock
from ..extensions import db
from ..models import ErrorReport, Place, User

# What a visitor can say is wrong, in the order the page offers it.
KINDS = {
    "closed": _l("It has closed for good"),
    "hours": _l("The opening hours are wrong"),
    "phone": _l("The phone number is wrong"),
    "address": _l("The address is wrong"),
    "other": _l("Something else"),
}
MAX_TEXT = 300
# Text a visitor types is shown to staff as text; markup or a script is refused.
CODE = re.compile(r"<\s*[a-zA-Z/!?]|javascript:", re.IGNORECASE)


def add(place: Place, kind: str, text: str) -> ErrorReport:
    """Record a visitor's report on a place (committed)."""
    report = ErrorReport(
        structure_id=place.id,
        kind=kind,
        text=" ".join(text.split())[:MAX_TEXT],
        created_at=clock.now_utc(),
        handled_by="",
    )
    db.session.add(report)
    db.session.commit()
    return report


@dataclass
class PlaceReports:
    """The open reports on one place: how many of each kind, the texts."""

    place: Place
    counts: Counter
    reports: list[ErrorReport]


def open_by_place() -> list[PlaceReports]:
    """Return the places with reports not dealt with, the most reported first."""
    query = (
        select(ErrorReport)
        .where(ErrorReport.handled_at.is_(None))
        .order_by(ErrorReport.created_at)
    )
    grouped: dict[int, list[ErrorReport]] = {}
    for report in db.session.scalars(query):
        grouped.setdefault(report.structure_id, []).append(report)
    found = [
        PlaceReports(reports[0].structure, Counter(r.kind for r in reports), reports)
        for reports in grouped.values()
    ]
    return sorted(found, key=lambda p: (-len(p.reports), p.place.nom))


def places_reported() -> int:
    """Return how many places have reports not dealt with."""
    query = select(func.count(func.distinct(ErrorReport.structure_id))).where(
        ErrorReport.handled_at.is_(None)
    )
    return db.session.scalar(query)


def handle(place: Place, user: User) -> int:
    """Mark a place's open reports dealt with (committed); return how many."""
    done = db.session.execute(
        update(ErrorReport)
        .where(ErrorReport.structure_id == place.id, ErrorReport.handled_at.is_(None))
        .values(handled_at=clock.now_utc(), handled_by=user.email)
    )
    db.session.commit()
    return done.rowcount
