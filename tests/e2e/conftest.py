"""Real-browser fixtures: the app on loopback, Debian's Chromium via Playwright."""

import logging
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.extensions import db
from tests.admin.conftest import PASSWORD, make_user
from tests.conftest import FROZEN_NOW

STAFF = "staff@example.org"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def closing(app):
    """Return the WSGI app with every response read whole and closed before sending.

    Werkzeug's development server does not close a response (an open static file)
    when the browser drops the connection mid-way, as it does when a test moves on
    while icons still load: a ResourceWarning, an error under filterwarnings=error.
    """

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


def serve(folder: Path, **config):
    """Start the app with the demo data on a free loopback port; return the server."""
    from kiosk.demo import load_demo

    app = create_app(
        {
            "SECRET_KEY": "e2e",
            "DATABASE_URL": f"sqlite:///{folder / 'live.sqlite3'}",
            "FROZEN_NOW": FROZEN_NOW,
            "SPEECH_CACHE_DIR": str(folder / "speech-cache"),
            **config,
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
        make_user(STAFF, "admin")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, closing(app), threaded=True)
    # Map tiles from loopback only (a 404 unless a test routes them): no internet.
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["MAP_TILE_URL"] = f"{base}/test-tiles/{{z}}/{{x}}/{{y}}.png"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the demo data on a free loopback port; yield its base URL."""
    server = serve(tmp_path_factory.mktemp("live"))
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def staff_page(page, live_server):
    """Return a tablet-sized page logged in to the admin as an administrator."""
    page.goto(f"{live_server}/admin/login")
    page.locator("#email").fill(STAFF)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/admin/login"))
    return page


@pytest.fixture(scope="session")
def browser():
    """Return Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Return a fresh tablet-sized page (1280 x 800, touch) with no cookies.

    Playwright taps faster than any person, so the 500 ms repeat-tap guard is turned
    off here; `slow_page` keeps it.
    """
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="fr-FR")
    context.add_init_script("window.KIOSK_REPEAT_MS = 0;")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def slow_page(browser):
    """Return a tablet-sized page with the real repeat-tap guard."""
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()
