"""Temporary closures and notices of a place (pure): the days it is closed, what to
tell visitors and when, and how a closure reads in opening_hours for the exports.

A place keeps them as a JSON list (`Place.closures`): from a day to a day (both
included), closed or a notice only, for the whole place or one of its services,
with a short text in French. Whole days only: a closed afternoon is an exception
of the hours (kiosk/ranking/week_grid.py). Nothing here reads the clock: callers
pass `now` or `today`, so a closure stops counting by itself after its last day.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .hours import (
    MIDNIGHT,
    PARIS,
    DaySchedule,
    OpeningState,
    hours_problem,
    opening_state,
)
from .week_grid import date_range_text

UPCOMING_DAYS = 14  # a closure is announced this many days before it starts
MAX_NOTICE = 200  # characters of a notice
MAX_HOPS = 12  # closures back to back looked through for the reopening


@dataclass(frozen=True)
class Closure:
    """Days a place (or one of its services) is closed, or a notice to show."""

    starts_on: date
    ends_on: date
    closed: bool = True  # False: a notice only, the place keeps its hours
    notice: str = ""  # staff's words, in French
    service: str = ""  # "" for the whole place

    @property
    def whole_place(self) -> bool:
        """Return True when the place itself is closed (not one service)."""
        return self.closed and not self.service

    def covers(self, day: date) -> bool:
        """Return True when `day` is one of its days."""
        return self.starts_on <= day <= self.ends_on

    def stored(self) -> dict:
        """Return the closure as the place keeps it (JSON)."""
        return {
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "closed": self.closed,
            "notice": self.notice,
            "service": self.service,
        }


def from_stored(values) -> tuple[Closure, ...]:
    """Return the closures a place keeps, by start; anything malformed left out."""
    closures = []
    for value in values if isinstance(values, list) else []:
        try:
            start = date.fromisoformat(value["starts_on"])
            end = date.fromisoformat(value["ends_on"])
        except (KeyError, TypeError, ValueError):
            continue
        if end < start:
            continue
        closures.append(
            Closure(
                start,
                end,
                bool(value.get("closed", True)),
                str(value.get("notice") or "")[:MAX_NOTICE],
                str(value.get("service") or ""),
            )
        )
    return tuple(sorted(closures, key=lambda c: (c.starts_on, c.ends_on)))


def to_stored(closures) -> list[dict]:
    """Return closures as a place keeps them, by start."""
    return [
        c.stored() for c in sorted(closures, key=lambda c: (c.starts_on, c.ends_on))
    ]


def closed_until(closures, day: date) -> date | None:
    """Return the last day of the whole-place closures running on `day` (back to
    back ones count as one), or None when the place is not closed that day."""
    end = None
    for _hop in range(MAX_HOPS * 4):
        running = [c for c in closures if c.whole_place and c.covers(day)]
        if not running:
            return end
        end = max(c.ends_on for c in running)
        day = end + timedelta(days=1)
    return end


def place_state(horaires: str | None, stored, now: datetime) -> OpeningState:
    """Return whether a place is open at `now`, its closures counted: closed during
    one, reopening after it; never said to open on a closed day."""
    closures = from_stored(stored)
    moment = _paris(now)
    notes = notes_for(closures, moment.date())
    until = closed_until(closures, moment.date())
    if until is not None:
        return OpeningState(
            known=True,
            open_now=False,
            closes_at=None,
            next_opening=_reopening(horaires, closures, moment.date()),
            closed_until=until,
            notes=notes,
        )
    state = replace(opening_state(horaires, moment), notes=notes)
    if state.open_now:
        cut = _next_closure_start(closures, moment.date())
        if cut is not None and (state.closes_at is None or cut < state.closes_at):
            state = replace(state, closes_at=cut)
        return state
    if state.next_opening is not None and closed_until(
        closures, state.next_opening.date()
    ):
        next_opening = _reopening(horaires, closures, state.next_opening.date())
        state = replace(state, next_opening=next_opening)
    return state


def _reopening(horaires, closures, day: date) -> datetime | None:
    """Return when the place opens after the closures running on `day`."""
    for _hop in range(MAX_HOPS):
        end = closed_until(closures, day)
        if end is None:
            return None
        after = datetime.combine(end + timedelta(days=1), MIDNIGHT, PARIS)
        state = opening_state(horaires, after)
        moment = after if state.open_now else state.next_opening
        if moment is None or closed_until(closures, moment.date()) is None:
            return moment
        day = moment.date()
    return None


def _next_closure_start(closures, today: date) -> datetime | None:
    """Return the midnight the next whole-place closure after today begins."""
    starts = [c.starts_on for c in closures if c.whole_place and c.starts_on > today]
    return datetime.combine(min(starts), MIDNIGHT, PARIS) if starts else None


def notes_for(closures, today: date) -> tuple[Closure, ...]:
    """Return what to tell visitors on `today`: the closures and notices running,
    and the closures starting within UPCOMING_DAYS."""
    soon = today + timedelta(days=UPCOMING_DAYS)
    return tuple(
        c
        for c in closures
        if c.covers(today) or (c.closed and today < c.starts_on <= soon)
    )


def ongoing(closures, today: date) -> tuple[Closure, ...]:
    """Return the closures and notices not over yet (ending today or later)."""
    return tuple(c for c in closures if c.ends_on >= today)


def with_closures(week: list[DaySchedule], stored) -> list[DaySchedule]:
    """Return a timetable with the days of whole-place closures closed, each such
    day carrying its closure (DaySchedule.closure)."""
    closures = [c for c in from_stored(stored) if c.whole_place]
    days = []
    for day in week:
        closure = next((c for c in closures if c.covers(day.day)), None)
        days.append(replace(day, ranges=(), closure=closure) if closure else day)
    return days


def exported_hours(horaires: str | None, stored, today: date) -> str:
    """Return the opening_hours to export: the hours, then each whole-place closure
    not over yet as a dated "off" rule with its notice as a comment. Hours that
    are empty, unreadable or have a fallback ("||") are exported as they are."""
    text = (horaires or "").strip().rstrip(";").strip()
    closures = [c for c in from_stored(stored) if c.whole_place and c.ends_on >= today]
    if not closures or not text or "||" in text or hours_problem(text):
        return horaires or ""
    rules = [text]
    for closure in closures:
        rule = f"{date_range_text(closure.starts_on, closure.ends_on)} off"
        notice = " ".join(closure.notice.replace('"', "'").split())
        rules.append(f'{rule} "{notice}"' if notice else rule)
    exported = "; ".join(rules)
    return exported if hours_problem(exported) is None else horaires or ""


def _paris(moment: datetime) -> datetime:
    """Return `moment` in Paris; a naive one is Paris wall time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)
