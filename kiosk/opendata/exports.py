"""Every export in one place: which places, in which order, as which file.

An export of 25,000 places takes seconds to write: it is written once per change of
the places, into a file of its own (`exported`, under EXPORT_CACHE_DIR), and served
from that file with an ETag and a Last-Modified until the places change again. After
a change, the previous file is served while one background thread writes the new one:
no download, and no kiosk screen in the same server, waits for it.
"""

import fcntl
import gzip
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from ..models import Place
from . import data_inclusion, geojson, mednum


@dataclass(frozen=True)
class Export:
    """A downloadable file: its text, media type and the standard's file name."""

    text: str
    mimetype: str
    filename: str


KINDS = ("csv", "json", "data-inclusion", "geojson")
_WRITERS = {
    "csv": (mednum.to_csv, "text/csv; charset=utf-8", "csv"),
    "json": (mednum.to_json, "application/json", "json"),
    "data-inclusion": (data_inclusion.to_json, "application/json", "json"),
    "geojson": (geojson.to_geojson, "application/geo+json", "geojson"),
}


def all_places() -> list[Place]:
    """Return every place not in the bin, by town then name: the order of every
    export (places hidden from the kiosks are public places too)."""
    query = (
        select(Place)
        .where(Place.deleted_at.is_(None))
        .order_by(Place.commune, Place.nom, Place.standard_id)
    )
    return list(db.session.scalars(query))


def export(kind: str) -> Export:
    """Return the export of every place as `kind` (one of KINDS)."""
    write, mimetype, extension = _WRITERS[kind]
    return Export(write(all_places()), mimetype, file_name(kind))


def file_name(kind: str) -> str:
    """Return the standard's name of an export made today."""
    day = clock.now().date().isoformat()
    stem = (
        "structures-services-data-inclusion"
        if kind == "data-inclusion"
        else "lieux-de-mediation-numerique"
    )
    return f"{day}_{stem}.{_WRITERS[kind][2]}"


@dataclass(frozen=True)
class Exported:
    """An export written to a file: where, its media type, and what identifies the
    state of the places it holds (an ETag) and when they last changed."""

    path: Path
    mimetype: str
    etag: str
    changed: datetime | None


def exported(kind: str) -> Exported:
    """Return the file of the export `kind`: the places as they are now when it is
    written; else the previous one, while a background thread writes the new one;
    else (the very first time) written now, one writer at a time."""
    stamp, changed = _stamp()
    folder = _folder()
    path = folder / f"{kind}-{stamp}.{_WRITERS[kind][2]}"
    mimetype = _WRITERS[kind][1]
    if path.exists():
        return Exported(path, mimetype, stamp, changed)
    folder.mkdir(parents=True, exist_ok=True)
    previous = _previous(folder, kind)
    if previous is None:
        _write_export(kind, path, wait=True)
        return Exported(path, mimetype, stamp, changed)
    _write_behind(kind, path)
    old_stamp = previous.stem[len(kind) + 1 :]
    return Exported(previous, mimetype, old_stamp, _modified(previous))


# The background writer of each file being written by this process: one a file,
# however many downloads ask for it meanwhile; forgotten once it has ended.
_writers: dict[Path, threading.Thread] = {}
_writers_lock = threading.Lock()


def _write_behind(kind: str, path: Path) -> None:
    """Start writing `path` in a thread of its own, unless one already is."""
    app = current_app._get_current_object()
    with _writers_lock:
        for written in [p for p, writer in _writers.items() if not writer.is_alive()]:
            del _writers[written]
        if path not in _writers:
            writer = threading.Thread(
                target=_write_later, args=(app, kind, path), daemon=True
            )
            _writers[path] = writer
            writer.start()


def wait_for_writers() -> None:
    """Wait until the exports being written in the background are written."""
    with _writers_lock:
        writers = list(_writers.values())
    for writer in writers:
        writer.join()


def _write_later(app, kind: str, path: Path) -> None:
    with app.app_context():
        _write_export(kind, path, wait=False)
        db.session.remove()


def _write_export(kind: str, path: Path, wait: bool) -> None:
    """Write the export `kind` to `path` and its gzipped copy, then remove the older
    files of that kind. One writer at a time (a file lock, across processes): with
    `wait` False, give up when another is writing."""
    with (path.parent / f"{kind}.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return  # another one is writing it
        if path.exists():  # written while this one waited
            return
        data = export(kind).text.encode("utf-8")
        _write(zipped(path), gzip.compress(data, 6, mtime=0))
        _write(path, data)  # last: its presence says both are there
        for old in path.parent.glob(f"{kind}-*"):
            if old not in (path, zipped(path)):
                old.unlink(missing_ok=True)


def _previous(folder: Path, kind: str) -> Path | None:
    """Return the export of `kind` written last (for places as they were), if any."""
    written = [
        path
        for path in folder.glob(f"{kind}-*.{_WRITERS[kind][2]}")
        if zipped(path).exists()
    ]
    return max(written, key=_modified_time, default=None)


def _modified_time(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by a writer meanwhile
        return 0.0


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(_modified_time(path), UTC).replace(tzinfo=None)


def zipped(path: Path) -> Path:
    """Return the gzipped copy of an export file (for browsers that accept gzip)."""
    return path.with_name(path.name + ".gz")


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def last_change() -> datetime | None:
    """Return when the places last changed (naive UTC), None without places."""
    return _stamp()[1]


def _stamp() -> tuple[str, datetime | None]:
    """Return what changes whenever a place does (added, edited, put in the bin or
    taken out of it: each bumps its version), and when the places last changed."""
    row = db.session.execute(
        select(
            func.count(Place.id),
            func.max(Place.id),
            func.sum(Place.version),
            func.max(Place.updated_at),
        )
    ).one()
    changed = row[3]
    if isinstance(changed, str):  # SQLite's text timestamps
        changed = datetime.fromisoformat(changed)
    words = f"{row[0]}:{row[1]}:{row[2]}:{changed}:{current_app.config['SECRET_KEY']}"
    return hashlib.sha256(words.encode()).hexdigest()[:20], changed


def _folder() -> Path:
    """Return this database's folder of exports (apps on other databases, tests
    included, never share one)."""
    config = current_app.config
    base = config["EXPORT_CACHE_DIR"] or Path(current_app.instance_path) / "exports"
    database = hashlib.sha256(config["DATABASE_URL"].encode()).hexdigest()[:12]
    return Path(base) / database
