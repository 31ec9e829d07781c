"""Backups of the SQLite database: a consistent online copy, the newest N kept."""

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

PREFIX = "aiguillage-"


def sqlite_file(database_url: str) -> Path | None:
    """Return the file of a sqlite:/// URL, or None for another database."""
    if not database_url.startswith("sqlite:///"):
        return None
    return Path(database_url.removeprefix("sqlite:///"))


def backup_sqlite(source: Path, directory: Path, now: datetime, keep: int) -> Path:
    """Copy the database with SQLite's online backup (safe while the app writes);
    delete the oldest copies beyond `keep`; return the new file."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}.sqlite3"
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    copies = sorted(directory.glob(f"{PREFIX}*.sqlite3"))
    for old in copies[: max(len(copies) - keep, 0)]:
        old.unlink()
    return target
