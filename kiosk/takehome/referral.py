"""The referral slip's content as plain data, in the visitor's language.

Modelled on the national map's "fiche d'orientation": the need, the place, its
hours for seven days, what to bring, how to get there, the way in words, the QR
URL, where and when it was printed, and a line in French for the receiving desk
when the visitor reads another language. The same Slip feeds the page print,
the receipt printer and (in part) the phone page. Nothing about the visitor.

Call inside an app context; texts are built under `force_locale(lang)`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from babel import Locale
from flask_babel import force_locale, format_date, format_time
from flask_babel import gettext as _

from ..languages import DEFAULT_LANGUAGE, Text, direction, localized
from ..limits import capped
from ..models import Kiosk, Need, Place
from ..ranking.closures import place_state, with_closures
from ..ranking.geo import bearing_deg, distance_m
from ..ranking.hours import OpeningState, compile_hours, week_table
from ..ranking.why import appointment_text
from .sketch import directions_text
from .to_bring import to_bring


@dataclass(frozen=True)
class HoursLine:
    """One day of the week ahead: its name and its opening hours, in words."""

    day: str
    hours: str
    today: bool
    closed: bool


@dataclass(frozen=True)
class Slip:
    """Everything printed on a referral slip (see the module docstring)."""

    lang: str
    headings: dict[str, str]
    need: Text
    name: str
    address: tuple[str, ...]
    phone: str
    state: str
    hours_known: bool
    hours: tuple[HoursLine, ...]
    notes: tuple["Note", ...]
    appointment: str
    to_bring: tuple[Text, ...]
    getting_there: Text | None
    directions: str
    origin: tuple[float, float]
    destination: tuple[float, float]
    url: str
    printed: str
    desk_line: Text | None

    @property
    def dir(self) -> str:
        """Return the writing direction of the visitor's language."""
        return direction(self.lang)


def build_slip(
    need: Need,
    structure: Place,
    kiosk: Kiosk,
    now: datetime,
    lang: str,
    url: str,
    distance: str,
    state: OpeningState | None = None,
    directions: str | None = None,
) -> Slip:
    """Return the Slip of a place for a need, printed at a kiosk, in `lang`.

    `distance` is the kiosk-to-place distance already formatted for `lang`; the
    opening state and the way in words are computed unless the screen gives its own.
    """
    origin = (kiosk.latitude, kiosk.longitude)
    destination = (structure.latitude, structure.longitude)
    state = state or place_state(structure.horaires, structure.closures, now)
    with force_locale(lang):
        return Slip(
            lang=lang,
            headings=_headings(),
            need=Text(*localized(need.label, lang)),
            name=capped(structure.nom, "nom"),
            address=address_lines(structure),
            phone=structure.telephone,
            state=dated_opening_text(state, now),
            hours_known=state.known,
            hours=tuple(hours_week(structure.horaires, now.date(), structure.closures)),
            notes=closure_notes(state, now),
            appointment=appointment_text(structure, state.known),
            to_bring=tuple(
                Text(capped(item.value, "to_bring"), item.lang)
                for item in to_bring(need, structure, lang)
            ),
            getting_there=_capped(_optional(structure.getting_there, lang)),
            directions=directions or _directions(kiosk, structure, distance),
            origin=origin,
            destination=destination,
            url=url,
            printed=_(
                "Printed on %(date)s at %(kiosk)s",
                date=format_date(now, "long"),
                kiosk=kiosk.name,
            ),
            desk_line=None if lang == DEFAULT_LANGUAGE else desk_line(need, lang),
        )


def _headings() -> dict[str, str]:
    """Return the slip's section titles in the current language."""
    return {
        "title": _("Where to go"),
        "need": _("Your request"),
        "phone": _("Phone"),
        "hours": _("Opening hours"),
        "appointment": _("Appointment"),
        "to_bring": _("What to bring"),
        "getting_there": _("How to get there"),
        "way": _("From the kiosk"),
        "scan": _("Scan with your phone to keep this information."),
        "in_french": _("(in French)"),
        "you": _("You are here"),
        "north": _("North"),
    }


def address_lines(structure: Place) -> tuple[str, ...]:
    """Return the postal address as lines: street, complement, postcode and town."""
    lines = (
        structure.adresse,
        structure.complement_adresse,
        f"{structure.code_postal} {structure.commune}".strip(),
    )
    return tuple(line for line in lines if line)


@dataclass(frozen=True)
class Note:
    """A closure or a notice to tell visitors: a sentence in their language (may be
    empty) and staff's own words, in French."""

    text: str
    notice: Text | None


