"""Workshops in the calendar standard: a real-shaped iCalendar feed (a weekly
recurrence with exceptions, Europe/Paris across the change to summer time) imported,
imported again, changed, and exported back."""

from datetime import datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Workshop, WorkshopSession
from kiosk.workshops.calendar import (
    CalendarError,
    export_feed,
    import_feed,
    upcoming_sessions,
)
from tests.conftest import make_structure

# What a mediation place's calendar (Nextcloud, Google, OpenAgenda) really sends.
FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Nextcloud calendar v4.6//FR
BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:musique-jeunesse@mediatheque.example.org
DTSTAMP:20261101T090000Z
DTSTART;TZID=Europe/Paris:20261103T140000
DTEND;TZID=Europe/Paris:20261103T160000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T120000Z
EXDATE;TZID=Europe/Paris:20261229T140000,20270105T140000
SUMMARY:La musique de votre jeunesse sur internet
DESCRIPTION:Retrouver les chansons de vos 20 ans. Gratuit\\, sans inscription.
LOCATION:Médiathèque Flora Tristan, 23 rue Thiers, 33100 Bordeaux
CATEGORIES:Musique,Seniors
END:VEVENT
BEGIN:VEVENT
UID:visio-famille-2026-12-02@mediatheque.example.org
DTSTAMP:20261101T090000Z
DTSTART;TZID=Europe/Paris:20261202T100000
DTEND;TZID=Europe/Paris:20261202T113000
SUMMARY:Appel vidéo avec la famille
DESCRIPTION:Sur inscription au 05 56 00 00 00. Participation 2 €.
LOCATION:Médiathèque Flora Tristan
END:VEVENT
BEGIN:VEVENT
UID:ailleurs@mediatheque.example.org
DTSTAMP:20261101T090000Z
DTSTART;TZID=Europe/Paris:20261203T100000
DTEND;TZID=Europe/Paris:20261203T120000
SUMMARY:Atelier dans une salle inconnue
LOCATION:Salle des fêtes de Nulle-Part
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def library(app):
    return make_structure(
        standard_id="flora", nom="Médiathèque Flora Tristan", adresse="23 rue Thiers"
    )


def sessions_of(uid: str) -> list[WorkshopSession]:
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    return list(workshop.sessions)


def test_a_feed_is_imported_with_its_recurrence_exceptions_and_time_zone(library):
    report = import_feed(FEED.encode(), "https://mediatheque.example.org/ateliers.ics")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.left_out == [
        "« Atelier dans une salle inconnue »: no one place is named « Salle des "
        "fêtes de Nulle-Part »"
    ]
    music = db.session.scalar(select(Workshop).where(Workshop.uid.like("musique%")))
    assert (music.theme, music.free, music.registration) == (
        "music_films",
        True,
        "walk_in",
    )
    assert music.structure_id == library.id
    starts = [s.starts_at for s in music.sessions]
    # From the frozen day (Tuesday 24 November 2026) half a year on, every Tuesday
    # but the two excepted: 14:00 in Paris is 13:00 UTC in winter, 12:00 in summer.
    assert starts[0] == datetime(2026, 11, 24, 13, 0)
    assert datetime(2026, 12, 29, 13, 0) not in starts
    assert datetime(2027, 1, 5, 13, 0) not in starts
    assert datetime(2027, 3, 23, 13, 0) in starts  # before the change (28 March)
    assert datetime(2027, 3, 30, 12, 0) in starts  # after it
    assert starts[-1] == datetime(2027, 5, 25, 12, 0)  # the window's end
    assert len(starts) == 27 - 2
    assert {s.ends_at - s.starts_at for s in music.sessions} == {timedelta(hours=2)}
    call = db.session.scalar(select(Workshop).where(Workshop.uid.like("visio%")))
    assert (call.theme, call.price, call.registration) == ("video_call", "2 €", "phone")
    [session] = call.sessions
    assert (session.starts_at, session.ends_at) == (
        datetime(2026, 12, 2, 9, 0),
        datetime(2026, 12, 2, 10, 30),
    )


