"""Real-browser fixtures: the app on loopback, Debian's Chromium via Playwright."""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.extensions import db
from tests.conftest import FROZEN_NOW

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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the demo data on a free loopback port; yield its base URL.

    Its database is its own (TEST_LIVE_DATABASE_URL on PostgreSQL, else a SQLite
    file): the other tests empty theirs while this server runs.
    """
    from kiosk.demo import load_demo

    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    url = os.environ.get("TEST_LIVE_DATABASE_URL") or f"sqlite:///{path}"
    app = create_app(
        {"SECRET_KEY": "e2e", "DATABASE_URL": url, "FROZEN_NOW": FROZEN_NOW}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
