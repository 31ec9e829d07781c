"""Database faults, for real: the SQLite file locked by another connection, a
database that cannot be reached, a save that fails half-way.

The kiosk says "one moment" (503, `X-Kiosk-Error`) in the visitor's language and
comes back by itself; an admin save fails with a message in French, the typed
values still in the form, and nothing already saved lost or half-written.
"""

import re
import socket
import sqlite3
import time
from contextlib import closing, contextmanager

import pytest
from sqlalchemy import func, select

from kiosk.admin.forms import PlaceForm
from kiosk.extensions import db
from kiosk.models import NeedPlace, Place, Revision, UsageCount
from kiosk.revisions import snapshot
from kiosk.usage.counting import flush_counts
from tests.admin.conftest import Staff, fresh, make_user
from tests.conftest import (
    TEST_DATABASE_URL,
    make_app,
    make_kiosk,
    make_need,
    make_structure,
    relink,
)

BUSY = 1.0  # SQLITE_BUSY_TIMEOUT of these tests, in seconds
HX = {"HX-Request": "true"}
ONE_MOMENT_AR = "لحظة من فضلك."
REFUSED_FR = "La base de données a refusé l'enregistrement"
sqlite_only = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="SQLite file locks (PostgreSQL: closed port test)"
)


def add_places() -> None:
    """A kiosk, the passport need and the town hall that answers it."""
    make_kiosk(slug="hall", name="Hall")
    make_need(slug="passeport", label={"fr": "Passeport", "ar": "جواز السفر"})
    make_structure(
        standard_id="mairie", nom="Mairie centrale", horaires="Mo-Fr 09:00-17:00"
    )
    relink()


@pytest.fixture
def locked_app(tmp_path):
    """Return (app, file): a production-like app on a SQLite file, short busy wait.

    Usage counts are flushed when a test says so (or sets a shorter interval)."""
    path = tmp_path / "faults.sqlite3"
    app = make_app(
        f"sqlite:///{path}",
        TESTING=False,
        SQLITE_BUSY_TIMEOUT=str(BUSY),
        USAGE_FLUSH_SECONDS="600",
    )
    with app.app_context():
        db.create_all()
        add_places()
        yield app, path
        db.session.remove()
        db.engine.dispose()


@contextmanager
def write_lock(path):
    """Another connection (a long import, a sqlite3 shell) holds the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def exclusive_lock(path):
    """Another connection holds the whole file (locking_mode=EXCLUSIVE): nobody may
    even read it. It can take it only while the app holds no connection (in WAL
    mode every open connection keeps a shared lock), as after a server restart."""
    db.session.remove()
    db.engine.dispose()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("COMMIT")
        other.close()


def timed_get(client, url, **kw):
    """Return (response, seconds) of a GET in its own app context."""
    started = time.monotonic()
    response = fresh(client, "get", url, **kw)
    return response, time.monotonic() - started


def assert_one_moment(response, html_start: bool) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["X-Kiosk-Error"] == "unavailable"
    assert html.startswith("<!doctype html>") is html_start
    assert ONE_MOMENT_AR in html
    assert 'data-retry-url="/ar/besoin/passeport"' in html  # offline.js asks again
    return html


@sqlite_only
def test_a_locked_database_says_one_moment_in_arabic_then_recovers(locked_app):
    app, path = locked_app
    client = app.test_client()
    with exclusive_lock(path):
        full, seconds = timed_get(client, "/ar/besoin/passeport")
        html = assert_one_moment(full, html_start=True)
        assert 'lang="ar" dir="rtl"' in html
        assert seconds < BUSY + 1  # one wait for the lock, not one per query
        swap, seconds = timed_get(client, "/ar/besoin/passeport", headers=HX)
        assert_one_moment(swap, html_start=False)
        assert seconds < BUSY + 1
    back = fresh(client, "get", "/ar/besoin/passeport", headers=HX)
    assert back.status_code == 200 and "Mairie centrale" in back.get_data(as_text=True)


@sqlite_only
def test_a_write_lock_leaves_the_kiosk_answering_its_counts_written_after(locked_app):
    """WAL: readers never wait for a writer, and a screen writes nothing: its counts
    wait in the worker while the database is locked, then are all written."""
    app, path = locked_app
    client = app.test_client()
    fresh(client, "get", "/en/besoin/passeport")  # the phone link (QR) exists now
    flush_counts()
    before = counted()
    fresh(client, "get", "/en/besoin/passeport", headers=HX)
    flush_counts()
    one_screen = counted() - before
    assert one_screen > 0
    with write_lock(path):
        response, seconds = timed_get(client, "/en/besoin/passeport", headers=HX)
        assert response.status_code == 200
        assert "Mairie centrale" in response.get_data(as_text=True)
        assert seconds < BUSY  # the screen never waits for the lock
        assert flush_counts() is False  # refused after the busy timeout: kept
    assert counted() == before + one_screen
    fresh(client, "get", "/en/besoin/passeport", headers=HX)
    assert flush_counts() is True
    assert counted() == before + 3 * one_screen  # the locked moment lost nothing


@sqlite_only
def test_a_flush_refused_by_a_locked_database_is_retried_by_the_timer(locked_app):
    """No request needed: the timer that failed plans the next flush."""
    app, path = locked_app
    app.config["USAGE_FLUSH_SECONDS"] = 0.3
    client = app.test_client()
    fresh(client, "get", "/en/besoin/passeport")  # the phone link (QR) exists now
    flush_counts()
    before = screens()
    with write_lock(path):
        for _ in range(3):
            response = fresh(client, "get", "/en/besoin/passeport", headers=HX)
            assert response.status_code == 200
        time.sleep(2 * BUSY)  # a flush or two refused meanwhile
        assert screens() == before
    deadline = time.monotonic() + 10
    while screens() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert screens() == before + 3


def screens() -> int:
    """Return the screens counted, as the database has them now."""
    db.session.expire_all()
    db.session.rollback()  # a new read transaction: the timer wrote since
    return db.session.scalar(
        select(func.sum(UsageCount.count)).where(UsageCount.kind == "screen")
    )


def counted() -> int:
    """Return the sum of every usage counter, as the database has it now."""
    db.session.expire_all()
    db.session.rollback()  # a new read transaction: the timer may have written since
    return db.session.scalar(select(func.sum(UsageCount.count)))


@sqlite_only
def test_a_database_file_gone_says_one_moment_and_comes_back(locked_app, tmp_path):
    """The folder of the database disappears (a disk unmounted), then comes back."""
    app, path = locked_app
    client = app.test_client()
    db.session.remove()
    db.engine.dispose()
    moved = path.parent.rename(tmp_path.parent / f"{tmp_path.name}-away")
    try:
        response, _ = timed_get(client, "/ar/besoin/passeport")
        assert_one_moment(response, html_start=True)
    finally:
        moved.rename(path.parent)
    assert fresh(client, "get", "/ar/besoin/passeport").status_code == 200


def test_a_database_server_that_does_not_answer_says_one_moment(tmp_path):
    """PostgreSQL stopped: nothing listens on its port (on both test passes)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = make_app(f"postgresql://nobody:x@127.0.0.1:{port}/gone", TESTING=False)
    client = app.test_client()
    for headers in ({}, HX):
        response, seconds = timed_get(client, "/ar/besoin/passeport", headers=headers)
        assert_one_moment(response, html_start=not headers)
        assert seconds < 5


