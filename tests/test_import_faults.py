"""An import killed half-way, or stopped by a full disk, leaves the database exactly
as it was: the import is one transaction (kiosk/opendata/importer.py).

Real parts: the `flask import` command in its own process on a real SQLite file,
SIGKILL, and SQLite's own "database or disk is full" (PRAGMA max_page_count).
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event

from kiosk.extensions import db
from tests.conftest import TEST_DATABASE_URL, make_app
from tests.opendata_helpers import csv_bytes, place_row

ROOT = Path(__file__).resolve().parent.parent
PLACES = 4000  # enough rows for SQLite to spill uncommitted pages to the -wal file
pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="SQLite files (PostgreSQL keeps its own WAL)"
)


def fingerprint(path: Path) -> tuple[str, int]:
    """Return (hash of every row and the schema, number of places), after checking
    the file with PRAGMA integrity_check."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        digest = hashlib.sha256()
        for line in connection.iterdump():
            digest.update(line.encode())
        places = connection.execute("SELECT count(*) FROM structure").fetchone()[0]
    return digest.hexdigest(), places


@pytest.fixture
def database(tmp_path) -> Path:
    """Return a SQLite file with the schema and the demo places."""
    from kiosk.demo import load_demo

    path = tmp_path / "import.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.remove()
        db.engine.dispose()
    return path


def places_file(folder: Path, count: int) -> Path:
    """Return a CSV file of the standard with `count` new places."""
    rows = [
        place_row(
            id=f"grand-{n}",
            pivot="",
            nom=f"Lieu numéro {n} de la grande importation",
            latitude=f"{44.7 + n / 100_000:.5f}",
        )
        for n in range(count)
    ]
    path = folder / "places.csv"
    path.write_bytes(csv_bytes(rows))
    return path


@pytest.fixture
def big_file(tmp_path) -> Path:
    """Return a CSV file of the standard with PLACES new places."""
    return places_file(tmp_path, PLACES)


def test_an_import_killed_before_its_commit_changes_nothing(database, big_file):
    before = fingerprint(database)
    wal = database.with_name(database.name + "-wal")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "test",
        "PUBLIC_BASE_URL": "http://localhost",
        "AIGUILLAGE_IMPORT_PAUSE": "120",  # the test hook: wait before committing
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "import", big_file]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    paused = threading.Event()

    def watch():
        for line in process.stderr:
            if b"paused before commit" in line:
                paused.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert paused.wait(timeout=120), "the import never reached its commit"
        # Every row was written, not committed: SQLite spilled pages to the -wal.
        assert wal.exists() and wal.stat().st_size > 1_000_000
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert fingerprint(database) == before  # same rows, same content, file sound


def test_a_full_disk_stops_the_import_with_a_message_and_changes_nothing(
    database, tmp_path
):
    # The disk is full 20 pages on: a few hundred places are more than enough.
    big_file = places_file(tmp_path, 400)
    before = fingerprint(database)
    app = make_app(f"sqlite:///{database}")
    with app.app_context():
        pages = db.session.execute(db.text("PRAGMA page_count")).scalar()
        db.session.remove()
        db.engine.dispose()

        @event.listens_for(db.engine, "connect")
        def tiny_disk(connection, _record):
            connection.execute(f"PRAGMA max_page_count={pages + 20}")

        result = app.test_cli_runner().invoke(args=["import", str(big_file)])
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code == 1
    assert "database or disk is full" in result.output
    assert "Rien n'a été écrit." in result.output  # the staff's language
    assert fingerprint(database) == before
