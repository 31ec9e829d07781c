"""The next workshop sessions near a kiosk, soonest first."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import clock
from ..extensions import db
from ..models import Kiosk, Place, Workshop, WorkshopSession
from ..ranking.geo import bounding_box, distance_m
from ..ranking.hours import PARIS

AHEAD = timedelta(days=31)  # the kiosk shows the month ahead
MOST = 12


@dataclass
class Upcoming:
    """A session to show: its workshop and place, how far, when (Paris time)."""

    session: WorkshopSession
    workshop: Workshop
    place: Place
    distance_m: float
    starts: datetime
    ends: datetime


def upcoming(
    kiosk: Kiosk, theme: str | None = None, most: int = MOST
) -> list[Upcoming]:
    """Return the next sessions within the kiosk's workshop radius, soonest first
    (a session under way counts until it ends)."""
    now = clock.now_utc()
    query = (
        select(WorkshopSession)
        .join(Workshop)
        .join(Place, Place.id == Workshop.structure_id)
        .where(
            WorkshopSession.ends_at > now,
            WorkshopSession.starts_at < now + AHEAD,
            Place.deleted_at.is_(None),
            Place.on_kiosk.is_(True),
            Place.latitude.is_not(None),
        )
        .options(joinedload(WorkshopSession.workshop).joinedload(Workshop.structure))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    south, north, west, east = bounding_box(
        kiosk.latitude, kiosk.longitude, kiosk.workshop_radius_m
    )
    query = query.where(
        Place.latitude.between(south, north), Place.longitude.between(west, east)
    )
    if theme:
        query = query.where(Workshop.theme == theme)
    found = []
    for session in db.session.scalars(query):
        place = session.workshop.structure
        far = distance_m(
            kiosk.latitude, kiosk.longitude, place.latitude, place.longitude
        )
        if far <= kiosk.workshop_radius_m:
            found.append(
                Upcoming(
                    session,
                    session.workshop,
                    place,
                    far,
                    _paris(session.starts_at),
                    _paris(session.ends_at),
                )
            )
            if len(found) >= most:
                break
    return found


def _paris(moment: datetime) -> datetime:
    """Return a stored (naive UTC) time in Paris."""
    return moment.replace(tzinfo=UTC).astimezone(PARIS)


def session_or_none(session_id: int) -> Upcoming | None:
    """Return a session to show on its own (its place listed), None otherwise."""
    session = db.session.get(WorkshopSession, session_id)
    if session is None:
        return None
    place = session.workshop.structure
    if place.deleted_at is not None or not place.on_kiosk:
        return None
    return _shown(session, 0.0)


def _shown(session: WorkshopSession, far: float) -> Upcoming:
    return Upcoming(
        session,
        session.workshop,
        session.workshop.structure,
        far,
        _paris(session.starts_at),
        _paris(session.ends_at),
    )


def of_place(place: Place, most: int = 40) -> list[Upcoming]:
    """Return a place's next sessions within the month ahead, soonest first."""
    now = clock.now_utc()
    query = (
        select(WorkshopSession)
        .join(Workshop)
        .where(
            Workshop.structure_id == place.id,
            WorkshopSession.ends_at > now,
            WorkshopSession.starts_at < now + AHEAD,
        )
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        .limit(most)
    )
    return [_shown(session, 0.0) for session in db.session.scalars(query)]


def this_week(kiosk: Kiosk, most: int = 4) -> list[Upcoming]:
    """Return the first sessions near a kiosk in the seven days ahead (its attract
    screen shows them like a poster)."""
    week_end = clock.now() + timedelta(days=7)
    return [item for item in upcoming(kiosk, most=most) if item.starts < week_end]