# The admin ----------------------------------------------------------------------


def every_row(path) -> dict[str, list]:
    """Return every row of the tables a place edit touches."""
    tables = ("structure", "need_structure", "revision", "need")
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)
            for table in tables
        }


def place_form(place_id: int, **changes):
    from tests.admin.conftest import form_data

    place = db.session.get(Place, place_id)
    return form_data(PlaceForm, snapshot(place), **changes)


@pytest.fixture
def editor_at(locked_app):
    """Return (staff, app, file): an editor logged in, CSRF on."""
    app, path = locked_app
    make_user("editor@example.org", "editor")
    staff = Staff(app.test_client())
    assert staff.login("editor@example.org").status_code == 302
    return staff, app, path


TYPED = dict(nom="Mairie annexe", horaires="Mo-Sa 08:30-12:00", typologie=["CCAS"])


def assert_form_came_back(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert REFUSED_FR in html and "Votre saisie est conservée" in html
    assert re.search(r'name="nom"[^>]*value="Mairie annexe"', html)
    assert "Mo-Sa 08:30-12:00" in html


@sqlite_only
def test_an_admin_save_while_the_database_is_locked_loses_nothing(editor_at):
    staff, app, path = editor_at
    place = db.session.scalar(select(Place).where(Place.standard_id == "mairie"))
    url = f"/admin/places/{place.id}"
    before = every_row(path)
    data = place_form(place.id, **TYPED)
    with write_lock(path):
        response = staff.post(url, data)
    assert_form_came_back(response)
    assert every_row(path) == before
    # Same session (no new log-in): the same save goes through once the lock is gone.
    assert staff.post(url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Place, place.id)
    assert (saved.nom, saved.horaires) == (TYPED["nom"], TYPED["horaires"])
    assert db.session.scalar(select(func.count(Revision.id))) == 1


@sqlite_only
def test_a_place_save_failing_half_way_writes_nothing(editor_at):
    """The database fails after the place row was updated and its need links
    rewritten, when the revision is written: everything is rolled back."""
    staff, app, path = editor_at
    place = db.session.scalar(select(Place).where(Place.standard_id == "mairie"))
    links = db.session.scalar(select(func.count()).select_from(NeedPlace))
    assert links == 1
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "CREATE TRIGGER full_disk BEFORE INSERT ON revision "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        connection.commit()
    before = every_row(path)
    response = staff.post(f"/admin/places/{place.id}", place_form(place.id, **TYPED))
    assert_form_came_back(response)
    assert every_row(path) == before  # place, hours, need links, revisions
