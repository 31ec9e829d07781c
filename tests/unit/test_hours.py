"""Opening hours in Paris time: holidays, breaks, midnight, DST, zones, bad input."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk.ranking.hours import (
    PARIS,
    compile_hours,
    opening_state,
    week_table,
)
from kiosk.ranking.hours_words import hours_error

OFFICE = "Mo-Fr 09:00-17:00; PH off"
LUNCH = "Mo-Fr 08:30-12:30,13:30-17:00"
FRIDAY_NIGHT = "Fr 22:00-02:00"
SUNDAY_SMALL_HOURS = "Su 01:00-04:00"
MIDNIGHT = time(0)
TOO_LONG = "; ".join(["Mo 10:00-11:00"] * 700)  # valid, but 10_498 characters


def paris(*fields):
    """Return a Paris wall time."""
    return datetime(*fields, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("holiday", "next_working_day"),
    [
        (date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday
        (date(2026, 5, 1), date(2026, 5, 4)),  # Friday, so Monday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension
        (date(2026, 5, 25), date(2026, 5, 26)),  # Whit Monday
        (date(2026, 7, 14), date(2026, 7, 15)),  # Tuesday
        (date(2026, 11, 11), date(2026, 11, 12)),  # Wednesday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Friday, so Monday
    ],
)
def test_an_office_is_closed_on_public_holidays(holiday, next_working_day):
    state = opening_state(OFFICE, datetime.combine(holiday, time(10), PARIS))
    assert state.known
    assert not state.open_now
    assert state.next_opening == datetime.combine(next_working_day, time(9), PARIS)


def test_the_evening_before_a_holiday_points_past_it():
    state = opening_state(OFFICE, paris(2026, 7, 13, 17, 30))
    assert state.next_opening == paris(2026, 7, 15, 9, 0)


def test_an_ordinary_morning_is_open_until_five():
    state = opening_state(OFFICE, paris(2026, 7, 13, 10, 0))
    assert state.open_now
    assert state.closes_at == paris(2026, 7, 13, 17, 0)
    assert state.next_opening is None


def test_lunch_break_is_closed_and_reopens_the_same_day():
    now = paris(2026, 7, 13, 12, 45)
    state = opening_state(LUNCH, now)
    assert not state.open_now
    assert state.next_opening == paris(2026, 7, 13, 13, 30)
    assert state.opens_soon(now)
    assert not state.opens_soon(now, minutes=30)


def test_morning_opening_closes_for_lunch():
    state = opening_state(LUNCH, paris(2026, 7, 13, 10, 0))
    assert state.open_now
    assert state.closes_at == paris(2026, 7, 13, 12, 30)


def test_boundaries_belong_to_the_range_that_starts():
    assert not opening_state(LUNCH, paris(2026, 7, 13, 12, 30)).open_now
    assert opening_state(LUNCH, paris(2026, 7, 13, 13, 30)).open_now


def test_an_open_place_does_not_open_soon():
    now = paris(2026, 7, 13, 10, 0)
    assert not opening_state(LUNCH, now).opens_soon(now)


def test_open_after_midnight_on_saturday():
    state = opening_state(FRIDAY_NIGHT, paris(2026, 7, 18, 1, 0))
    assert state.open_now
    assert state.closes_at == paris(2026, 7, 18, 2, 0)


def test_open_before_midnight_closes_the_next_day():
    state = opening_state(FRIDAY_NIGHT, paris(2026, 7, 17, 23, 0))
    assert state.open_now
    assert state.closes_at == paris(2026, 7, 18, 2, 0)


def test_closed_after_the_night_waits_a_week():
    state = opening_state(FRIDAY_NIGHT, paris(2026, 7, 18, 2, 0))
    assert not state.open_now
    assert state.next_opening == paris(2026, 7, 24, 22, 0)


def test_ranges_split_by_comments_are_one_opening():
    hours = 'Fr 22:00-24:00 open "bar", Sa 00:00-02:00 open "late bar"'
    state = opening_state(hours, paris(2026, 7, 17, 23, 0))
    assert state.closes_at == paris(2026, 7, 18, 2, 0)


def test_spring_forward_night_closes_at_local_four():
    state = opening_state(SUNDAY_SMALL_HOURS, datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    assert state.open_now
    assert state.closes_at == paris(2026, 3, 29, 4, 0)
    assert state.closes_at.utcoffset() == timedelta(hours=2)
    assert state.closes_at == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


def test_spring_forward_next_opening_is_summer_time():
    state = opening_state("Mo-Su 09:00-17:00", paris(2026, 3, 28, 18, 0))
    assert state.next_opening == paris(2026, 3, 29, 9, 0)
    assert state.next_opening.utcoffset() == timedelta(hours=2)


def test_opens_soon_counts_real_minutes_across_the_lost_hour():
    now = paris(2026, 3, 29, 1, 30)  # 03:00 local is only 30 real minutes away
    state = opening_state("Su 03:00-05:00", now)
    assert state.next_opening == paris(2026, 3, 29, 3, 0)
    assert state.opens_soon(now, minutes=45)
    assert not state.opens_soon(now, minutes=20)


@pytest.mark.parametrize("hour_utc", [0, 1])  # 02:30 summer time, then winter time
def test_fall_back_night_is_open_through_the_repeated_hour(hour_utc):
    state = opening_state(
        SUNDAY_SMALL_HOURS, datetime(2026, 10, 25, hour_utc, 30, tzinfo=UTC)
    )
    assert state.open_now
    assert state.closes_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert state.closes_at.utcoffset() == timedelta(hours=1)


def test_fall_back_next_opening_is_winter_time():
    state = opening_state("Mo-Su 09:00-17:00", paris(2026, 10, 24, 18, 0))
    assert state.next_opening == paris(2026, 10, 25, 9, 0)
    assert state.next_opening.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_week_table_shows_wall_clock_times_on_dst_sundays(day):
    (sunday,) = week_table(SUNDAY_SMALL_HOURS, day, days=1)
    assert sunday.ranges == ((time(1, 0), time(4, 0)),)


def test_utc_input_gets_the_paris_answer():
    state = opening_state(OFFICE, datetime(2026, 7, 13, 7, 30, tzinfo=UTC))
    assert state.open_now  # 09:30 in Paris
    assert state.closes_at == paris(2026, 7, 13, 17, 0)
    assert state.closes_at.tzinfo == PARIS


def test_utc_input_before_opening_points_at_paris_nine():
    state = opening_state(OFFICE, datetime(2026, 7, 13, 6, 30, tzinfo=UTC))
    assert not state.open_now  # 08:30 in Paris
    assert state.next_opening == paris(2026, 7, 13, 9, 0)
    assert state.next_opening.tzinfo == PARIS


def test_utc_evening_is_already_the_next_day_in_paris():
    thursday = opening_state(FRIDAY_NIGHT, datetime(2026, 7, 16, 22, 30, tzinfo=UTC))
    friday = opening_state(FRIDAY_NIGHT, datetime(2026, 7, 17, 22, 30, tzinfo=UTC))
    assert not thursday.open_now  # Friday 00:30 in Paris: Thursday had no night
    assert friday.open_now  # Saturday 00:30 in Paris
    assert friday.closes_at == paris(2026, 7, 18, 2, 0)


@pytest.mark.parametrize(
    "zone",
    [
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Tokyo"),
        timezone(timedelta(hours=-5)),  # not a ZoneInfo: the library alone rejects it
    ],
)
def test_any_zone_gets_the_paris_answer(zone):
    now = paris(2026, 7, 13, 12, 45).astimezone(zone)
    state = opening_state(LUNCH, now)
    assert not state.open_now
    assert state.next_opening == paris(2026, 7, 13, 13, 30)
    assert state.next_opening.tzinfo == PARIS


def test_naive_input_is_taken_as_paris_wall_time():
    state = opening_state(LUNCH, datetime(2026, 7, 13, 12, 45))
    assert state.next_opening == paris(2026, 7, 13, 13, 30)


@pytest.mark.parametrize("hours", ["24/7", "Mo-Su 00:00-24:00", "open"])
def test_always_open_never_closes_within_the_horizon(hours):
    state = opening_state(hours, paris(2026, 12, 25, 3, 0))
    assert state.known
    assert state.open_now
    assert state.closes_at is None


def test_unknown_state_is_not_open_but_known():
    state = opening_state("24/7 unknown", paris(2026, 7, 13, 10, 0))
    assert state.known
    assert not state.open_now
    assert state.next_opening is None


def test_unknown_saturday_waits_for_monday():
    hours = 'Mo-Fr 09:00-12:00; Sa unknown "call first"'
    state = opening_state(hours, paris(2026, 7, 18, 10, 0))
    assert state.known
    assert not state.open_now
    assert state.next_opening == paris(2026, 7, 20, 9, 0)


@pytest.mark.parametrize(
    "hours",
    [
        '"sur rendez-vous"',
        'Mo-Fr 09:00-17:00 "sur rendez-vous"',
        'Mo-Fr 09:00-12:00, "fermé en août"',
        'Mo-Fr 09:00-17:00 unknown "sur rendez-vous"',
    ],
)
def test_a_comment_without_a_state_is_unknown_not_open(hours):
    state = opening_state(hours, paris(2026, 7, 13, 10, 0))
    assert state.known
    assert not state.open_now
    assert hours_error(hours) is None


def test_a_comment_after_open_stays_open():
    state = opening_state(
        'Mo-Fr 09:00-17:00 open "sans rendez-vous"', paris(2026, 7, 13, 10, 0)
    )
    assert state.open_now
    assert state.closes_at == paris(2026, 7, 13, 17, 0)


def test_fallback_rule_keeps_the_following_days():
    hours = 'Mo-Fr 09:00-12:00 || "sur rendez-vous"'
    state = opening_state(hours, paris(2026, 7, 13, 20, 0))
    assert state.next_opening == paris(2026, 7, 14, 9, 0)  # no "PH off" here
    table = week_table(hours, date(2026, 7, 13))
    assert [bool(d.ranges) for d in table] == [True] * 5 + [False] * 2


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 3, 29, 2, 30), paris(2026, 3, 29, 2, 30)],  # skipped by the clocks
)
def test_a_wall_time_that_does_not_exist_still_answers(now):
    state = opening_state(SUNDAY_SMALL_HOURS, now)
    assert state.known
    assert state.open_now
    assert state.closes_at == paris(2026, 3, 29, 4, 0)


@pytest.mark.parametrize("hours", ["9999 Mo 10:00-11:00", "easter Mo-Fr", "off"])
def test_nothing_within_eight_days_means_no_next_opening(hours):
    state = opening_state(hours, paris(2026, 7, 13, 10, 0))
    assert state.known
    assert not state.open_now
    assert state.next_opening is None


GARBAGE = [
    "",
    None,
    "   ",
    "blah",
    "Mo-Fr 25:00-26:00",
    "Mo-Fr 09:00-",
    "x" * 10_000,
    TOO_LONG,
    "\u202e\u200b",
    "\ud800",
    "Mo-Fr 09:00-17:00\x00",
    "Lu-Ve 9h-17h",
]


@pytest.mark.parametrize("hours", GARBAGE)
def test_garbage_is_unknown_and_never_raises(hours):
    state = opening_state(hours, paris(2026, 7, 13, 10, 0))
    assert not state.known
    assert not state.open_now
    assert state.closes_at is None
    assert state.next_opening is None
    assert not state.opens_soon(paris(2026, 7, 13, 10, 0))
    assert compile_hours(hours) is None


@pytest.mark.parametrize("hours", GARBAGE)
def test_garbage_still_gives_a_week_of_days(hours):
    table = week_table(hours, date(2026, 12, 21))
    assert [d.day for d in table] == [date(2026, 12, 21 + i) for i in range(7)]
    assert all(d.ranges == () for d in table)
    assert table[4].holiday


@pytest.mark.parametrize(
    "hours", [OFFICE, LUNCH, FRIDAY_NIGHT, "24/7", "", None, "   ", " Mo 10:00-12:00 "]
)
def test_hours_error_is_none_for_valid_or_empty(hours):
    assert hours_error(hours) is None


@pytest.mark.parametrize(
    ("hours", "pointers"),
    [
        ("blah", ["character 1", "blah"]),
        ("Mo-Fr 25:00-26:00", ["character 7", "25:00-26:00", "09:00-17:00"]),
        ("  Mo-Fr 25:00-26:00", ["character 9"]),
        ("Mo-Fr 09:00-", ["missing", "Mo-Fr 09:00-", "17:00"]),
        ("Mo-Fr 09:00-17:00 PH off", ["character 19", "PH off", "“;”"]),
        ('Mo-Fr 09:00-17:00 "by appointment', ["character 19", '"by appointment']),
        ("\u202e\u200b", ["character 1", "\\u202e\\u200b"]),
        (TOO_LONG, ["Too long"]),
    ],
)
def test_hours_error_says_where(hours, pointers):
    message = hours_error(hours)
    for pointer in pointers:
        assert pointer in message
    assert "\n" not in message
    assert "\u202e" not in message
    assert len(message) < 160


def test_week_table_lists_ranges_and_christmas():
    table = week_table(LUNCH + "; PH off", date(2026, 12, 21))
    workday = ((time(8, 30), time(12, 30)), (time(13, 30), time(17, 0)))
    assert [d.day.weekday() for d in table] == list(range(7))
    assert [d.ranges for d in table] == [workday] * 4 + [()] * 3
    christmas = table[4]
    assert christmas.day == date(2026, 12, 25)
    assert christmas.holiday
    assert christmas.holiday_name == "Noël"
    others = table[:4] + table[5:]
    assert not any(d.holiday or d.holiday_name for d in others)


def test_week_table_cuts_a_night_at_midnight():
    friday, saturday, sunday = week_table(FRIDAY_NIGHT, date(2026, 7, 17), days=3)
    assert friday.ranges == ((time(22, 0), MIDNIGHT),)
    assert saturday.ranges == ((MIDNIGHT, time(2, 0)),)
    assert sunday.ranges == ()


def test_week_table_starting_saturday_keeps_the_end_of_friday_night():
    (saturday,) = week_table(FRIDAY_NIGHT, date(2026, 7, 18), days=1)
    assert saturday.ranges == ((MIDNIGHT, time(2, 0)),)


def test_week_table_of_an_always_open_place_runs_midnight_to_midnight():
    table = week_table("24/7", date(2026, 3, 23))  # the week clocks go forward
    assert [d.ranges for d in table] == [((MIDNIGHT, MIDNIGHT),)] * 7


def test_week_table_of_a_holiday_week_for_unknown_hours():
    table = week_table(None, date(2026, 7, 13))
    assert len(table) == 7
    assert table[1].holiday_name == "Fête nationale"
    assert week_table(None, date(2026, 7, 13), days=0) == []


def test_compiling_is_cached():
    assert compile_hours(OFFICE) is compile_hours(OFFICE)
