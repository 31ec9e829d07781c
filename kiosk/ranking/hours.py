"""Opening hours: OSM `opening_hours` strings evaluated in Paris local time.

Callers pass aware datetimes in any zone; answers are aware datetimes in
Europe/Paris. Every evaluation looks at most HORIZON ahead, so no string, however
odd, makes a call search far into the future.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import chain, islice
from zoneinfo import ZoneInfo

import holidays
from opening_hours import OpeningHours, State

PARIS = ZoneInfo("Europe/Paris")
HORIZON_DAYS = 8
HORIZON = timedelta(days=HORIZON_DAYS)
MAX_LENGTH = 2_000  # OSM caps tag values at 255; longer text is pasted prose
MAX_INTERVALS = 50_000  # far above a week at one-minute steps
MIDNIGHT = time(0)

Span = tuple[datetime, datetime]
Interval = tuple[datetime, datetime, State, str]


@dataclass(frozen=True)
class OpeningState:
    """Whether a place is open at a moment, and when that changes.

    `closes_at` is None while open when the place stays open for the whole
    horizon (8 days), e.g. "24/7": it never closes as far as a visitor cares.
    `next_opening` is None while closed when nothing opens within the horizon.
    During a temporary closure (kiosk/ranking/closures.py) `closed_until` is its
    last day and `next_opening` the reopening after it; `notes` are the closures
    and notices to tell visitors about (closures.Closure).
    """

    known: bool
    open_now: bool
    closes_at: datetime | None
    next_opening: datetime | None
    closed_until: date | None = None
    notes: tuple = ()

    def opens_soon(self, now: datetime, minutes: int = 60) -> bool:
        """Return True when closed now and opening within `minutes` of `now`."""
        if self.open_now or self.next_opening is None:
            return False
        # Timestamps, not aware subtraction: same-zone subtraction ignores DST.
        wait = self.next_opening.timestamp() - _paris(now).timestamp()
        return 0 <= wait <= minutes * 60


UNKNOWN = OpeningState(known=False, open_now=False, closes_at=None, next_opening=None)


@dataclass(frozen=True)
class DaySchedule:
    """One day of a timetable; an end time of 00:00 means midnight (24:00).
    `closure`: the temporary closure that closes it (closures.with_closures)."""

    day: date
    ranges: tuple[tuple[time, time], ...]
    holiday: bool
    holiday_name: str
    closure: object = None


@dataclass(frozen=True)
class HoursProblem:
    """Why an hours text cannot be read, in no language: `kind` is "too_long",
    "incomplete" (something missing after `excerpt`), "at" (not understood at
    character `position`: `excerpt`) or "invalid"; `expected` names what the parser
    wanted there ("time", "timespan", "quote", "days", "off", "separator"). The
    staff's sentence is made from it by kiosk/ranking/hours_words.py."""

    kind: str
    position: int = 0
    excerpt: str = ""
    expected: tuple[str, ...] = ()
    length: int = 0


@lru_cache(maxsize=20_000)
def compile_hours(horaires: str | None) -> OpeningHours | None:
    """Return the parsed hours, or None when empty, too long or unparseable."""
    text = _clean(horaires)
    if not text or len(text) > MAX_LENGTH:
        return None
    parsed = _parse(_BARE_COMMENT.sub(_as_unknown, text))
    if not isinstance(parsed, OpeningHours):
        parsed = _parse(text)  # the rewrite must never reject what the parser takes
    return parsed if isinstance(parsed, OpeningHours) else None


@lru_cache(maxsize=20_000)  # the dashboard asks it of every place at each visit
def hours_problem(horaires: str | None) -> "HoursProblem | None":
    """Return None when the hours are usable or empty, else where they go wrong."""
    text = _clean(horaires)
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        return HoursProblem("too_long", length=len(text))
    parsed = _parse(text)
    if isinstance(parsed, OpeningHours):
        return None
    lead = len(horaires) - len(horaires.lstrip())
    return _describe(text, parsed, lead)


