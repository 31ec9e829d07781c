"""Real-browser fixtures: the app on loopback, Debian's Chromium via Playwright."""

import http.client
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.extensions import db
from kiosk.usage.counting import flush_counts
from tests.admin.conftest import PASSWORD, make_user
from tests.conftest import FROZEN_NOW, TEST_LIVE_DATABASE_URL

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
# Playwright's 5 s is tight on a 2-core CI machine running the server, Chromium and
# the tests at once; a real failure still fails, 5 s later.
expect.set_options(timeout=10_000)


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


def serve(folder: Path, database_url: str | None = None, **config):
    """Start the app with the demo data on a free loopback port; return the server.

    Its database is its own (a SQLite file in `folder` unless told): the other tests
    empty theirs while this server runs.
    """
    from kiosk.demo import load_demo

    app = create_app(
        {
            "SECRET_KEY": "e2e",
            "PUBLIC_BASE_URL": "http://127.0.0.1",  # its port, once it has one
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'live.sqlite3'}",
            "FROZEN_NOW": FROZEN_NOW,
            "SPEECH_CACHE_DIR": str(folder / "speech-cache"),
            "EXPORT_CACHE_DIR": str(folder / "exports"),
            # Every test's tablet is 127.0.0.1: the limit is tested without a browser.
            "SPEECH_NEW_PER_MINUTE": "1000",
            **config,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo()
        make_user(STAFF, "admin")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, closing(app), threaded=True)
    # Map tiles from loopback only (a 404 unless a test routes them): no internet.
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base
    app.config["MAP_TILE_URL"] = f"{base}/test-tiles/{{z}}/{{x}}/{{y}}.png"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.flask_app = app
    return server


@contextmanager
def own_server(folder: Path, users: dict[str, str] = {}, **config):  # noqa: B006
    """Serve an app of its own (demo data, these staff accounts: email -> role) for
    a module whose tests change data; yield (app, its URL), then stop it."""
    served = serve(folder, **config)
    app = served.flask_app
    with app.app_context():
        for email, role in users.items():
            make_user(email, role)
    try:
        yield app, f"http://127.0.0.1:{served.server_port}"
    finally:
        served.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _demo_database(path: Path) -> str:
    """Create a SQLite file with the schema and the demo data; return its URL."""
    from kiosk.demo import load_demo

    url = f"sqlite:///{path}"
    settings = {"SECRET_KEY": "e2e", "PUBLIC_BASE_URL": "http://127.0.0.1"}
    app = create_app({**settings, "DATABASE_URL": url})
    with app.app_context():
        db.create_all()
        load_demo()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """Serve the app with the demo data on a free loopback port; yield (app, URL).

    On PostgreSQL (tests/pg/run-suite.sh) it uses TEST_LIVE_DATABASE_URL.
    """
    server = serve(tmp_path_factory.mktemp("live"), TEST_LIVE_DATABASE_URL or None)
    app = server.flask_app
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        flush_counts()  # the last counts, and none left to a timer after dispose()
        db.session.remove()
        db.engine.dispose()


def choose_english(page, base: str) -> None:
    """Tap English on a kiosk screen and wait for its home to load: htmx boosts the
    links and idle.js arms its timer on load. A tap before that is a plain page
    load, which offline gets the service worker's page instead of the banner."""
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}/en/")
    page.wait_for_load_state("load")


def tablet_link(app, slug: str = "hotel-de-ville") -> str:
    """Return the path staff open on a tablet to enrol it as kiosk `slug` (it may
    then print, send heartbeats and count usage: kiosk/kiosks.py)."""
    from kiosk.kiosks import device_token, kiosk_by_slug

    with app.app_context():
        return f"/k/{slug}/tablette/{device_token(kiosk_by_slug(slug))}"


def log_in(page, base: str, email: str = STAFF) -> None:
    """Log `page` in to the admin of the server at `base` (as its administrator
    unless another account's `email` is given)."""
    page.goto(f"{base}/admin/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/admin/login"))


AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def wait_for_warm_up(page) -> None:
    """Wait until kiosk.js's warm-up (a health check swapped into a hidden box once the
    page has loaded, then the screens a few taps away laid out hidden) is over: no
    DOM changes after it. Quicker than Playwright's "networkidle", which waits half a
    second of silence."""
    page.wait_for_function(
        """() => {
             const data = document.body ? document.body.dataset : {};
             if (document.readyState !== 'complete') return false;
             if (!data.healthUrl) return true;  // not a kiosk screen: no warm-up
             const asked = new Set(performance.getEntriesByType('resource')
                 .map(entry => new URL(entry.name).pathname));
             return asked.has(data.healthUrl) && asked.has(data.rehearsalUrl)
                 && !document.querySelector(`[hx-get="${data.healthUrl}"], .rehearsal`);
           }"""
    )


def staff_page_violations(page) -> list:
    """Return axe's WCAG 2.2 AA violations on a staff page: (rule, first targets)."""
    page.evaluate(AXE.read_text())  # not a <script>: the CSP refuses inline ones
    # Only violations get every node: axe then skips building selectors for the
    # thousands of nodes that pass, which halves its time on the long staff pages.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]


@pytest.fixture
def staff_page(page, live_server):
    """Return a tablet-sized page logged in to the admin as an administrator."""
    log_in(page, live_server)
    return page


@pytest.fixture(scope="session")
def live_server(live):
    """Return the base URL of the in-process server (demo data)."""
    return live[1]


@pytest.fixture(scope="session")
def live_app(live):
    """Return the app the in-process server runs (to add kiosks, read counters)."""
    return live[0]


class ServerProcess:
    """`gunicorn wsgi:app` (what `make serve` runs) in its own process on loopback."""

    def __init__(self, database_url: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "e2e-process",
            "PUBLIC_BASE_URL": self.url,
            "FROZEN_NOW": FROZEN_NOW,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server and return once /healthz answers."""
        command = [sys.executable, "-m", "gunicorn", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "wsgi:app"]
        root = Path(__file__).resolve().parents[2]
        self.process = subprocess.Popen(command, cwd=root, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        """Stop the server (as a restart or a crash would) and wait until it is gone."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def server_process(tmp_path):
    """Return a real gunicorn server (demo data) that the test may stop and restart."""
    server = ServerProcess(_demo_database(tmp_path / "process.sqlite3"))
    server.start()
    yield server
    server.stop()


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


class _ProxyHandler(BaseHTTPRequestHandler):
    """Forward to the upstream port; answer 502 like nginx when nobody listens."""

    upstream_port = 0
    HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade"}

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in self.HOP}
        upstream = http.client.HTTPConnection(
            "127.0.0.1", self.upstream_port, timeout=10
        )
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            status, data = answer.status, answer.read()
            reply = [
                (k, v) for k, v in answer.getheaders() if k.lower() not in self.HOP
            ]
        except OSError:
            status, data = (
                502,
                b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>",
            )
            reply = [("Content-Type", "text/html")]
        finally:
            upstream.close()
        self.send_response(status)
        for key, value in reply:
            if key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


@pytest.fixture
def reverse_proxy(server_process):
    """Return the base URL of a reverse proxy in front of `server_process`."""
    handler = type("Handler", (_ProxyHandler,), {"upstream_port": server_process.port})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{proxy.server_port}"
    proxy.shutdown()
    proxy.server_close()
