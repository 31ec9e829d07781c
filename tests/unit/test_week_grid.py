"""The week grid and opening_hours: both ways, round trips, and what it refuses."""

from datetime import date, time, timedelta

import pytest

from kiosk.ranking.hours import week_table
from kiosk.ranking.week_grid import (
    Special,
    WeekGrid,
    chosen_text,
    date_range_text,
    from_opening_hours,
    parse_ranges,
    ranges_or_none,
    to_opening_hours,
)

MORNING = ((time(8, 30), time(12, 30)),)
DAY = ((time(8, 30), time(12, 30)), (time(13, 30), time(17, 0)))
CCAS = WeekGrid(
    days=(DAY, DAY, DAY, DAY, DAY, ((time(9, 0), time(12, 0)),), ()),
    holidays_closed=True,
)
CCAS_TEXT = "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off"


def test_the_ccas_week_becomes_one_rule_a_kind_of_day():
    assert to_opening_hours(CCAS) == CCAS_TEXT


def test_the_ccas_text_fills_the_grid():
    assert from_opening_hours(CCAS_TEXT) == CCAS


@pytest.mark.parametrize(
    ("days", "text"),
    [
        ((MORNING, (), MORNING, (), MORNING, (), ()), "Mo,We,Fr 08:30-12:30"),
        ((MORNING, MORNING, MORNING, (), (), MORNING, ()), "Mo-We,Sa 08:30-12:30"),
        (((), (), (), (), (), MORNING, MORNING), "Sa-Su 08:30-12:30"),
        ((DAY, MORNING, DAY, MORNING, DAY, (), ()), (
            "Mo,We,Fr 08:30-12:30,13:30-17:00; Tu,Th 08:30-12:30"
        )),
        ((((time(20), time(0)),),) + ((),) * 6, "Mo 20:00-24:00"),
    ],
)  # fmt: skip
def test_days_are_grouped_by_their_hours(days, text):
    grid = WeekGrid(days=days, holidays_closed=False)
    assert to_opening_hours(grid) == text
    assert from_opening_hours(text) == grid


def test_an_empty_grid_is_unknown_hours_and_back():
    assert to_opening_hours(WeekGrid()) == ""
    assert from_opening_hours("") == WeekGrid()
    assert from_opening_hours(None) == WeekGrid()
    assert from_opening_hours("  ;  ") == WeekGrid()


def test_exceptions_follow_the_week_and_holidays():
    grid = WeekGrid(
        days=CCAS.days,
        specials=(
            Special(date(2026, 12, 24), date(2026, 12, 24), MORNING),
            Special(date(2027, 7, 19), date(2027, 8, 15)),
        ),
    )
    text = to_opening_hours(grid)
    assert text == (
        CCAS_TEXT + "; 2026 Dec 24 08:30-12:30; 2027 Jul 19-2027 Aug 15 off"
    )
    assert from_opening_hours(text) == grid


def test_the_text_of_the_grid_means_what_the_grid_shows():
    grid = WeekGrid(
        days=CCAS.days, specials=(Special(date(2026, 12, 21), date(2026, 12, 22)),)
    )
    table = week_table(to_opening_hours(grid), date(2026, 12, 21))
    assert [day.ranges for day in table] == [
        (),  # the exception
        (),
        DAY,
        DAY,
        (),  # Christmas, a holiday
        ((time(9), time(12)),),
        (),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 09:00-12:00",
        "Mo-Fr 09:00-12:00; Sa 10:00-11:00; PH off",
        "Tu,Th 14:00-18:00; PH off; 2027 Jan 01-2027 Jan 03 off",
        "We 09:00-24:00",
        "2026 Dec 24 09:00-12:00",
    ],
)
def test_texts_the_grid_writes_come_back_unchanged(text):
    assert to_opening_hours(from_opening_hours(text)) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Mo-Fr 09:00-12:00; We off", "Mo-Tu,Th-Fr 09:00-12:00"),
        (
            "Mo-Fr 09:00-12:00; We 14:00-17:00",
            "Mo-Tu,Th-Fr 09:00-12:00; We 14:00-17:00",
        ),
        ("Sa-Mo 10:00-12:00", "Mo,Sa-Su 10:00-12:00"),
        ("Mo-Fr 9:00 - 12:00 , 14:00-17:00", "Mo-Fr 09:00-12:00,14:00-17:00"),
        ("Mo-Fr 09:00-12:00; PH closed", "Mo-Fr 09:00-12:00; PH off"),
        ("2026 Jul 20-Aug 16 off", "2026 Jul 20-2026 Aug 16 off"),
    ],
)  # fmt: skip
def test_other_spellings_are_read_and_written_the_grid_s_way(text, written):
    grid = from_opening_hours(text)
    assert to_opening_hours(grid) == written
    assert from_opening_hours(written) == grid


