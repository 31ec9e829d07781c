"""A locked database, in Debian's Chromium: the kiosk's "one moment" screen, then
the screen the visitor asked for, by itself and without a reload."""

import sqlite3
import time

from playwright.sync_api import expect

from kiosk.extensions import db
from tests.e2e.conftest import choose_english, serve, wait_for_warm_up

ONE_MOMENT = "One moment, please."


def lock_everyone_out(app, path) -> sqlite3.Connection:
    """Take the whole file (locking_mode=EXCLUSIVE) once the server holds no
    connection; return the connection that holds it."""
    deadline = time.monotonic() + 10
    while True:
        with app.app_context():
            db.engine.dispose()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            other.execute("BEGIN EXCLUSIVE")
            return other
        except sqlite3.OperationalError:  # a request was running: try again
            other.close()
            if time.monotonic() > deadline:
                raise


def test_a_locked_database_shows_one_moment_then_the_screen(page, tmp_path):
    server = serve(tmp_path, SQLITE_BUSY_TIMEOUT="0.5")
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        page.goto(f"{base}/k/hotel-de-ville")
        choose_english(page, base)
        # kiosk.js's warm-up and rehearsal are over: a connection checked out while
        # the engine is disposed goes back to the old pool, open, and holds the file.
        wait_for_warm_up(page)
        page.evaluate("window.__sameDocument = true")

        lock = lock_everyone_out(server.flask_app, tmp_path / "live.sqlite3")
        with page.expect_response(f"{base}/en/besoin/papiers") as answer:
            page.get_by_role("link", name="ID papers").click()
        assert answer.value.status == 503
        expect(page.get_by_role("heading", name=ONE_MOMENT)).to_be_visible()
        expect(page.locator("#offline-banner")).to_be_hidden()
        with page.expect_response(f"{base}/en/besoin/papiers") as retry:
            pass  # offline.js asks again by itself, and meets the lock again
        assert retry.value.status == 503
        expect(page.get_by_role("heading", name=ONE_MOMENT)).to_be_visible()

        lock.execute("COMMIT")
        lock.close()
        expect(page.get_by_role("link", name="French passport")).to_be_visible(
            timeout=15_000
        )
        expect(page).to_have_url(f"{base}/en/besoin/papiers")
        assert page.evaluate("window.__sameDocument") is True  # no reload at all
    finally:
        server.shutdown()
        with server.flask_app.app_context():
            db.session.remove()
            db.engine.dispose()
