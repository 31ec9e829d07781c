"""The hours editor's fields (a row a day, exceptions, the expert text) and the form
of a temporary closure or notice.

The grid and the text are kept in step by the live preview; at save, the text wins
when it was typed since they last agreed (week_grid.chosen_text). A grid row is
checked on its own, its messages under the time that is wrong.
"""

import re
from datetime import date, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, RadioField, StringField
from wtforms.validators import Length

from ..ranking.closures import MAX_NOTICE, Closure
from ..ranking.week_grid import (
    MIDNIGHT,
    Special,
)
from .fields import StaffForm, options, without_controls

A_MONDAY = date(2024, 1, 1)
MAX_SPECIALS = 30
_CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*$")
_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def clock_time(text: str | None, end: bool = False) -> time | None:
    """Return the time of "08:30", "8:30", "8h30" or "8h" (an end may be 24:00;
    an end at 00:00 is midnight); ValueError when it is not a time, None when
    empty."""
    if not (text or "").strip():
        return None
    found = _CLOCK.match(text)
    hours, minutes = (int(found[1]), int(found[2] or 0)) if found else (99, 0)
    if end and (hours, minutes) == (24, 0):
        return MIDNIGHT
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    return time(hours, minutes)


def day_date(text: str | None) -> date | None:
    """Return the date of "2027-07-19" or "19/07/2027"; ValueError when it is not
    one, None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    found = _FRENCH_DATE.match(text)
    if found:
        return date(int(found[3]), int(found[2]), int(found[1]))
    return date.fromisoformat(text)


def typed_days(form: Form) -> tuple[date, date] | None:
    """Return the first and last day typed in `form`'s starts_on and ends_on (the
    last is the first when left empty), or None after putting a message on the field
    that is wrong."""
    dates = {}
    for name in ("starts_on", "ends_on"):
        try:
            dates[name] = day_date(form[name].data)
        except ValueError:
            form[name].errors.append(
                _("“%(value)s” is not a date.", value=form[name].data)
            )
            return None
    start, end = dates["starts_on"], dates["ends_on"] or dates["starts_on"]
    if start is None:
        form.starts_on.errors.append(_("Give the first day."))
        return None
    if end < start:
        form.ends_on.errors.append(_("The last day comes before the first."))
        return None
    return start, end


def day_names() -> list[str]:
    """Return Monday to Sunday in the current language, capitalised."""
    return [
        format_date(A_MONDAY + timedelta(days=n), "EEEE").capitalize() for n in range(7)
    ]


class RangesForm(Form):
    """Closed, or one or two ranges: the part a day and an exception share."""

    closed = BooleanField(_l("Closed"))
    opens = StringField(_l("Opens at"), filters=[without_controls])
    closes = StringField(_l("Closes at"), filters=[without_controls])
    opens2 = StringField(_l("Opens again at"), filters=[without_controls])
    closes2 = StringField(_l("Closes at"), filters=[without_controls])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self.checked_ranges = self._ranges()
        return ok and self.checked_ranges is not None

    def _ranges(self):
        """Return the ranges typed (none when closed), or None after putting a
        message on the time that is wrong."""
        times = {}
        for name in ("opens", "closes", "opens2", "closes2"):
            try:
                times[name] = clock_time(self[name].data, end=name.startswith("c"))
            except ValueError:
                self[name].errors.append(
                    _("“%(value)s” is not a time such as 08:30.", value=self[name].data)
                )
        if len(times) < 4:
            return None
        if self.closed.data:
            return ()
        ranges = []
        for start, end in (("opens", "closes"), ("opens2", "closes2")):
            if times[start] is None and times[end] is None:
                continue
            if times[start] is None or times[end] is None:
                missing = start if times[start] is None else end
                self[missing].errors.append(_("Give both times of the range."))
                return None
            if times[end] != MIDNIGHT and times[end] <= times[start]:
                self[end].errors.append(
                    _("The closing time must come after the opening time.")
                )
                return None
            if ranges and (ranges[-1][1] == MIDNIGHT or times[start] < ranges[-1][1]):
                self[start].errors.append(
                    _("The second range must start after the first one ends.")
                )
                return None
            ranges.append((times[start], times[end]))
        return tuple(ranges)

    def show(self, ranges) -> None:
        """Fill the fields to show `ranges` (closed when there are none)."""
        self.closed.data = not ranges
        # A midnight end shows as 00:00: a time input cannot hold 24:00.
        texts = [f"{moment:%H:%M}" for pair in ranges for moment in pair]
        texts += [""] * (4 - len(texts))
        for name, text in zip(
            ("opens", "closes", "opens2", "closes2"), texts, strict=True
        ):
            self[name].data = text


class SpecialForm(RangesForm):
    """Dates with other hours: a first day, a last day (the same when empty)."""

    starts_on = StringField(_l("From"), filters=[without_controls])
    ends_on = StringField(_l("To (included)"), filters=[without_controls])

    @property
    def blank(self) -> bool:
        """Return True when nothing was typed in the row (it is left out)."""
        names = ("starts_on", "ends_on", "opens", "closes", "opens2", "closes2")
        return not any((self[name].data or "").strip() for name in names)

    def validate(self, extra_validators=None) -> bool:
        if self.blank:
            self.special = None
            return True
        ok = super().validate(extra_validators)
        self.special = self._special() if ok else None
        return self.special is not None

    def _special(self) -> Special | None:
        """Return the exception, or None after putting a message on the wrong date."""
        days = typed_days(self)
        if days is None:
            return None
        start, end = days
        if not self.closed.data and not self.checked_ranges:
            self.opens.errors.append(
                _("Tick “Closed” or give the hours of these days.")
            )
            return None
        return Special(start, end, self.checked_ranges)

    def show_special(self, special: Special) -> None:
        """Fill the row to show an exception."""
        self.starts_on.data = special.starts_on.isoformat()
        self.ends_on.data = (
            special.ends_on.isoformat() if special.ends_on != special.starts_on else ""
        )
        self.show(special.ranges)


class ClosureForm(StaffForm):
    """A temporary closure or a notice: its days, its kind, what it says."""

    starts_on = StringField(_l("From"), filters=[without_controls])
    ends_on = StringField(_l("To (included)"), filters=[without_controls])
    kind = RadioField(
        _l("Kind"),
        default="closed",
        choices=options(
            [
                ("closed", _l("Closed these days")),
                ("notice", _l("Open as usual: a notice only")),
            ]
        ),
    )
    service = StringField(
        _l("Only this service (empty: the whole place)"),
        validators=[Length(max=100)],
        filters=[without_controls],
    )
    notice = StringField(
        _l("Notice to visitors, in French"),
        validators=[Length(max=MAX_NOTICE)],
        filters=[without_controls],
    )

    def closure(self, today: date) -> Closure | None:
        """Return the closure typed, or None after putting a message on the field
        that is wrong (call after validate())."""
        days = typed_days(self)
        if days is None:
            return None
        start, end = days
        notice = " ".join((self.notice.data or "").split())
        if end < today:
            self.ends_on.errors.append(_("These days are over already."))
        elif self.kind.data == "notice" and not notice:
            self.notice.errors.append(_("A notice needs its text."))
        else:
            service = " ".join((self.service.data or "").split())
            return Closure(start, end, self.kind.data == "closed", notice, service)
        return None
