"""The week grid staff fill in, to and from an OSM `opening_hours` text (pure).

A grid holds, for each day Monday to Sunday, no range (closed) or one or two ranges;
whether public holidays are closed; and exceptions: dates with other hours, or
closed. The text stays what is stored and exported. A text the grid cannot show as
it is (comments, fallbacks, "24/7", nights past midnight, rules in an order where
one would hide another) gives None: staff edit it in the expert field.
"""

import re
from dataclasses import dataclass, field
from datetime import date, time

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
MAX_RANGES = 2
MIDNIGHT = time(0)

Range = tuple[time, time]  # an end of 00:00 is midnight (24:00)
Ranges = tuple[Range, ...]


@dataclass(frozen=True)
class Special:
    """Dates with other hours than the week's: no range means closed."""

    starts_on: date
    ends_on: date
    ranges: Ranges = ()


@dataclass(frozen=True)
class WeekGrid:
    """Opening ranges of each day, Monday first; holidays; exceptions."""

    days: tuple[Ranges, ...] = ((),) * 7
    holidays_closed: bool = True
    specials: tuple[Special, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Return True when nothing is open on any day: the hours are unknown."""
        return not any(self.days) and not self.specials


def to_opening_hours(grid: WeekGrid) -> str:
    """Return the grid as an opening_hours text ("" when it holds no hours)."""
    if grid.empty:
        return ""
    rules = [
        f"{_days_text(days)} {_ranges_text(ranges)}" for ranges, days in _groups(grid)
    ]
    if grid.holidays_closed:
        rules.append("PH off")
    for special in grid.specials:
        hours = _ranges_text(special.ranges) if special.ranges else "off"
        rules.append(f"{date_range_text(special.starts_on, special.ends_on)} {hours}")
    return "; ".join(rules)


def date_range_text(start: date, end: date) -> str:
    """Return "2026 Jul 20" or "2026 Jul 20-2026 Aug 16" (the full second date)."""
    first = f"{start.year} {MONTHS[start.month - 1]} {start.day:02d}"
    if end <= start:
        return first
    return f"{first}-{end.year} {MONTHS[end.month - 1]} {end.day:02d}"


def _groups(grid: WeekGrid) -> list[tuple[Ranges, list[int]]]:
    """Return (ranges, day numbers) of the open days, by their first day."""
    groups: dict[Ranges, list[int]] = {}
    for number, ranges in enumerate(grid.days):
        if ranges:
            groups.setdefault(tuple(ranges), []).append(number)
    return list(groups.items())


def _days_text(days: list[int]) -> str:
    """Return day numbers as "Mo-Fr", "Mo,We,Fr" or "Mo-We,Sa"."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAYS[run[0]] if len(run) == 1 else f"{DAYS[run[0]]}-{DAYS[run[-1]]}"
        for run in runs
    )


def _ranges_text(ranges: Ranges) -> str:
    """Return "08:30-12:30,13:30-17:00" (a midnight end as 24:00)."""
    return ",".join(f"{_clock(a)}-{_clock(b, end=True)}" for a, b in ranges)


def _clock(moment: time, end: bool = False) -> str:
    return "24:00" if end and moment == MIDNIGHT else f"{moment:%H:%M}"


_TIME = r"\d{1,2}:\d{2}"
_SPAN = re.compile(rf"({_TIME})\s*-\s*({_TIME})")
_TIMES = rf"{_TIME}\s*-\s*{_TIME}(?:\s*,\s*{_TIME}\s*-\s*{_TIME})*"
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAY_RULE = re.compile(
    rf"(?P<days>{_DAY}(?:\s*-\s*{_DAY})?(?:\s*,\s*{_DAY}(?:\s*-\s*{_DAY})?)*)"
    rf"\s+(?P<hours>{_TIMES}|off|closed)"
)
_MONTH = "|".join(MONTHS)
_DATE_RULE = re.compile(
    rf"(?P<y1>\d{{4}})\s+(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})"
    rf"(?:\s*-\s*(?:(?P<y2>\d{{4}})\s+)?(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}}))?"
    rf"\s+(?P<hours>{_TIMES}|off|closed)"
)
_HOLIDAYS = re.compile(r"PH\s+(?:off|closed)")


