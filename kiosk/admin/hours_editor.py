"""The hours editor at work: the grid a text shows, the grid a form holds, and what
each live change does (week_grid.py converts; hours_forms.py checks the rows)."""

from ..ranking.hours import hours_problem
from ..ranking.week_grid import WeekGrid, from_opening_hours, to_opening_hours
from .hours_forms import MAX_SPECIALS, RangesForm


def shown_grid(text: str | None) -> WeekGrid | None:
    """Return the grid showing `text`, None when it cannot (or has too many
    exceptions for its rows)."""
    grid = from_opening_hours(text)
    return grid if grid is not None and len(grid.specials) < MAX_SPECIALS else None


def grid_data(text: str | None) -> dict:
    """Return the form data showing an hours text in the grid (blank when the grid
    cannot show it), and whether it can."""
    grid = shown_grid(text)
    shown = grid is not None
    grid = grid or WeekGrid()
    week = [_ranges_data(ranges) for ranges in grid.days]
    specials = [
        {
            **_ranges_data(s.ranges),
            "starts_on": s.starts_on.isoformat(),
            "ends_on": s.ends_on.isoformat() if s.ends_on != s.starts_on else "",
        }
        for s in grid.specials
    ]
    return {
        "week": week,
        "holidays": "closed" if grid.holidays_closed else "open",
        "specials": specials + [{}],  # a blank row to fill
        "hours_base": text or "",
        "hours_grid": "1" if shown else "",
    }


def _ranges_data(ranges) -> dict:
    form = RangesForm()
    form.show(ranges)
    return {
        name: form[name].data
        for name in ("closed", "opens", "closes", "opens2", "closes2")
    }


def read_grid(form) -> WeekGrid | None:
    """Return the grid a place form holds, or None when it was not shown or a row
    is wrong (the row then carries its message)."""
    raw = form.hours_grid.raw_data  # a disabled grid sends nothing: not shown
    if (raw if raw is not None else [form.hours_grid.data]) != ["1"]:
        return None
    rows = [entry.form for entry in form.week]
    specials = [entry.form for entry in form.specials]
    if not all([row.validate() for row in rows + specials]):
        return None
    return WeekGrid(
        tuple(row.checked_ranges for row in rows),
        form.holidays.data != "open",
        tuple(row.special for row in specials if row.special is not None),
    )


RANGE_FIELDS = ("closed", "opens", "closes", "opens2", "closes2")
SPECIAL_FIELDS = (*RANGE_FIELDS, "starts_on", "ends_on")


def apply_change(form, changed: str, number: int | None) -> str:
    """Do to a place form what staff just did in the hours editor ("grid", "text",
    "copy" Monday to day `number`, "add" or "remove" exception `number`, "week");
    return the hours the editor now shows."""
    if changed == "copy" and number is not None and 0 < number < 7:
        for name in RANGE_FIELDS:
            form.week[number].form[name].data = form.week[0].form[name].data
    elif changed == "add" and len(form.specials) < MAX_SPECIALS:
        form.specials.append_entry()
    elif changed == "remove" and number is not None:
        _keep_specials(form, [i for i in range(len(form.specials)) if i != number])
    if changed == "text":
        return refill(form, form.horaires.data)
    if changed in ("grid", "copy", "remove"):
        grid = read_grid(form)
        if grid is not None:
            form.horaires.data = form.hours_base.data = to_opening_hours(grid)
    return form.hours()


def refill(form, text: str | None) -> str:
    """Show `text` in the grid of a place form (or say the grid cannot: disabled);
    return it."""
    text = (text or "").strip()
    grid = None if hours_problem(text) else shown_grid(text)
    form.hours_base.data = text
    form.hours_grid.data = "" if grid is None else "1"
    grid = grid or WeekGrid()
    for entry, ranges in zip(form.week, grid.days, strict=False):
        entry.form.show(ranges)
    form.holidays.data = "closed" if grid.holidays_closed else "open"
    _keep_specials(form, [])
    for special in grid.specials:
        form.specials.append_entry().form.show_special(special)
    form.specials.append_entry()  # a blank row to fill
    return text


def _keep_specials(form, numbers: list[int]) -> None:
    """Keep only the exception rows `numbers`, as typed, renumbered."""
    rows = [
        {name: form.specials[i].form[name].data for name in SPECIAL_FIELDS}
        for i in numbers
        if i < len(form.specials)
    ]
    while form.specials.entries:
        form.specials.pop_entry()
    for row in rows:
        form.specials.append_entry(row)
    if not form.specials.entries:
        form.specials.append_entry()  # a blank row: an empty list would not be sent