def opening_state(horaires: str | None, now: datetime) -> OpeningState:
    """Return whether the place is open at `now` and when that changes next."""
    hours = compile_hours(horaires)
    start = _paris(now)
    spans = _open_spans(hours, start, start + HORIZON, limit=1)
    if spans is None:
        return UNKNOWN
    # An "unknown" state ("Sa unknown", "24/7 unknown") counts as not open: the
    # kiosk sends someone walking there, so a maybe must not read as "open now".
    # `known` still says True, because the string itself parsed and is usable.
    if spans and spans[0][0] <= start:
        end = spans[0][1]
        closes_at = None if end >= start + HORIZON else end
        return OpeningState(
            known=True, open_now=True, closes_at=closes_at, next_opening=None
        )
    next_opening = spans[0][0] if spans else None
    return OpeningState(
        known=True, open_now=False, closes_at=None, next_opening=next_opening
    )


def week_table(horaires: str | None, start: date, days: int = 7) -> list[DaySchedule]:
    """Return one DaySchedule a day from `start`; no ranges when hours are unknown."""
    dates = [start + timedelta(days=offset) for offset in range(max(days, 0))]
    if not dates:
        return []
    begin = datetime.combine(dates[0], MIDNIGHT, PARIS)
    end = datetime.combine(dates[-1] + timedelta(days=1), MIDNIGHT, PARIS)
    spans = _open_spans(compile_hours(horaires), begin, end, limit=None) or []
    local = [(_wall(a), _wall(b)) for a, b in spans]
    return [_day_schedule(day, local) for day in dates]


def _day_schedule(day: date, local: list[Span]) -> DaySchedule:
    """Return the schedule of one day, cutting spans at its midnights."""
    day_start = datetime.combine(day, MIDNIGHT)
    day_end = day_start + timedelta(days=1)
    ranges = tuple(
        (max(a, day_start).time(), MIDNIGHT if b >= day_end else b.time())
        for a, b in local
        if a < day_end and b > day_start
    )
    name = _holiday_names(day.year).get(day, "")
    return DaySchedule(day, ranges, bool(name), name)


def _open_spans(
    hours: OpeningHours | None, start: datetime, end: datetime, limit: int | None
) -> list[Span] | None:
    """Return up to `limit` open spans between two Paris times; None if unusable."""
    if hours is None:
        return None
    pieces = (hours.intervals(a, b) for a, b in _pieces(hours, start, end))
    try:
        return list(islice(_merged(chain.from_iterable(pieces)), limit))
    except Exception:  # the parser accepted it; evaluating it must not break a page
        return None


def _pieces(hours: OpeningHours, start: datetime, end: datetime) -> Iterator[Span]:
    """Return the ranges to ask the library for: the whole one, or day by day."""
    # Asked for several days at once, opening-hours-py 2.1.4 gets every day after
    # the first wrong when the string has a "||" fallback rule.
    if "||" in str(hours):
        return _days(start, end)
    return iter([(start, end)])


def _days(start: datetime, end: datetime) -> Iterator[Span]:
    """Yield the pieces of [start, end) cut at each Paris midnight."""
    while start < end:
        midnight = datetime.combine(start.date() + timedelta(days=1), MIDNIGHT, PARIS)
        yield start, min(midnight, end)
        start = midnight


def _merged(intervals: Iterator[Interval]) -> Iterator[Span]:
    """Yield the open spans, joining neighbours split by a comment or a midnight."""
    current = None
    for a, b, state, _comment in islice(intervals, MAX_INTERVALS):
        if state == State.OPEN:
            current = (current[0] if current else a, b)
        elif current:
            yield current
            current = None
    if current:
        yield current