@pytest.mark.parametrize(
    "text",
    [
        "24/7",
        "Mo-Fr 09:00-17:00 || unknown",
        'Mo-Fr 09:00-17:00 "sur rendez-vous"',
        "Fr 22:00-02:00",  # past midnight
        "Mo 08:00-10:00,11:00-12:00,14:00-15:00",  # three ranges
        "Mo 10:00-12:00,11:00-13:00",  # overlapping
        "Mo 12:00-10:00",
        "Mo 25:00-26:00",
        "PH off; Mo-Fr 09:00-17:00",  # the days would hide the holidays
        "2026 Dec 24 off; Mo-Fr 09:00-17:00",
        "PH off",  # closed for good is not unknown
        "Mo-Su off",
        "2026 Feb 30 off",
        "2026 Aug 16-2026 Jul 20 off",
        "Jul 20-Aug 16 off",  # every year: not a grid's exception
        "Mo-Fr 09:00-12:00; PH 10:00-11:00",
        "sunrise-sunset",
        "lundi au vendredi 8h30-12h30",
    ],
)
def test_what_the_grid_cannot_show_is_left_to_the_expert_field(text):
    assert from_opening_hours(text) is None


def test_ranges_must_run_forward_and_not_overlap():
    assert parse_ranges("off") == ()
    assert parse_ranges("08:00-12:00,12:00-14:00") == (
        (time(8), time(12)),
        (time(12), time(14)),
    )
    assert ranges_or_none([(time(8), time(0)), (time(9), time(10))]) is None
    assert ranges_or_none([(time(9), time(9))]) is None


def test_date_ranges_are_written_in_full():
    assert date_range_text(date(2026, 7, 20), date(2026, 7, 20)) == "2026 Jul 20"
    assert date_range_text(date(2026, 12, 28), date(2027, 1, 3)) == (
        "2026 Dec 28-2027 Jan 03"
    )


@pytest.mark.parametrize("seed", range(40))
def test_random_grids_survive_a_round_trip(seed):
    import random

    rng = random.Random(seed)
    starts = [time(h, m) for h in range(6, 20) for m in (0, 30)]

    def ranges():
        count = rng.choice([0, 0, 1, 2])
        points = sorted(rng.sample(starts, count * 2))
        return tuple(zip(points[::2], points[1::2], strict=True))

    first = date(2026, 1, 1) + timedelta(days=rng.randrange(700))
    specials = tuple(
        Special(first, first + timedelta(days=rng.randrange(30)), ranges())
        for _ in range(rng.randrange(3))
    )
    grid = WeekGrid(tuple(ranges() for _ in range(7)), rng.random() < 0.5, specials)
    text = to_opening_hours(grid)
    if grid.empty:
        assert text == ""
        return
    back = from_opening_hours(text)
    assert back == grid
    assert to_opening_hours(back) == text


def test_the_text_typed_since_the_grid_and_text_agreed_wins():
    assert chosen_text("Mo 10:00-11:00", CCAS_TEXT, CCAS) == "Mo 10:00-11:00"


def test_a_changed_grid_wins_over_the_text_it_was_made_from():
    assert chosen_text(CCAS_TEXT, CCAS_TEXT, WeekGrid(days=(DAY,) * 7)) == (
        "Mo-Su 08:30-12:30,13:30-17:00; PH off"
    )


def test_an_untouched_grid_keeps_the_text_as_written():
    text = "Mo-Fr 08:30-12:30,13:30-17:00; We off"
    assert chosen_text(text, text, from_opening_hours(text)) == text


def test_without_the_grid_the_text_is_kept():
    assert chosen_text(" 24/7 ", "24/7", None) == "24/7"
    assert chosen_text("", "", WeekGrid()) == ""
