"""Workshops near here through the Flask client, on the demo data with the frozen
clock (Tuesday 24 November 2026, 10:30): the tile, the list soonest first, one
workshop with its QR code, the phone page and its calendar event, the feeds."""

import functools
import io
import re
import tempfile
from datetime import datetime
from pathlib import Path

import icalendar
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk, UsageCount, Workshop
from kiosk.usage.counting import flush_counts
from tests.conftest import make_structure
from tests.qr_decode import decode, svg_image

BASE = "http://localhost"
FIRST_FOUR = [
    "La musique de votre jeunesse sur internet",  # today, Tuesday 14:30
    "Appel vidéo avec la famille",  # Wednesday 14:30
    "Faire ses démarches en ligne : Ameli, CAF, impôts",  # Friday 14:00
    "Premiers pas sur smartphone",  # Monday 30 November 10:00
]


def get(client, url: str):
    with client.application.app_context():  # `g` (language, kiosk) per request
        return client.get(url)


def titles(html: str) -> list[str]:
    return re.findall(r'<span class="workshop-title" lang="fr">([^<]+)</span>', html)


def test_the_home_and_two_needs_lead_to_the_workshops_near_here(client, demo):
    home = get(client, "/fr/").get_data(as_text=True)
    assert 'href="/fr/ateliers"' in home and "Ateliers près d’ici" in home
    for slug in ("numerique", "seniors"):
        assert 'href="/fr/ateliers"' in get(client, f"/fr/besoin/{slug}").get_data(True)
    assert 'href="/fr/ateliers"' not in get(client, "/fr/besoin/papiers").get_data(True)


def test_the_next_workshops_near_the_kiosk_come_soonest_first(client, demo):
    html = get(client, "/fr/ateliers").get_data(as_text=True)
    assert titles(html)[:5] == [
        "La musique de votre jeunesse sur internet",  # today, Tuesday 14:30
        "Appel vidéo avec la famille",  # Wednesday 14:30
        "Faire ses démarches en ligne : Ameli, CAF, impôts",  # Friday 14:00
        "Premiers pas sur smartphone",  # Monday 30 November 10:00
        "La musique de votre jeunesse sur internet",  # Tuesday 1 December
    ]
    assert "mardi 24 novembre" in html and "14:30 – 16:00" in html
    assert "Gratuit" in html and "Sans inscription" in html
    arabic = get(client, "/ar/ateliers").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "ورشات قريبة من هنا" in arabic
    assert titles(arabic) == titles(html)  # the titles stay as the places wrote them


def test_a_workshop_shows_where_and_a_qr_code_to_its_phone_page(client, demo):
    html = get(client, "/fr/ateliers").get_data(as_text=True)
    first = re.search(r'href="(/fr/ateliers/(\d+))"', html)
    screen = get(client, first[1]).get_data(as_text=True)
    assert "Bibliothèque Mériadeck" in screen and "Gratuit" in screen
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', screen, re.S)[0]
    [url] = decode(svg_image(svg))
    assert url == f"{BASE}/a/{first[2]}?l=fr"
    phone = get(client, url.removeprefix(BASE)).get_data(as_text=True)
    assert "La musique de votre jeunesse sur internet" in phone
    assert "<script" not in phone and "Ajouter à mon agenda" in phone
    event = get(client, f"/a/{first[2]}.ics")
    assert event.mimetype == "text/calendar"
    [vevent] = icalendar.Calendar.from_ical(event.data).walk("VEVENT")
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 11, 24, 13, 30)
    assert str(vevent["LOCATION"]).startswith("Bibliothèque Mériadeck")
    flush_counts()
    kinds = {
        (row.need, row.kind): row.count
        for row in db.session.scalars(select(UsageCount))
    }
    assert kinds[("ateliers", "screen")] == 2 and kinds[("ateliers", "qr")] == 1


def test_a_kiosk_looks_as_far_as_staff_set(client, demo):
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.is_default.is_(True)))
    kiosk.workshop_radius_m = 100
    db.session.commit()
    html = get(client, "/fr/ateliers").get_data(as_text=True)
    assert titles(html) == [] and "Pas d’atelier près d’ici" in html
    assert 'href="/fr/ateliers"' not in get(client, "/fr/").get_data(as_text=True)


def test_unknown_sessions_are_not_found(client, demo):
    assert get(client, "/fr/ateliers/999999").status_code == 404
    assert get(client, "/a/999999").status_code == 404
    assert get(client, "/a/999999.ics").status_code == 404


