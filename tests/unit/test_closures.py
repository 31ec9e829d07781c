"""Temporary closures and notices: closed days, reopening, notes, exports."""

from datetime import date, datetime, time

import pytest

from kiosk.ranking.closures import (
    Closure,
    closed_until,
    exported_hours,
    from_stored,
    notes_for,
    ongoing,
    place_state,
    to_stored,
    with_closures,
)
from kiosk.ranking.hours import PARIS, hours_problem, opening_state, week_table

HOURS = "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off"
SUMMER = Closure(date(2027, 7, 19), date(2027, 8, 15), notice="Fermé pour travaux")
CAF = Closure(
    date(2027, 9, 6), date(2027, 9, 10), closed=False, notice="Permanence CAF annulée"
)
STORED = to_stored([CAF, SUMMER])


def paris(*fields):
    return datetime(*fields, tzinfo=PARIS)


def test_inside_a_closure_the_place_is_closed_until_its_end_and_says_when_it_reopens():
    state = place_state(HOURS, STORED, paris(2027, 8, 3, 10, 30))
    assert state.known and not state.open_now
    assert state.closed_until == date(2027, 8, 15)
    assert state.next_opening == paris(2027, 8, 16, 8, 30)  # Monday after
    assert state.notes == (SUMMER,)


def test_the_day_after_the_closure_the_place_keeps_its_hours_and_the_notice_is_gone():
    state = place_state(HOURS, STORED, paris(2027, 8, 17, 10, 30))
    assert state == opening_state(HOURS, paris(2027, 8, 17, 10, 30))
    assert state.notes == ()


def test_the_first_and_last_days_are_closed():
    assert not place_state(HOURS, STORED, paris(2027, 7, 19, 9)).open_now
    assert not place_state(HOURS, STORED, paris(2027, 8, 14, 10)).open_now  # Sat


def test_the_evening_before_a_closure_points_past_it():
    state = place_state(HOURS, STORED, paris(2027, 7, 17, 13, 0))  # Saturday noon
    assert state.closed_until is None
    assert state.next_opening == paris(2027, 8, 16, 8, 30)


def test_an_always_open_place_closes_at_the_midnight_a_closure_starts():
    state = place_state("24/7", STORED, paris(2027, 7, 18, 20, 0))
    assert state.open_now
    assert state.closes_at == paris(2027, 7, 19, 0, 0)


def test_back_to_back_closures_are_one():
    stored = to_stored(
        [
            Closure(date(2027, 8, 2), date(2027, 8, 8)),
            Closure(date(2027, 8, 9), date(2027, 8, 13), service=""),
        ]
    )
    state = place_state(HOURS, stored, paris(2027, 8, 3, 10))
    assert state.closed_until == date(2027, 8, 13)
    assert state.next_opening == paris(2027, 8, 14, 9, 0)  # the Saturday after


def test_a_closure_with_unknown_hours_is_closed_with_no_reopening():
    state = place_state("", STORED, paris(2027, 8, 3, 10, 30))
    assert state.known and not state.open_now
    assert state.next_opening is None and state.closed_until == date(2027, 8, 15)


def test_a_notice_or_a_service_closure_leaves_the_place_open():
    service = Closure(date(2027, 9, 6), date(2027, 9, 10), service="Permanence CAF")
    stored = to_stored([CAF, service])
    state = place_state(HOURS, stored, paris(2027, 9, 7, 10))
    assert state.open_now
    assert state.notes == (CAF, service)


def test_a_closure_is_announced_two_weeks_before_it_starts():
    assert notes_for([SUMMER], date(2027, 7, 4)) == ()
    assert notes_for([SUMMER], date(2027, 7, 5)) == (SUMMER,)
    assert notes_for([CAF], date(2027, 9, 1)) == ()  # a notice shows on its days only
    assert notes_for([SUMMER, CAF], date(2027, 8, 16)) == ()


def test_ongoing_leaves_out_what_is_over():
    assert ongoing([SUMMER, CAF], date(2027, 8, 16)) == (CAF,)


def test_closed_until_is_none_outside_a_closure():
    assert closed_until([SUMMER], date(2027, 7, 18)) is None
    assert closed_until([CAF], date(2027, 9, 7)) is None


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "nonsense",
        [{"starts_on": "2027-13-01", "ends_on": "2027-12-02"}],
        [{"starts_on": "2027-08-02"}],
        [{"starts_on": "2027-08-10", "ends_on": "2027-08-02"}],
        [42, None, []],
    ],
)
def test_malformed_closures_are_left_out(stored):
    assert from_stored(stored) == ()
    state = place_state(HOURS, stored, paris(2027, 8, 3, 10, 30))
    assert state == opening_state(HOURS, paris(2027, 8, 3, 10, 30))


def test_stored_closures_come_back_the_same_and_in_order():
    assert from_stored(STORED) == (SUMMER, CAF)
    assert from_stored([{**SUMMER.stored(), "notice": "x" * 500}])[0].notice == (
        "x" * 200
    )


def test_a_week_shows_the_closed_days_with_their_closure():
    week = with_closures(week_table(HOURS, date(2027, 8, 12)), STORED)
    assert [day.ranges == () for day in week] == [True] * 4 + [False] * 3
    assert week[0].closure == SUMMER
    assert week[4].closure is None
    assert week[4].ranges[0] == (time(8, 30), time(12, 30))


def test_exports_add_the_closures_not_over_yet_as_dated_rules():
    text = exported_hours(HOURS, STORED, date(2026, 11, 24))
    assert text == HOURS + '; 2027 Jul 19-2027 Aug 15 off "Fermé pour travaux"'
    assert hours_problem(text) is None
    assert exported_hours(HOURS, STORED, date(2027, 8, 16)) == HOURS


@pytest.mark.parametrize("hours", ["", "Mo-Fr 09:00-17:00 || unknown", "blah"])
def test_exports_leave_unknown_or_unreadable_hours_as_they_are(hours):
    assert exported_hours(hours, STORED, date(2026, 11, 24)) == hours


def test_a_quote_in_a_notice_cannot_break_the_exported_hours():
    stored = to_stored([Closure(date(2027, 1, 4), date(2027, 1, 5), notice='"x";')])
    text = exported_hours(HOURS, stored, date(2026, 11, 24))
    assert hours_problem(text) is None
    assert text.endswith("off \"'x';\"")