def test_importing_again_updates_instead_of_duplicating(library):
    import_feed(FEED.encode(), "feed")
    ids = [s.id for s in sessions_of("musique-jeunesse@mediatheque.example.org")]
    again = import_feed(FEED.encode(), "feed")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(db.session.scalars(select(Workshop)).all()) == 2
    kept = sessions_of("musique-jeunesse@mediatheque.example.org")
    assert [s.id for s in kept] == ids
    changed = FEED.replace(
        "EXDATE;TZID=Europe/Paris:20261229T140000,20270105T140000",
        "EXDATE;TZID=Europe/Paris:20261229T140000,20270105T140000,20261201T140000",
    ).replace("sur internet", "sur Internet")
    report = import_feed(changed.encode(), "feed")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    music = sessions_of("musique-jeunesse@mediatheque.example.org")
    assert len(music) == len(ids) - 1
    assert datetime(2026, 12, 1, 13, 0) not in [s.starts_at for s in music]
    assert music[0].workshop.title == "La musique de votre jeunesse sur Internet"


def test_a_feed_s_place_takes_what_names_no_place(library):
    report = import_feed(FEED.encode(), "feed", place=library)
    assert (report.created, report.left_out) == (3, [])


def test_the_exported_feed_parses_back_to_the_same_sessions(library):
    import_feed(FEED.encode(), "feed")
    sessions = upcoming_sessions()
    data = export_feed(sessions, "Ateliers — Bordeaux Métropole")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//Aiguillage//Ateliers//FR"
    events = calendar.walk("VEVENT")
    assert len(events) == len(sessions) == 26
    first = events[0]
    assert first["DTSTART"].dt.isoformat() == "2026-11-24T13:00:00+00:00"
    assert str(first["SUMMARY"]) == "La musique de votre jeunesse sur internet"
    assert str(first["LOCATION"]).startswith("Médiathèque Flora Tristan, 23 rue Thiers")
    assert len({str(e["UID"]) for e in events}) == len(events)
    # What a calendar reads back is what was imported, to the minute.
    back = sorted(
        (e["DTSTART"].dt.replace(tzinfo=None), e["DTEND"].dt.replace(tzinfo=None))
        for e in events
    )
    assert back == sorted((s.starts_at, s.ends_at) for s in sessions)


def test_a_file_that_is_not_a_calendar_is_refused(library):
    with pytest.raises(CalendarError):
        import_feed(b"\x89PNG not a calendar", "feed")
    assert db.session.scalars(select(Workshop)).all() == []


def test_a_name_two_places_share_puts_nothing_in_the_wrong_town(app, library):
    make_structure(standard_id="flora-2", nom="Médiathèque Flora-Tristan")
    report = import_feed(FEED.encode(), "feed")
    assert report.created == 0
    assert len(report.left_out) == 3


def test_several_categories_lines_a_missing_start_and_a_rule_every_second(library):
    odd = FEED.replace(
        "CATEGORIES:Musique,Seniors",
        "CATEGORIES:Musique\nCATEGORIES:Seniors",
    ).replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\nUID:sans-date@example.org\nSUMMARY:Sans date\n"
        "LOCATION:Médiathèque Flora Tristan\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:chaque-seconde@example.org\nDTSTAMP:20261101T090000Z\n"
        "DTSTART:20261125T090000Z\nDTEND:20261125T090001Z\nRRULE:FREQ=SECONDLY\n"
        "SUMMARY:Trop souvent\nLOCATION:Médiathèque Flora Tristan\nEND:VEVENT\n"
        "END:VCALENDAR",
    )
    report = import_feed(odd.encode(), "feed")
    assert "dates beyond the first 5000" in report.left_out
    music = db.session.scalar(select(Workshop).where(Workshop.uid.like("musique%")))
    assert music.theme == "music_films"
    assert (
        db.session.scalar(
            select(Workshop).where(Workshop.uid == "sans-date@example.org")
        )
        is None
    )
