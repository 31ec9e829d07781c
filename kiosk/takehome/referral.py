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

from ..languages import DEFAULT_LANGUAGE, direction, localized
from ..models import Kiosk, Need, Place
from ..ranking.geo import bearing_deg, distance_m
from ..ranking.hours import OpeningState, compile_hours, opening_state, week_table
from ..ranking.why import appointment_text
from .sketch import directions_text
from .to_bring import to_bring


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is written in (content may fall back)."""

    value: str
    lang: str

    @property
    def dir(self) -> str:
        """Return "rtl" or "ltr"."""
        return direction(self.lang)


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
    state = state or opening_state(structure.horaires, now)
    with force_locale(lang):
        return Slip(
            lang=lang,
            headings=_headings(),
            need=Text(*localized(need.label, lang)),
            name=structure.nom,
            address=address_lines(structure),
            phone=structure.telephone,
            state=dated_opening_text(state, now),
            hours_known=state.known,
            hours=tuple(hours_week(structure.horaires, now.date())),
            appointment=appointment_text(structure, state.known),
            to_bring=tuple(
                Text(item.text, item.lang) for item in to_bring(need, structure, lang)
            ),
            getting_there=_optional(structure.getting_there, lang),
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


def dated_opening_text(state: OpeningState, now: datetime) -> str:
    """Return whether the place is open in words that stay true on paper and on a
    phone read days later: the day and the time written out ("Next opening: Tuesday
    8 December, 08:30"), never "now", "today" or "tomorrow" (current language)."""
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


def hours_week(horaires: str, start: date, days: int = 7) -> list[HoursLine]:
    """Return the opening hours of `days` days from `start`, in words."""
    known = compile_hours(horaires) is not None
    lines = []
    for day in week_table(horaires, start, days):
        name = format_date(day.day, "EEEE d MMMM")
        if not known:
            hours = _("Hours unknown")
        elif day.ranges:
            hours = ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in day.ranges)
        elif day.holiday:
            hours = _("Public holiday: closed")
        else:
            hours = _("Closed")
        closed = known and not day.ranges
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
