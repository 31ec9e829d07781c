"""`flask backup FILE` and `flask restore FILE` against a real gunicorn server that
serves kiosks while another process writes: consistent copies, every place back,
and a restore that refuses anything but a sound Aiguillage backup."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from flask_migrate import stamp

from kiosk import create_app
from kiosk.backup import check_backup
from kiosk.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.e2e.conftest import ServerProcess

ROOT = Path(__file__).resolve().parent.parent
# The revisions the migrations ship (0001_....py): the newest is what init-db makes.
REVISIONS = {
    path.name[:4]
    for path in (Path(__file__).resolve().parents[1] / "migrations/versions").glob(
        "[0-9][0-9][0-9][0-9]_*.py"
    )
}
HEAD = max(REVISIONS)
# What an app outside development needs (kiosk/web/security.py).
PRODUCTION = {"SECRET_KEY": "t", "PUBLIC_BASE_URL": "http://localhost"}
pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="SQLite files (PostgreSQL: pg_dump, tested below)"
)


def flask(database: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` in its own process on `database`."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "t",
        "PUBLIC_BASE_URL": "http://localhost",
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def everything(path: Path) -> dict[str, list]:
    """Return every place and need, every column, in id order."""
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("structure", "need")
        }


def dump(path: Path) -> list[str]:
    """Return the whole database as SQL lines."""
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


@pytest.fixture
def demo_file(tmp_path) -> Path:
    """Return a demo database stamped with the schema's revision (as `init-db`
    leaves it)."""
    from kiosk.demo import load_demo

    path = tmp_path / "live.sqlite3"
    app = create_app({**PRODUCTION, "DATABASE_URL": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        load_demo()
        stamp()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def served(demo_file):
    """Return (server, database): gunicorn serving the demo database."""
    path = demo_file
    server = ServerProcess(f"sqlite:///{path}")
    server.start()
    yield server, path
    server.stop()


class Traffic:
    """Kiosks reading through the server, and a writer changing two places together
    in each transaction (a copy that is not one state shows two different names)."""

    def __init__(self, server, path, writer=True):
        self.server, self.path = server, path
        self.statuses: list[int] = []
        self.writes = 0
        self.stop = threading.Event()
        jobs = [self.read, self.write] if writer else [self.read]
        self.threads = [threading.Thread(target=job, daemon=True) for job in jobs]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def read(self):
        urls = ["/fr/", "/fr/besoin/papiers", "/en/besoin/passeport"]
        while not self.stop.is_set():
            for url in urls:
                with urllib.request.urlopen(self.server.url + url, timeout=30) as r:
                    self.statuses.append(r.status)
                # ~40 screens a second, a busy lobby's hundredfold: serving all along,
                # not a server so busy the backup's own process waits for a core.
                self.stop.wait(0.02)

    def write(self):
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            while not self.stop.is_set():
                self.writes += 1
                with connection:  # one transaction
                    for place_id in (1, 2):
                        connection.execute(
                            "UPDATE structure SET telephone = ? WHERE id = ?",
                            (f"+3355600{self.writes:04d}", place_id),
                        )
                self.stop.wait(0.005)  # a busy writer, not one that never lets go


def marks(path: Path) -> set:
    with closing(sqlite3.connect(path)) as connection:
        query = "SELECT telephone FROM structure WHERE id IN (1, 2)"
        return {row[0] for row in connection.execute(query)}


def test_backups_while_serving_and_writing_are_consistent(served, tmp_path):
    server, live = served
    places = len(everything(live)["structure"])
    with Traffic(server, live) as traffic:
        results = [
            flask(live, "backup", str(tmp_path / f"copy-{n}.sqlite3")) for n in (1, 2)
        ]
        folder = flask(live, "backup", str(tmp_path / "nightly") + "/", "--keep", "2")
    assert traffic.writes > 10 and traffic.statuses and set(traffic.statuses) == {200}
    for n, result in enumerate(results, start=1):
        assert result.returncode == 0, result.stderr
        copy = tmp_path / f"copy-{n}.sqlite3"
        assert check_backup(copy, REVISIONS) == HEAD  # integrity_check ok
        assert len(marks(copy)) == 1  # both places from the same transaction
        assert len(everything(copy)["structure"]) == places
    assert folder.returncode == 0 and len(list((tmp_path / "nightly").iterdir())) == 1
    again = flask(live, "backup", str(tmp_path / "copy-1.sqlite3"))
    assert again.returncode != 0 and "exists" in again.stderr  # never overwritten


def test_restore_while_serving_brings_every_place_and_need_back(served, tmp_path):
    server, live = served
    original = everything(live)
    backup = tmp_path / "backup.sqlite3"
    assert flask(live, "backup", str(backup)).returncode == 0
    with closing(sqlite3.connect(live)) as connection, connection:
        connection.execute("DELETE FROM need_structure")
        connection.execute("DELETE FROM structure WHERE id % 2 = 0")
        connection.execute("UPDATE structure SET nom = 'Changé'")
        connection.execute("UPDATE need SET label = '{}'")
    assert everything(live) != original
    with Traffic(server, live, writer=False) as traffic:  # kiosks reading
        result = flask(live, "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert set(traffic.statuses) == {200}  # served all along
    assert everything(live) == original  # every column of every place and need
    kept = list(tmp_path.glob("live-before-restore-*.sqlite3"))
    assert len(kept) == 1 and everything(kept[0]) != original  # what was replaced
    # The running server serves the restored places without a restart.
    url = f"{server.url}/opendata/lieux-de-mediation-numerique.json"
    with urllib.request.urlopen(url, timeout=30) as response:
        published = json.load(response)
    assert sorted(p["nom"] for p in published) == sorted(
        row[3] for row in original["structure"]
    )


def make_backup_like(tmp_path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def refused_files(tmp_path, good: Path) -> dict[str, Path]:
    """Return files restore must refuse: not a database, a truncated backup, a
    database of another app, a backup from no known schema."""
    other = tmp_path / "other-app.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    unknown = tmp_path / "unknown-version.sqlite3"
    unknown.write_bytes(good.read_bytes())
    with closing(sqlite3.connect(unknown)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    data = good.read_bytes()
    return {
        "not a database": make_backup_like(tmp_path, "notes.txt", b"places: 12\n" * 50),
        "truncated": make_backup_like(tmp_path, "cut.sqlite3", data[: len(data) // 2]),
        "another app": other,
        "unknown schema": unknown,
    }


def test_restore_refuses_anything_but_a_sound_backup(demo_file, tmp_path):
    live = demo_file
    app = create_app({**PRODUCTION, "DATABASE_URL": f"sqlite:///{live}"})
    runner = app.test_cli_runner()
    good = tmp_path / "good.sqlite3"
    assert runner.invoke(args=["backup", str(good)]).exit_code == 0
    before = dump(live)
    for why, path in refused_files(tmp_path, good).items():
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code != 0, why
        assert "Nothing was changed." in result.output, why
        assert dump(live) == before, why
    # Asked to confirm, the person says no.
    answer = runner.invoke(args=["restore", str(good)], input="n\n")
    assert answer.exit_code != 0 and "Aborted" in answer.output
    assert dump(live) == before
    assert not list(tmp_path.glob("live-before-restore-*"))  # nothing touched at all


def test_on_postgresql_backup_and_restore_give_the_pg_advice(runner, app):
    app.config["DATABASE_URL"] = "postgresql://u:p@localhost/aiguillage"
    for args, tool in (
        (["backup", "/tmp/nowhere.dump"], "pg_dump"),
        (["restore", "/tmp/nowhere.dump", "--yes"], "pg_restore"),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and tool in result.output
