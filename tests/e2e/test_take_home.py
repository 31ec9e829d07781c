"""Taking a result home in Debian's Chromium: QR to phone, map, page print."""

import io
import re
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from kiosk.languages import LANGUAGES
from kiosk.takehome.qr import QUIET_ZONE
from tests.e2e.conftest import TABLET, tablet_link
from tests.qr_decode import decode

RESULT = "/fr/besoin/passeport"
RESULT_EN = "/en/besoin/passeport"  # a second language beside French
FICHE = "/fr/besoin/passeport/lieu/bm-mairie-bordeaux/fiche"
TILES = "**/test-tiles/**"
# 40 mm is 236 CSS px on a 10.1-inch 1280 x 800 tablet (5.88 px a millimetre).
SYMBOL_PX = 238


def tile_png() -> bytes:
    """Return a plain 256 x 256 PNG map tile."""
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 236, 240)).save(buffer, "PNG")
    return buffer.getvalue()


def screenshot(locator) -> Image.Image:
    return Image.open(io.BytesIO(locator.screenshot()))


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("mode", ["normal", "large-text"])
def test_qr_symbol_is_40_mm_wide_on_a_10_inch_tablet(page, live_server, lang, mode):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.goto(f"{live_server}/{lang}/besoin/passeport")
    if mode == "large-text":
        page.locator("[data-display-mode='large-text']").click()
        expect(page.locator("html")).to_have_class("large-text")
    qr = page.locator(".qr-code svg")
    box = qr.bounding_box()
    # The symbol itself, its 4-module quiet zone on each side left out.
    modules = int(qr.get_attribute("viewBox").split()[2])
    symbol = box["width"] * (modules - 2 * QUIET_ZONE) / modules
    assert symbol >= SYMBOL_PX and box["height"] == box["width"], (symbol, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert decode(screenshot(qr)), "the code no longer decodes"


def test_qr_and_print_are_on_the_first_screen_in_every_language(page, live_server):
    """At 1280 x 800 the whole QR code and the whole Print button show unscrolled."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server}/k/hotel-de-ville")
    for lang in LANGUAGES:
        page.goto(f"{live_server}/{lang}/besoin/passeport")
        for selector in (".qr-code svg", "button.print"):
            box = page.locator(selector).bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= 800, (lang, selector)


def test_qr_opens_the_phone_page(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.goto(f"{live_server}{RESULT_EN}")
    qr = page.locator(".qr-code svg")
    button = page.get_by_role("button", name="Print")
    assert button.bounding_box()["height"] >= 44
    urls = decode(screenshot(qr))
    assert len(urls) == 1 and re.fullmatch(
        rf"{live_server}/p/[a-z2-7]{{6}}\?l=en", urls[0]
    )

    page.goto(urls[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hôtel de Ville de Bordeaux"
    )
    expect(page.locator('a[href^="tel:+33"]')).to_be_visible()
    expect(page.locator("table.hours tr")).to_have_count(7)
    expect(page.locator("body")).to_contain_text("Open on Tuesday 24 November")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my contacts").click()
    card = download.value.path().read_bytes().decode("utf-8")
    assert "FN:Hôtel de Ville de Bordeaux\r\n" in card


def test_phone_page_reflows_at_200_percent(browser, live_server):
    context = browser.new_context(viewport=TABLET, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.goto(f"{live_server}{RESULT}")
    url = decode(screenshot(page.locator(".qr-code svg")))[0]
    page.set_viewport_size({"width": 180, "height": 400})  # 360 px wide at 200 %
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 180, width  # nothing to scroll sideways
    context.close()


def test_map_keeps_the_sketch_when_tiles_are_blocked(page, live_server):
    page.route(TILES, lambda route: route.abort())
    page.goto(f"{live_server}/k/mediatheque-merignac")
    page.goto(f"{live_server}{RESULT_EN}")
    figure = page.locator("figure.map")
    expect(figure).to_have_attribute("data-map-state", "offline")
    expect(figure.locator(".map-sketch svg")).to_be_visible()
    expect(figure.locator(".map-sketch line")).to_have_count(1)  # the way
    expect(figure).to_contain_text(re.compile(r"to the north-west, about \d+ minutes"))
    assert page.locator(".leaflet-container").count() == 0
    box = figure.locator(".map-sketch svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 150


def test_map_becomes_a_still_leaflet_map_when_tiles_load(page, live_server):
    png = tile_png()
    page.route(TILES, lambda route: route.fulfill(body=png, content_type="image/png"))
    page.goto(f"{live_server}/k/mediatheque-merignac")
    page.goto(f"{live_server}{RESULT}")
    figure = page.locator("figure.map")
    expect(figure).to_have_attribute("data-map-state", "live")
    live = figure.locator(".leaflet-container")
    expect(live).to_be_visible()
    expect(figure.locator(".map-sketch")).to_be_hidden()
    assert "leaflet-grab" not in live.get_attribute("class")  # no dragging
    assert page.locator(".leaflet-control-zoom").count() == 0
    area = live.bounding_box()
    markers = figure.locator(".map-marker")
    expect(markers).to_have_count(2)
    for i in range(2):
        marker = markers.nth(i).bounding_box()
        assert marker["width"] >= 44  # large markers
        assert area["x"] <= marker["x"] <= area["x"] + area["width"] - marker["width"]
        assert area["y"] <= marker["y"] <= area["y"] + area["height"] - marker["height"]
    expect(figure.locator(".leaflet-control-attribution")).to_contain_text(
        "OpenStreetMap"
    )


def test_print_button_opens_the_page_print_and_comes_back(page, live_server, live_app):
    # Headless Chromium cannot print: window.print() is replaced by a stand-in that
    # reports the printing done, as a kiosk browser with --kiosk-printing does.
    page.add_init_script(
        "window.print = () => { window.name = 'printed';"
        " setTimeout(() => dispatchEvent(new Event('afterprint')), 50); };"
    )
    page.goto(f"{live_server}{tablet_link(live_app)}")
    page.goto(f"{live_server}{RESULT_EN}")
    page.get_by_role("button", name="Print").click()
    page.wait_for_url(re.compile(r"/fiche\?print=1$"))
    page.wait_for_url(
        f"{live_server}/en/besoin/passeport/lieu/bm-mairie-bordeaux?imprime=1"
    )
    assert page.evaluate("window.name") == "printed"
    # Back on the result, it says that the slip is coming and where to take it.
    status = page.get_by_role("status")
    expect(status).to_contain_text("Your slip is printing.")
    expect(status).to_contain_text("The printer is just under the screen.")


def test_the_print_page_looks_like_the_kiosk_and_back_returns_to_the_top(
    page, live_server
):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.goto(f"{live_server}{FICHE}")
    # The kiosk's bar: Home, Back (its arrow drawn, not a white square), the tools.
    back = page.locator("#nav-buttons a.back")
    expect(back.locator(".icon-arrow-left")).to_have_count(1)
    expect(page.locator(".bar .tools")).to_be_visible()
    expect(page.locator("#pager")).to_be_visible()  # the slip is paged, not cut
    page.locator("#pager [data-page='1']").click()
    back.click()
    expect(page).to_have_url(f"{live_server}{FICHE.removesuffix('/fiche')}")
    expect(page.locator("article.place.best")).to_be_visible()
    assert page.evaluate("document.getElementById('screen').scrollTop") == 0
    expect(page.locator("#nav-buttons a.home")).to_be_in_viewport()


@pytest.mark.parametrize(
    ("size", "pages"),
    [({"format": "A4"}, 1), ({"width": "80mm", "height": "600mm"}, 1)],
)
def test_page_print_pdf_holds_place_hours_and_qr(
    page, live_server, tmp_path, size, pages
):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.goto(f"{live_server}{FICHE}")
    pdf = tmp_path / "slip.pdf"
    page.pdf(path=str(pdf), print_background=True, **size)
    reader = PdfReader(pdf)
    assert len(reader.pages) == pages
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Hôtel de Ville de Bordeaux" in text
    assert re.search(r"mardi 24 novembre\s*08:30\s*–\s*17:00", text), text
    assert "dimanche 29 novembre" in text and "Place Pey Berland" in text
    assert "⎙" not in text and "Retour" not in text  # screen buttons hidden
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", pdf, tmp_path / "p"],
        check=True,
    )
    raster = Image.open(next(tmp_path.glob("p*.png")))
    urls = decode(raster)
    assert len(urls) == 1 and re.fullmatch(rf"{live_server}/p/\w{{6}}\?l=fr", urls[0])