def dated_opening_text(state: OpeningState, now: datetime) -> str:
    """Return whether the place is open in words that stay true on paper and on a
    phone read days later: the day and the time written out ("Next opening: Tuesday
    8 December, 08:30"), never "now", "today" or "tomorrow" (current language)."""
    if state.closed_until is not None:
        return closed_until_text(state)
    if not state.known:
        return f"{_('Hours unknown')} — {_('call before going.')}"
    if state.open_now:
        day = format_date(now, "EEEE d MMMM")
        if state.closes_at is None:
            return _("Open on %(day)s", day=day)
        if state.closes_at.date() != now.date():
            return _(
                "Open on %(day)s until %(moment)s",
                day=day,
                moment=_moment(state.closes_at),
            )
        return _(
            "Open on %(day)s until %(time)s",
            day=day,
            time=_clock(state.closes_at.time()),
        )
    if state.next_opening is None:
        return f"{_('Closed')} — {_('call before going.')}"
    return _("Next opening: %(moment)s", moment=_moment(state.next_opening))


def _moment(moment: datetime) -> str:
    """Return "Tuesday 8 December, 08:30" in the current language."""
    return _(
        "%(day)s, %(time)s",
        day=format_date(moment, "EEEE d MMMM"),
        time=format_time(moment, "short"),
    )


def closed_until_text(state: OpeningState) -> str:
    """Return "Closed until 16 August — reopens Monday 17 August at 09:00"."""
    until = _("Closed until %(date)s", date=format_date(state.closed_until, "d MMMM"))
    if state.next_opening is None:
        return until
    reopens = _(
        "reopens %(day)s at %(time)s",
        day=format_date(state.next_opening, "EEEE d MMMM"),
        time=format_time(state.next_opening, "short"),
    )
    return f"{until} — {reopens}"


def closure_notes(state: OpeningState, now: datetime) -> tuple[Note, ...]:
    """Return what to say of the closures and notices of `state` (current
    language): the days of those to come or of a service's, each with staff's
    words; the running closure of the whole place has its days in the state line."""
    notes = []
    for closure in state.notes:
        text = ""
        if not closure.closed:
            text = _("Notice:")
        elif closure.service or not closure.covers(now.date()):
            text = _closure_days(closure, now)
            if closure.service:
                text = f"{closure.service} — {text}"
        notice = Text(closure.notice, DEFAULT_LANGUAGE) if closure.notice else None
        if text or notice:
            notes.append(Note(text, notice))
    return tuple(notes)


def _closure_days(closure, now: datetime) -> str:
    """Return "Closed from 20 July to 16 August", "Closed until 16 August" or
    "Closed on 12 August"."""
    if closure.starts_on == closure.ends_on:
        return _("Closed on %(date)s", date=format_date(closure.starts_on, "d MMMM"))
    if closure.covers(now.date()):
        return _("Closed until %(date)s", date=format_date(closure.ends_on, "d MMMM"))
    return _(
        "Closed from %(start)s to %(end)s",
        start=format_date(closure.starts_on, "d MMMM"),
        end=format_date(closure.ends_on, "d MMMM"),
    )


def hours_week(
    horaires: str, start: date, closures=None, days: int = 7
) -> list[HoursLine]:
    """Return the opening hours of `days` days from `start`, in words (the days of
    a temporary closure closed)."""
    known = compile_hours(horaires) is not None
    lines = []
    for day in with_closures(week_table(horaires, start, days), closures):
        name = format_date(day.day, "EEEE d MMMM")
        if day.closure is not None:
            hours = _("Temporarily closed")
        elif not known:
            hours = _("Hours unknown")
        elif day.ranges:
            hours = ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in day.ranges)
        elif day.holiday:
            hours = _("Public holiday: closed")
        else:
            hours = _("Closed")
        closed = (known or day.closure is not None) and not day.ranges
        lines.append(HoursLine(name, hours, day.day == start, closed))
    return lines


def _clock(moment: time) -> str:
    """Return a time of day as the language writes it; 00:00 as an end is midnight."""
    if moment == time(0):
        return _("midnight")
    return format_time(moment, "short")


def _optional(texts: dict | None, lang: str) -> Text | None:
    """Return content in `lang` (else French) as Text, or None when there is none."""
    text, text_lang = localized(texts, lang)
    return Text(text, text_lang) if text else None


def _capped(text: Text | None) -> Text | None:
    """Return a way to the place no longer than a slip prints (kiosk/limits.py)."""
    return text and Text(capped(text.value, "getting_there"), text.lang)


def _directions(kiosk: Kiosk, structure: Place, distance: str) -> str:
    """Return the way from the kiosk to the place in words."""
    points = (kiosk.latitude, kiosk.longitude, structure.latitude, structure.longitude)
    return directions_text(distance_m(*points), bearing_deg(*points), distance)


def desk_line(need: Need, lang: str) -> Text:
    """Return the line for the receiving desk, in French: the request and language."""
    language = Locale.parse(DEFAULT_LANGUAGE).languages.get(lang, lang)
    label, _label_lang = localized(need.label, DEFAULT_LANGUAGE)
    with force_locale(DEFAULT_LANGUAGE):
        text = _(
            "For the reception desk: this person is asking for help with "
            "“%(need)s”. Their language: %(language)s.",
            need=label,
            language=language,
        )
    return Text(text, DEFAULT_LANGUAGE)
