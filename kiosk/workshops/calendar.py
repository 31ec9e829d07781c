"""Workshops in the calendar standard (RFC 5545): an iCalendar feed imported —
recurrences and exceptions expanded (recurring-ical-events), times in any zone
turned to UTC — and the workshops exported as a feed or one session's event.

A workshop is found again by its UID: importing a feed again updates it and its
dates, never duplicates it. An event is put at the place its LOCATION names (by
name, spelling aside), else at the feed's place when one is given, else left out
and said.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import recurring_ical_events
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import clock
from ..admin.previews import text_key
from ..extensions import db
from ..models import Place, Workshop, WorkshopSession
from ..ranking.hours import PARIS
from .themes import theme_of

WINDOW_DAYS = 183  # the dates kept ahead: half a year
MAX_EVENTS = 5_000  # a feed larger than this is cut, and it is said
PRICE = re.compile(r"(\d+(?:[,.]\d+)?)\s*(?:€|euros?)", re.IGNORECASE)
PRODID = "-//Aiguillage//Ateliers//FR"


class CalendarError(ValueError):
    """The file is not an iCalendar feed."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sessions: int = 0
    left_out: list[str] = field(default_factory=list)  # why, event by event


def import_feed(data: bytes, source: str, place: Place | None = None) -> ImportReport:
    """Import the workshops of an iCalendar feed (one transaction, committed): each
    event at `place` when given, else at the one place its LOCATION names."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise CalendarError(str(error)) from None
    today = clock.now().date()
    start = datetime.combine(today, time(), PARIS)
    report = ImportReport()
    for event in [c for c in calendar.subcomponents if c.name == "VEVENT"]:
        if event.get("DTSTART") is None:  # no date: nothing to show, said
            calendar.subcomponents.remove(event)
            title = _text(event.get("SUMMARY"))[:200]
            report.left_out.append(f"« {title} »: no date")
    try:
        dates, events = _expand(calendar, start, report)
    except (KeyError, TypeError, ValueError) as error:  # a rule the library refuses
        raise CalendarError(f"{type(error).__name__}: {error}") from None
    places = _places_by_name()
    for uid, event in events.items():
        title = _text(event.get("SUMMARY"))[:200]
        location = _text(event.get("LOCATION"))
        at = place or _place_named(location, places)
        if at is None:
            report.left_out.append(f"« {title} »: no one place is named « {location} »")
            continue
        _upsert(report, uid, event, title, at, source, sorted(set(dates[uid])))
    db.session.commit()
    return report


def _expand(calendar, start: datetime, report: ImportReport) -> tuple[dict, dict]:
    """Return each event's dates (by UID) from `start` to WINDOW_DAYS later, and its
    first occurrence. The dates come sorted by start and one by one: a rule
    repeating every second is cut at MAX_EVENTS dates, never expanded whole.
    Broken series are skipped."""
    end = _utc(start + timedelta(days=WINDOW_DAYS))
    dates: dict[str, list[tuple[datetime, datetime]]] = {}
    events: dict[str, icalendar.Event] = {}
    occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).after(start)
    for number, occurrence in enumerate(occurrences):
        span = _span(occurrence)
        if span[0] >= end:
            break
        if number >= MAX_EVENTS:
            report.left_out.append(f"dates beyond the first {MAX_EVENTS}")
            break
        uid = str(occurrence.get("UID", "")).strip()[:255]
        if uid:
            events.setdefault(uid, occurrence)
            dates.setdefault(uid, []).append(span)
    return dates, events


def _span(occurrence) -> tuple[datetime, datetime]:
    """Return an occurrence's start and end as naive UTC (a whole day: 9 to 17)."""
    start, end = occurrence.get("DTSTART").dt, occurrence.get("DTEND")
    end = end.dt if end is not None else None
    if not isinstance(start, datetime):  # an all-day event
        start = datetime.combine(start, time(9), PARIS)
        end = datetime.combine(start.date(), time(17), PARIS)
    if end is None:
        duration = occurrence.get("DURATION")
        end = start + (duration.dt if duration is not None else timedelta(hours=2))
    return _utc(start), _utc(end)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # floating time: the place's, in France
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _places_by_name() -> dict[str, Place | None]:
    """Return the places by name key; None for a name several places share
    ("Médiathèque"): an event naming it goes nowhere rather than to the wrong town."""
    query = select(Place).where(Place.deleted_at.is_(None))
    found: dict[str, Place | None] = {}
    for place in db.session.scalars(query):
        key = text_key(place.nom)
        found[key] = None if key in found else place
    return found


