"""In Debian's Chromium: the Content-Security-Policy blocks nothing of ours along a
whole journey (map tiles from another origin included), and hostile texts in the
data show as text without breaking the layout."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk, NeedPin
from tests.conftest import make_need, make_structure, relink
from tests.e2e.conftest import log_in, serve
from tests.e2e.test_take_home import tile_png
from tests.qr_decode import decode
from tests.test_escaping import IMG, LONG, RLO, SCRIPT, TEMPLATE, ZERO_WIDTH

TILES = "http://127.0.0.2:9/tiles"  # another origin, answered by the test itself
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """Serve the demo data plus a need and a place whose texts are hostile."""
    server = serve(tmp_path_factory.mktemp("security"))
    app = server.flask_app
    app.config["MAP_TILE_URL"] = TILES + "/{z}/{x}/{y}.png"
    with app.app_context():
        kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hotel-de-ville"))
        hostile = make_need(
            slug="hostile",
            label={"fr": f"{IMG} {TEMPLATE}"},
            to_bring={"fr": SCRIPT},
            rule_typologies=[],
        )
        place = make_structure(
            standard_id="hostile-place",
            nom=f"{SCRIPT} {RLO} 🏛️",
            adresse=f"{IMG} {ZERO_WIDTH}",
            commune=TEMPLATE,
            latitude=kiosk.latitude,
            longitude=kiosk.longitude + 0.001,
            getting_there={"fr": f"{LONG} e\u0301cole"},
        )
        db.session.add(NeedPin(need_id=hostile.id, structure_id=place.id))
        relink()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def watched(page):
    """Return the page, recording CSP violations, console errors and dialogs."""
    page.add_init_script(WATCH)
    png = tile_png()
    page.route(
        f"{TILES}/**", lambda route: route.fulfill(body=png, content_type="image/png")
    )
    page.problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"),
    )
    page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
    page.on(
        "dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss())
    )
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_the_whole_journey_runs_under_the_policy(watched, hostile_server):
    page, base = watched, hostile_server
    page.goto(f"{base}/k/hotel-de-ville")
    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(re.compile(r"/fr/besoin/papiers$"))
    page.get_by_role("link", name="Passeport français").click()
    expect(page).to_have_url(re.compile(r"/fr/besoin/passeport$"))
    # The best place is the building the kiosk stands in: no map. Another place has.
    page.locator("a.alternative").first.click()
    expect(page).to_have_url(re.compile(r"/fr/besoin/passeport/lieu/"))
    figure = page.locator("figure.map")
    expect(figure).to_have_attribute("data-map-state", "live")  # Leaflet, tiles
    expect(figure.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert violations(page) == []
    url = decode_qr(page)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations(page) == []
    log_in(page, base)
    page.goto(f"{base}/admin/places/1")
    expect(page.locator("form").first).to_be_visible()
    assert violations(page) == []
    assert page.problems == []


def decode_qr(page) -> str:
    """Return the URL in the QR code of the result screen."""
    image = Image.open(io.BytesIO(page.locator(".qr-code svg").screenshot()))
    return decode(image)[0]


def test_the_watch_would_see_a_violation(watched, hostile_server):
    """The listener works: a picture from an origin the policy does not name."""
    watched.goto(f"{hostile_server}/fr/")
    watched.evaluate("new Image().src = 'http://127.0.0.3:9/x.png'")
    watched.wait_for_function("() => window.__violations.length > 0")
    assert violations(watched)[0].startswith("img-src http://127.0.0.3:9")


def test_hostile_texts_are_text_and_the_layout_holds(watched, hostile_server):
    page = watched
    page.goto(f"{hostile_server}/k/hotel-de-ville")
    page.locator('a[href$="/besoin/hostile"]').click()
    expect(page).to_have_url(re.compile(r"/fr/besoin/hostile$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    body = page.locator("#screen")
    expect(body).to_contain_text(SCRIPT)
    expect(body).to_contain_text(TEMPLATE)
    expect(body).to_contain_text(LONG[:40])
    injected = page.evaluate(
        """() => ({
        scripts: document.querySelectorAll("script:not([src])").length,
        images: document.querySelectorAll('img[src="x"]').length,
        handlers: [...document.querySelectorAll("*")].filter(
            e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
        wide: document.documentElement.scrollWidth,
        inner: window.innerWidth,
    })"""
    )
    assert injected["scripts"] == injected["images"] == injected["handlers"] == 0
    assert injected["wide"] <= injected["inner"], injected
    page.goto(decode_qr(page))  # the phone page
    expect(page.locator("h1")).to_contain_text(SCRIPT)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator('img[src="x"]').count() == 0
    assert violations(page) == [] and page.problems == []