def _parse(text: str) -> OpeningHours | str:
    """Return the parsed hours, or the parser's error text."""
    try:
        return OpeningHours(
            text, timezone=PARIS, country="FR", max_interval_days=HORIZON_DAYS + 1
        )
    except Exception as exc:  # ParserError; UnicodeEncodeError for lone surrogates
        return str(exc)
    except BaseException as exc:
        # pyo3 turns a Rust panic into PanicException, which is a BaseException.
        if type(exc).__name__ != "PanicException":
            raise
        return ""


# The OSM specification reads a comment without open/closed/unknown before it
# ('"sur rendez-vous"', 'Sa "sur rendez-vous"') as unknown; opening-hours-py
# reads it as open, all day, which would send people to a closed door.
_BARE_COMMENT = re.compile(
    r'(?:(?:open|closed|off|unknown)\s*)?"[^"]*"', flags=re.IGNORECASE
)


def _as_unknown(comment: re.Match[str]) -> str:
    """Return the comment with "unknown " before it unless it already has a state."""
    text = comment[0]
    return f"unknown {text}" if text.startswith('"') else text


def _clean(horaires: str | None) -> str:
    """Return the text without surrounding whitespace ("" for None)."""
    return horaires.strip() if isinstance(horaires, str) else ""


def _paris(moment: datetime) -> datetime:
    """Return `moment` in Paris; a naive one is taken as Paris wall time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    # Through UTC: turns datetime.timezone.utc into the ZoneInfo the library
    # requires, and a wall time skipped in March into one that exists.
    return moment.astimezone(UTC).astimezone(PARIS)


def _wall(moment: datetime) -> datetime:
    """Return the naive Paris wall time of an aware moment."""
    return moment.astimezone(PARIS).replace(tzinfo=None)


@lru_cache(maxsize=64)
def _holiday_names(year: int) -> dict[date, str]:
    """Return the French public holidays of a year with their French names."""
    # "PH" in a string uses opening-hours-py's own calendar (years 2000-2076);
    # the two agreed on every date when checked for 2026-2027.
    return dict(holidays.country_holidays("FR", years=year, language="fr"))


# Names in the parser's "expected ..." list, in the order worth telling staff.
_HINTS = {
    "extended_time": "time",
    "timespan": "timespan",
    "comment_inner": "quote",
    "small_range_selectors": "days",
    "weekday_range": "days",
    "rules_modifier": "off",
    "any_rule_separator": "separator",
}
_POSITION = re.compile(r"-->\s*(\d+):(\d+)")
_EXPECTED = re.compile(r"=\s*expected (.+)")
_EXCERPT = 20


def _describe(text: str, error: str, lead: int) -> HoursProblem:
    """Return where the parser stopped and what it expected there."""
    found = _POSITION.search(error)
    if found is None:
        return HoursProblem("invalid")
    index = _index(text, int(found[1]), int(found[2]))
    expected = _hint(error)
    if index >= len(text):
        tail = text[-_EXCERPT:]
        prefix = "…" if len(text) > _EXCERPT else ""
        excerpt = f"{prefix}{_visible(tail)}"
        return HoursProblem("incomplete", excerpt=excerpt, expected=expected)
    part = _visible(text[index : index + _EXCERPT])
    suffix = "…" if len(text) > index + _EXCERPT else ""
    return HoursProblem("at", lead + index + 1, f"{part}{suffix}", expected=expected)


def _index(text: str, line: int, column: int) -> int:
    """Return the character offset of a 1-based line and column in text."""
    lines = text.split("\n")
    offset = sum(len(previous) + 1 for previous in lines[: line - 1]) + column - 1
    return min(max(offset, 0), len(text))


def _hint(error: str) -> tuple[str, ...]:
    """Return at most two things the parser expected, as _HINTS keys' values."""
    found = _EXPECTED.search(error)
    names = set(re.findall(r"\w+", found[1])) if found else set()
    return tuple(dict.fromkeys(h for n, h in _HINTS.items() if n in names))[:2]


def _visible(part: str) -> str:
    """Return part with invisible or control characters shown as escapes."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in part)