def from_opening_hours(text: str | None) -> WeekGrid | None:
    """Return the grid showing an opening_hours text, or None when the grid cannot
    show it exactly. Rules must come as the grid writes them: days, then "PH off",
    then dates (a later rule of another kind would override an earlier one)."""
    rules = [rule.strip() for rule in (text or "").strip().split(";")]
    rules = [rule for rule in rules if rule]
    days: list[Ranges] = [()] * 7
    specials: list[Special] = []
    holidays_closed, stage = False, 0
    for rule in rules:
        parsed = _rule(rule)
        if parsed is None or parsed[0] < stage:
            return None
        stage, value = parsed
        if stage == 0:
            numbers, ranges = value
            for number in numbers:
                days[number] = ranges
        elif stage == 1:
            holidays_closed = True
        else:
            specials.append(value)
    if not rules:
        holidays_closed = True  # the grid's default for new hours
    elif not any(days) and not specials:
        return None  # "PH off" or "Mo-Su off" alone: closed for good, not unknown
    return WeekGrid(tuple(days), holidays_closed, tuple(specials))


def _rule(rule: str) -> tuple[int, object] | None:
    """Return (0, (days, ranges)), (1, None) for "PH off" or (2, Special); None when
    the grid cannot show the rule."""
    found = _DAY_RULE.fullmatch(rule)
    if found:
        ranges = parse_ranges(found["hours"])
        numbers = _day_numbers(found["days"])
        return None if ranges is None or numbers is None else (0, (numbers, ranges))
    if _HOLIDAYS.fullmatch(rule):
        return 1, None
    found = _DATE_RULE.fullmatch(rule)
    if found:
        ranges = parse_ranges(found["hours"])
        special = _special(found, ranges)
        return None if special is None else (2, special)
    return None


def parse_ranges(text: str) -> Ranges | None:
    """Return the ranges of "08:30-12:30,13:30-17:00" ("off": none), or None when
    they are more than two, out of order, overlapping or past midnight."""
    if text in ("off", "closed"):
        return ()
    ranges = []
    for start, end in _SPAN.findall(text):
        a, b = _time(start), _time(end, allow_24=True)
        if a is None or b is None:
            return None
        ranges.append((a, b))
    return ranges_or_none(ranges)


def ranges_or_none(ranges: list[Range]) -> Ranges | None:
    """Return the ranges as a tuple when each ends after it starts and after the one
    before, at most MAX_RANGES; else None."""
    if len(ranges) > MAX_RANGES:
        return None
    previous_end = None
    for start, end in ranges:
        if end != MIDNIGHT and end <= start:
            return None
        if previous_end is not None and (
            previous_end == MIDNIGHT or start < previous_end
        ):
            return None
        previous_end = end
    return tuple(ranges)


def _time(text: str, allow_24: bool = False) -> time | None:
    hours, minutes = (int(part) for part in text.split(":"))
    if allow_24 and (hours, minutes) == (24, 0):
        return MIDNIGHT
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def _day_numbers(text: str) -> list[int] | None:
    """Return the day numbers of "Mo-Fr,Su" (a range may wrap: "Sa-Mo")."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", text):
        ends = [DAYS.index(day) for day in re.split(r"\s*-\s*", part)]
        first, last = ends[0], ends[-1]
        span = (last - first) % 7
        numbers.extend((first + step) % 7 for step in range(span + 1))
    return numbers


def _special(found: re.Match, ranges: Ranges | None) -> Special | None:
    """Return the Special of a date rule, None when a date does not exist or the
    range runs backwards."""
    if ranges is None:
        return None
    year = int(found["y1"])
    month = MONTHS.index(found["m1"]) + 1
    try:
        start = date(year, month, int(found["d1"]))
        end = start
        if found["d2"]:
            end_month = MONTHS.index(found["m2"]) + 1 if found["m2"] else month
            end = date(int(found["y2"] or year), end_month, int(found["d2"]))
    except ValueError:
        return None
    return Special(start, end, ranges) if end >= start else None


def chosen_text(typed: str | None, base: str | None, grid: WeekGrid | None) -> str:
    """Return the hours to keep when a form holds both the grid and the text:
    the text when it was typed since the two last agreed (`base`) or when the grid
    was not shown (None); else the grid's, unless the grid still shows `base` (the
    text is then kept as it was written, not respelled)."""
    typed, base = (typed or "").strip(), (base or "").strip()
    if grid is None or typed != base:
        return typed
    shown = from_opening_hours(base)
    if shown is not None and to_opening_hours(shown) == to_opening_hours(grid):
        return typed
    return to_opening_hours(grid)
