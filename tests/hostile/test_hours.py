"""The opening-hours wrapper under any text and any moment: it never raises.

Strings come from two strategies: arbitrary text (lone surrogates and control
characters included), and fragments of the OSM grammar glued together the way staff
and open-data files get them almost right. Moments include the two daylight-saving
changes of Paris, naive times, other zones and the edges of the parser's calendar.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.ranking.hours import (
    HORIZON,
    MIDNIGHT,
    PARIS,
    compile_hours,
    opening_state,
    week_table,
)
from kiosk.ranking.hours_words import hours_error

from .conftest import tried

DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH", "SH"]
STATES = ["", " off", " closed", " open", " unknown", ' "sur rendez-vous"']
SEPARATORS = ["; ", ", ", " || ", ";", ",", "||", " ", ""]


@st.composite
def clock_times(draw) -> str:
    """Return a time as OSM writes it, sometimes out of range (24:00, 25:00, 9h)."""
    hour = draw(st.sampled_from([0, 8, 9, 12, 17, 23, 24, 25, 99]))
    minute = draw(st.sampled_from([0, 30, 59, 60]))
    style = draw(st.sampled_from(["{h:02}:{m:02}", "{h}:{m:02}", "{h}h", "{h}h{m}"]))
    return style.format(h=hour, m=minute)


@st.composite
def rules(draw) -> str:
    """Return one rule: days, time ranges, a state, sometimes a comment."""
    first, last = draw(st.sampled_from(DAYS)), draw(st.sampled_from(DAYS))
    days = draw(st.sampled_from([first, f"{first}-{last}", f"{first},{last}", ""]))
    spans = draw(
        st.lists(st.tuples(clock_times(), clock_times()), min_size=0, max_size=3)
    )
    times = ",".join(f"{a}-{b}" for a, b in spans)
    extra = draw(st.sampled_from(["", "24/7", "sunrise-sunset", "week 1-53", "Jan"]))
    return f"{days} {times}{extra}{draw(st.sampled_from(STATES))}".strip()


@st.composite
def osm_like(draw) -> str:
    """Return several rules joined by ;, , or || (or badly)."""
    parts = draw(st.lists(rules(), min_size=1, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)
HOURS = st.one_of(osm_like(), ANY_TEXT, st.none(), st.just("Mo-Fr 09:00-17:00 " * 200))

# The Paris changes of 2026: 29 March 01:00 UTC (02:00 skipped), 25 October 01:00
# UTC (02:00-03:00 twice), and moments around them.
DST_CHANGES = [
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
]
AROUND_DST = st.builds(
    lambda change, minutes: change + timedelta(minutes=minutes),
    st.sampled_from(DST_CHANGES),
    st.integers(-26 * 60, 26 * 60),
)
ZONES = st.sampled_from([PARIS, UTC, timezone(timedelta(hours=-11)), None])
MOMENTS = st.one_of(
    AROUND_DST,
    AROUND_DST.map(lambda m: m.astimezone(PARIS).replace(tzinfo=None)),  # naive
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2090, 12, 31),
        timezones=ZONES,
        allow_imaginary=True,
    ),
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=PARIS)


@given(horaires=HOURS, now=MOMENTS)
@example(horaires="Mo-Fr 09:00-25:00", now=DST_CHANGES[0])
@example(horaires="24/7", now=DST_CHANGES[1])
@example(horaires="PH off || Mo-Su 00:00-24:00", now=datetime(2026, 3, 29, 2, 30))
@example(horaires="\udcff Mo 10:00-12:00", now=datetime(2026, 11, 24, 10))
@example(horaires='"sur rendez-vous"', now=datetime(2076, 12, 31, 23, 59))
def test_the_state_is_always_a_known_one_and_changes_in_the_future(horaires, now):
    tried("hours: opening state")
    state = opening_state(horaires, now)
    start = _aware(now).timestamp()
    if not state.known:
        assert not state.open_now
        assert state.closes_at is None and state.next_opening is None
    elif state.open_now:
        assert state.next_opening is None
        assert state.closes_at is None or state.closes_at.timestamp() > start
    else:
        assert state.closes_at is None
        if state.next_opening is not None:
            assert start < state.next_opening.timestamp()
            assert state.next_opening.timestamp() <= start + HORIZON.total_seconds()
    for change in (state.closes_at, state.next_opening):
        assert change is None or change.tzinfo is PARIS
    assert state.opens_soon(now) in (True, False)


@given(horaires=HOURS)
@example(horaires="Mo 10:00-12:00 \x00")
@example(horaires="Sa 09:00-12:00 ||")
def test_an_error_is_a_sentence_or_none_and_agrees_with_compiling(horaires):
    tried("hours: error message")
    error = hours_error(horaires)
    assert error is None or (isinstance(error, str) and error.strip())
    if error is None and (horaires or "").strip():
        assert compile_hours(horaires) is not None


@given(
    horaires=HOURS,
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    days=st.integers(-3, 15),
)
@example(horaires="Mo-Su 22:00-02:00", start=date(2026, 3, 28), days=3)
@example(horaires="Mo-Su 01:00-03:00", start=date(2026, 10, 24), days=3)
def test_the_week_table_has_a_row_a_day_and_ranges_that_move_forward(
    horaires, start, days
):
    tried("hours: week table")
    table = week_table(horaires, start, days)
    assert [row.day for row in table] == [
        start + timedelta(days=n) for n in range(max(days, 0))
    ]
    for row in table:
        for opens, closes in row.ranges:
            assert isinstance(opens, time) and isinstance(closes, time)
            assert opens < closes or closes == MIDNIGHT