def test_the_feeds_hold_the_guide_s_and_a_place_s_workshops(client, demo):
    whole = icalendar.Calendar.from_ical(get(client, "/opendata/ateliers.ics").data)
    events = whole.walk("VEVENT")
    assert len(events) > 60  # six weekly series, half a year ahead
    assert len({str(e["SUMMARY"]) for e in events}) == 6
    brach = get(client, "/opendata/ateliers/bm-atelier-brach.ics").data
    summaries = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(brach).walk("VEVENT")
    }
    assert summaries == {"Appel vidéo avec la famille"}
    rows = get(client, "/opendata/ateliers.json").get_json()
    assert rows[0]["titre"] == "La musique de votre jeunesse sur internet"
    assert rows[0]["debut"] == "2026-11-24T13:30:00Z" and rows[0]["gratuit"] is True
    assert get(client, "/opendata/ateliers/nulle-part.ics").status_code == 404
    demo.config["OPEN_DATA_ENABLED"] = False
    assert get(client, "/opendata/ateliers.ics").status_code == 404


def test_the_demo_has_a_month_of_workshops(demo):
    workshops = db.session.scalars(select(Workshop)).all()
    assert len(workshops) == 6
    assert {w.theme for w in workshops} == {
        "music_films",
        "video_call",
        "smartphone",
        "procedures",
        "safety",
    }
    month = [
        s for w in workshops for s in w.sessions if s.starts_at < datetime(2026, 12, 24)
    ]
    assert len(month) >= 20


def test_staff_import_a_calendar_file_or_address_and_print_the_poster(
    demo, staff_client
):
    from http.server import HTTPServer, SimpleHTTPRequestHandler
    from threading import Thread

    from tests.test_workshops_calendar import FEED

    make_structure(standard_id="flora", nom="Médiathèque Flora Tristan")
    page = staff_client.post(
        "/admin/ateliers/import",
        data={"feed": (io.BytesIO(FEED.encode()), "ateliers.ics")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 nouveaux ateliers" in page and "Écarté" in page
    # The same calendar by its address: updated, not duplicated.
    folder = tempfile.mkdtemp()
    Path(folder, "ateliers.ics").write_bytes(FEED.encode())
    handler = functools.partial(SimpleHTTPRequestHandler, directory=folder)
    server = HTTPServer(("127.0.0.1", 0), handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/ateliers.ics"
        page = staff_client.post(
            "/admin/ateliers/import", data={"url": url}, follow_redirects=True
        ).get_data(as_text=True)
    finally:
        server.shutdown()
        server.server_close()
    # Found again by their UIDs: nothing new; their source is now the address.
    assert "0 nouveaux ateliers, 2 modifiés, 0 inchangés" in page
    assert len(db.session.scalars(select(Workshop)).all()) == 6 + 2
    bad = staff_client.post(
        "/admin/ateliers/import",
        data={"feed": (io.BytesIO(b"<html>"), "x.ics")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "pas un agenda lisible" in bad
    poster = staff_client.get("/admin/ateliers/affiche?kiosk=hotel-de-ville&format=A3")
    html = poster.get_data(as_text=True)
    assert "Ateliers du mois" in html and 'class="poster paper-A3"' in html
    assert "Premiers pas sur smartphone" in html
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S)[0]
    [url] = decode(svg_image(svg))
    assert url == f"{BASE}/a/pres-de/hotel-de-ville"
    listing = get(staff_client, url.removeprefix(BASE)).get_data(as_text=True)
    assert "Premiers pas sur smartphone" in listing and "<script" not in listing


def test_the_attract_screen_shows_this_week_s_workshops(client, demo):
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.is_default.is_(True)))
    kiosk.attract_screen = True
    db.session.commit()
    html = get(client, "/fr/").get_data(as_text=True)
    attract = html[html.index('id="attract"') :]
    attract = attract[: attract.index("</section>")]
    assert "Les ateliers de la semaine" in attract
    shown = re.findall(r'<span class="attract-title" lang="fr">([^<]+)</span>', attract)
    assert shown == FIRST_FOUR
    kiosk.attract_screen = False
    db.session.commit()
    assert "Les ateliers de la semaine" not in get(client, "/fr/").get_data(True)


def test_a_place_off_the_kiosks_has_no_workshop_in_the_feeds(client, demo):
    from kiosk.models import Place

    brach = db.session.scalar(
        select(Place).where(Place.standard_id == "bm-atelier-brach")
    )
    brach.on_kiosk = False
    db.session.commit()
    whole = icalendar.Calendar.from_ical(get(client, "/opendata/ateliers.ics").data)
    assert "Appel vidéo avec la famille" not in {
        str(e["SUMMARY"]) for e in whole.walk("VEVENT")
    }
    assert "Appel vidéo avec la famille" not in get(client, "/fr/ateliers").get_data(
        True
    )
