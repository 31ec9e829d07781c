"""Issue 21 in Debian's Chromium, on the demo data and the frozen clock (Tuesday 24
November 2026, 10:30): the kiosk's Workshops tile lists the next sessions in order,
in French and in Arabic; a workshop's phone page adds it to a calendar; the staff's
"Ateliers du mois" poster prints as a PDF holding the month's sessions, and its QR
code decodes."""

import io
import re
from pathlib import Path

import icalendar
import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import (
    log_in,
    own_server,
    staff_page_violations,
    wait_for_warm_up,
)
from tests.qr_decode import decode

AGENT = "conseillere@example.org"
FIRST_FIVE = [
    "La musique de votre jeunesse sur internet",
    "Appel vidéo avec la famille",
    "Faire ses démarches en ligne : Ameli, CAF, impôts",
    "Premiers pas sur smartphone",
    "La musique de votre jeunesse sur internet",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with own_server(tmp_path_factory.mktemp("workshops"), {AGENT: "editor"}) as served:
        yield served


@pytest.mark.parametrize(
    ("lang", "tile", "when"),
    [
        ("fr", "Ateliers près d’ici", "mardi 24 novembre"),
        ("ar", "ورشات قريبة من هنا", "الثلاثاء"),
    ],
)
def test_the_workshops_tile_lists_the_next_sessions_in_order(
    page, server, lang, tile, when
):
    # `page`: a tablet without the 500 ms repeat-tap guard (Playwright taps fast).
    _app, base = server
    page.goto(f"{base}/{lang}/")
    wait_for_warm_up(page)  # a tap before htmx is ready is a plain navigation
    page.get_by_role("link", name=tile).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tile)
    items = page.locator(".workshop-item")
    expect(items.first).to_contain_text(when)
    titles = page.locator(".workshop-title").all_inner_texts()
    assert titles[:5] == FIRST_FIVE
    assert page.evaluate("document.documentElement.dir") == (
        "rtl" if lang == "ar" else "ltr"
    )
    # The first: its place, and a QR code that leads to its phone page.
    items.first.click()
    expect(page.get_by_role("heading", name="Bibliothèque Mériadeck")).to_be_visible()
    expect(page.locator("svg.qr")).to_be_visible()


def test_a_workshop_s_phone_page_adds_it_to_a_calendar(browser, page, server):
    _app, base = server
    page.goto(f"{base}/fr/ateliers")
    href = page.locator(".workshop-item").first.get_attribute("href")
    session = re.fullmatch(r"/fr/ateliers/(\d+)", href)[1]
    phone = browser.new_page(viewport={"width": 390, "height": 800})
    phone.goto(f"{base}/a/{session}?l=fr")
    expect(phone.get_by_role("heading", level=1)).to_have_text(FIRST_FIVE[0])
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Ajouter à mon agenda").click()
    data = Path(download.value.path()).read_bytes()
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event["DTSTART"].dt.isoformat() == "2026-11-24T13:30:00+00:00"
    assert str(event["SUMMARY"]) == FIRST_FIVE[0]
    phone.close()


def test_the_poster_of_the_month_prints_with_its_sessions_and_qr_code(
    browser, server, tmp_path
):
    _app, base = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, AGENT)
    page.goto(f"{base}/admin/ateliers/")
    assert staff_page_violations(page) == [], "workshops page"
    page.get_by_role("link", name="A4").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ateliers du mois")
    pdf = tmp_path / "affiche.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for title in set(FIRST_FIVE) | {"Déjouer les arnaques en ligne"}:
        assert title in text, title
    assert "mardi 24 novembre" in text and "Gratuit" in text
    shot = page.locator("figure.qr svg").screenshot()
    [url] = decode(Image.open(io.BytesIO(shot)))
    assert url.endswith("/a/pres-de/hotel-de-ville")
    page.goto(url)
    expect(page.locator("main")).to_contain_text(FIRST_FIVE[0])
    context.close()
