"""A kiosk never waits behind an import: its own few writes (a result's short link,
a print job, a heartbeat) give up at once while another writer holds the database,
and the visitor still gets a QR code that works (kiosk/extensions.impatient)."""

import re
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, select, text

from kiosk.extensions import IMPATIENT_MS, db, impatient
from kiosk.models import KioskStatus, PrintJob, ShortLink
from kiosk.opendata import importer
from kiosk.opendata.formats import read_file
from tests.conftest import enrol, make_kiosk, make_need, make_structure, relink
from tests.opendata_helpers import csv_bytes, place_row
from tests.qr_decode import decode, svg_image

BASE = "https://kiosque.example.fr"
LONG = BASE + "/fr/besoin/passeport/lieu/mairie/telephone"
BEAT = {"version": "0.1.0", "screen": "1280x800"}
# A write that waited for the lock would wait this long: far longer than any screen.
PATIENCE = 60
patient_app = pytest.mark.app_config(SQLITE_BUSY_TIMEOUT=str(PATIENCE))


@pytest.fixture
def hall(app):
    """An enrolled kiosk printing through the browser, the passport need and the
    town hall that answers it."""
    app.config["PUBLIC_BASE_URL"] = BASE
    kiosk = make_kiosk(slug="hall", name="Hall", print_route="browser")
    make_need(slug="passeport", label={"fr": "Passeport"}, rule_typologies=["MUNI"])
    make_structure(standard_id="mairie", nom="Hôtel de Ville", typologie=["MUNI"])
    relink()
    return kiosk


@contextmanager
def write_lock_held(app):
    """Hold the database's write lock from another connection, as an import does
    between its first write and its commit."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    tables = ", ".join(m.__table__.name for m in (ShortLink, KioskStatus, PrintJob))
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as holder:
            holder.execute(text(f"LOCK TABLE {tables} IN EXCLUSIVE MODE"))
            yield
            holder.rollback()
    finally:
        engine.dispose()


@contextmanager
def import_under_way(app, monkeypatch):
    """Run a real import in another thread and hold it just before its commit (its
    rows written, the write lock held on SQLite) until the block ends."""
    reached, release, failed = threading.Event(), threading.Event(), []

    def pause() -> None:
        reached.set()
        release.wait(60)

    def run() -> None:
        with app.app_context():
            try:
                importer.import_places(read_file(csv_bytes([place_row(id="new")])))
            except Exception as error:  # reported by the test, not lost in a thread
                failed.append(error)
                reached.set()

    monkeypatch.setattr(importer, "_pause_before_commit", pause)
    thread = threading.Thread(target=run)
    thread.start()
    assert reached.wait(60) and not failed, failed
    try:
        yield
    finally:
        release.set()
        thread.join(60)
    assert not failed, failed


def get(client, url: str, **headers):
    """One request in its own app context, as in production (`g` is not kept)."""
    with client.application.app_context():
        return client.get(url, headers=headers)


def served_qr(html: str) -> str:
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S)[0]
    [url] = decode(svg_image(svg))
    return url


def phone_page_of(client, url: str) -> str:
    """Return the phone page a QR code's URL leads to, redirects followed."""
    response = client.get(url.removeprefix(BASE), follow_redirects=True)
    assert response.status_code == 200, url
    assert re.search(r"/p/[a-z2-7]{6}$", response.request.path)
    return response.get_data(as_text=True)


@patient_app
def test_a_first_result_during_an_import_shows_at_once_with_a_qr_that_works(
    app, client, hall, monkeypatch
):
    with import_under_way(app, monkeypatch):
        start = time.monotonic()
        response = get(client, "/fr/besoin/passeport")
        assert time.monotonic() - start < PATIENCE / 2  # it did not wait
        assert response.status_code == 200
        url = served_qr(response.get_data(as_text=True))
    if app.config["DATABASE_URL"].startswith("sqlite:"):
        # SQLite has one writer: the short link could not be written at once.
        assert url == LONG, url
    else:  # PostgreSQL: the import's row locks do not stop the short link
        assert re.fullmatch(BASE + r"/p/[a-z2-7]{6}\?l=fr", url)
    assert "Hôtel de Ville" in phone_page_of(client, url)
    # Once the import is over, the same result gets its short link.
    again = served_qr(get(client, "/fr/besoin/passeport").get_data(as_text=True))
    assert re.fullmatch(BASE + r"/p/[a-z2-7]{6}\?l=fr", again)