def _place_named(location: str, places: dict[str, Place]) -> Place | None:
    """Return the place a LOCATION names: its whole text, or its part before the
    first comma (a name, then an address)."""
    for candidate in (location, location.split(",")[0]):
        found = places.get(text_key(candidate))
        if found is not None:
            return found
    return None


def _upsert(report, uid, event, title, place, source, spans) -> None:
    description = _text(event.get("DESCRIPTION"))
    categories = event.get("CATEGORIES") or []
    if not isinstance(categories, list):  # one CATEGORIES line, or several
        categories = [categories]
    words = _text(",".join(str(c) for line in categories for c in line.cats))
    values = dict(
        title=title or "Atelier",
        description=description[:500],
        theme=theme_of(words, title, description),
        structure_id=place.id,
        price=_price(description),
        registration=_registration(event, description),
        registration_url=_web(event.get("URL")),
        source=source[:500],
    )
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    if workshop is None:
        workshop = Workshop(uid=uid, languages=["fr"], audience=[], **values)
        db.session.add(workshop)
        report.created += 1
    elif (
        any(getattr(workshop, k) != v for k, v in values.items())
        or [(s.starts_at, s.ends_at) for s in workshop.sessions] != spans
    ):
        for key, value in values.items():
            setattr(workshop, key, value)
        report.updated += 1
    else:
        report.unchanged += 1
    kept = {(s.starts_at, s.ends_at): s for s in workshop.sessions}
    workshop.sessions = [
        kept.get(span) or WorkshopSession(starts_at=span[0], ends_at=span[1])
        for span in spans
    ]
    report.sessions += len(spans)


def _price(description: str) -> str:
    """Return the price a description states ("5 €"), "" when free or silent."""
    if re.search(r"\bgratuit", description, re.IGNORECASE):
        return ""
    found = PRICE.search(description)
    return f"{found[1]} €" if found else ""


def _registration(event, description: str) -> str:
    text = description.casefold()
    if "sans inscription" in text or "entrée libre" in text:
        return "walk_in"
    if event.get("URL") and "inscri" in text:
        return "link"
    if "inscri" in text:
        return "phone" if re.search(r"\b0\d(?:[ .]?\d\d){4}\b", text) else "desk"
    return "walk_in"


def _web(value) -> str:
    text = str(value or "").strip()
    return text[:500] if text.startswith(("https://", "http://")) else ""


def export_feed(sessions: list[WorkshopSession], name: str) -> bytes:
    """Return an iCalendar feed of these sessions, one event each (UTC times)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = clock.now().astimezone(UTC)
    for session in sessions:
        calendar.add_component(_event(session, stamp))
    return calendar.to_ical()


def _event(session: WorkshopSession, stamp: datetime) -> icalendar.Event:
    workshop, place = session.workshop, session.workshop.structure
    event = icalendar.Event()
    event.add("uid", f"{workshop.uid}/{session.starts_at:%Y%m%dT%H%M%SZ}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.replace(tzinfo=UTC))
    event.add("dtend", session.ends_at.replace(tzinfo=UTC))
    event.add("summary", workshop.title)
    if workshop.description:
        event.add("description", workshop.description)
    address = ", ".join(
        part
        for part in (place.nom, place.adresse, f"{place.code_postal} {place.commune}")
        if part.strip()
    )
    event.add("location", address)
    if place.latitude is not None:
        event.add("geo", (place.latitude, place.longitude))
    if workshop.registration_url:
        event.add("url", workshop.registration_url)
    return event


def upcoming_sessions(
    since: date | None = None, place: Place | None = None
) -> list[WorkshopSession]:
    """Return every session from `since` (today) on, of places in the guide (or of
    `place`), soonest first, their workshop and place loaded with them."""
    start = datetime.combine(since or clock.now().date(), time(), PARIS)
    query = (
        select(WorkshopSession)
        .join(Workshop)
        .join(Place, Place.id == Workshop.structure_id)
        .where(
            WorkshopSession.starts_at >= _utc(start),
            Place.deleted_at.is_(None),
            Place.on_kiosk.is_(True),
        )
        .options(joinedload(WorkshopSession.workshop).joinedload(Workshop.structure))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    if place is not None:
        query = query.where(Place.id == place.id)
    return list(db.session.scalars(query))
