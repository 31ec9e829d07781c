"""Backups of the SQLite database: a consistent online copy, and a checked restore.

Both use SQLite's online backup API: a copy made while the app writes is one
consistent state, and a restore replaces the live database in one transaction, so
the running app serves the old data, then the restored data, never half of each.
"""

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

PREFIX = "aiguillage-"
# Tables every Aiguillage database has had since the first migration.
REQUIRED_TABLES = frozenset(
    {"structure", "need", "need_structure", "kiosk", "alembic_version"}
)
HEADER = b"SQLite format 3\x00"


class NotABackup(Exception):
    """The file cannot be restored; the message says why."""


def sqlite_file(database_url: str) -> Path | None:
    """Return the file of a sqlite:/// URL, or None for another database."""
    if not database_url.startswith("sqlite:///"):
        return None
    return Path(database_url.removeprefix("sqlite:///"))


def copy_database(source: Path, target: Path) -> None:
    """Copy `source` into `target` with the online backup (safe while the app
    writes); the copy is one self-contained file (no -wal beside it)."""
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def backup_to_file(source: Path, target: Path) -> Path:
    """Copy the database to the new file `target`; return it. The copy is written
    beside it and renamed, so `target` is never half a copy."""
    if target.exists():
        raise FileExistsError(target)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    copy_database(source, partial)
    partial.replace(target)
    return target


def backup_sqlite(source: Path, directory: Path, now: datetime, keep: int) -> Path:
    """Copy the database into `directory` under a dated name; delete the oldest
    copies beyond `keep`; return the new file."""
    directory.mkdir(parents=True, exist_ok=True)
    target = backup_to_file(source, directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}.sqlite3")
    copies = sorted(directory.glob(f"{PREFIX}*.sqlite3"))
    for old in copies[: max(len(copies) - keep, 0)]:
        old.unlink()
    return target


def check_backup(path: Path, revisions: set[str]) -> str:
    """Return the schema revision of `path` when it is a sound Aiguillage database
    whose revision is one of `revisions`; raise NotABackup otherwise. Reads only."""
    if not path.is_file():
        raise NotABackup(f"{path} is not a file.")
    with path.open("rb") as file:
        if file.read(len(HEADER)) != HEADER:
            raise NotABackup(f"{path} is not a SQLite database.")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup:
            problems = [row[0] for row in backup.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise NotABackup(f"{path} is damaged: {problems[0]}")
            tables = {
                row[0] for row in backup.execute("SELECT name FROM sqlite_master")
            }
            if not tables >= REQUIRED_TABLES:
                raise NotABackup(f"{path} is not an Aiguillage database.")
            found = backup.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise NotABackup(f"{path} cannot be read: {error}") from error
    if not found or found[0] not in revisions:
        raise NotABackup(f"{path} has a schema version this Aiguillage does not know.")
    return found[0]


def restore_sqlite(backup: Path, live: Path, now: datetime) -> Path:
    """Replace the live database by `backup` in one transaction (the running app
    keeps serving); return the copy of the replaced database kept beside it."""
    kept = live.with_name(f"{live.stem}-before-restore-{now:%Y%m%d-%H%M%S}.sqlite3")
    backup_to_file(live, kept)
    with (
        closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(live, timeout=30)) as dst,
    ):
        src.backup(dst)  # all pages in one step: one write transaction
    return kept