@patient_app
def test_a_kiosk_s_writes_give_up_at_once_while_the_database_is_held(app, client, hall):
    enrol(client, hall)
    with write_lock_held(app):
        start = time.monotonic()
        response = get(client, "/fr/besoin/passeport")
        assert response.status_code == 200  # waiting would have ended in a 503
        html = response.get_data(as_text=True)
        assert served_qr(html) == LONG
        token = re.search(r'"X-CSRFToken": "([^"]+)"', html)[1]
        with app.app_context():
            beat = client.post(
                "/kiosk/heartbeat", json=BEAT, headers={"X-CSRFToken": token}
            )
        assert beat.status_code == 200
        assert beat.get_json()["recorded"] is False  # the next heartbeat will do
        assert beat.get_json()["csrf"]
        with app.app_context():
            printed = client.post(
                "/en/besoin/passeport/lieu/mairie/imprimer",
                headers={"X-CSRFToken": token, "HX-Request": "true"},
            )
        assert printed.status_code == 200
        assert "The printer needs a moment. Try again" in printed.get_data(True)
        assert time.monotonic() - start < PATIENCE / 2  # no write waited
    db.session.expire_all()
    assert db.session.scalars(select(PrintJob)).all() == []
    assert db.session.get(KioskStatus, hall.id) is None
    # Free again: the same tablet's heartbeat and print go through.
    with app.app_context():
        beat = client.post(
            "/kiosk/heartbeat", json=BEAT, headers={"X-CSRFToken": token}
        )
    assert beat.get_json()["recorded"] is True


def test_the_long_address_leads_to_the_right_phone_page_or_says_why_not(
    app, client, hall
):
    page = phone_page_of(client, LONG)
    assert "Hôtel de Ville" in page
    code = db.session.scalar(select(ShortLink.code))
    assert code and len(code) == 6  # made by the phone, not the kiosk
    make_structure(standard_id="bib", nom="Bibliothèque", typologie=["BIB"])
    relink()
    # A place that answers no such need, or none at all: not a phone page.
    assert get(client, "/fr/besoin/passeport/lieu/bib/telephone").status_code == 404
    assert get(client, "/fr/besoin/passeport/lieu/nulle/telephone").status_code == 404
    assert get(client, "/fr/besoin/nulle/lieu/mairie/telephone").status_code == 404
    place = db.session.scalar(select(ShortLink).where(ShortLink.code == code)).structure
    place.on_kiosk = False  # taken off the kiosks: gone, in the visitor's language
    db.session.commit()
    gone = get(client, "/ar/besoin/passeport/lieu/mairie/telephone")
    assert gone.status_code == 410 and 'lang="ar"' in gone.get_data(as_text=True)


def test_a_connection_gets_its_usual_patience_back(app):
    impatient()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        timeout = "PRAGMA busy_timeout"
        assert connection.exec_driver_sql(timeout).scalar() == IMPATIENT_MS
        db.session.commit()  # the pool takes the connection back
        usual = int(float(app.config["SQLITE_BUSY_TIMEOUT"] or 5) * 1000)
        assert db.session.connection().exec_driver_sql(timeout).scalar() == usual
    else:
        timeout = "SHOW lock_timeout"
        assert connection.exec_driver_sql(timeout).scalar() == f"{IMPATIENT_MS}ms"
        db.session.commit()  # SET LOCAL ends with the transaction
        assert db.session.connection().exec_driver_sql(timeout).scalar() == "0"
