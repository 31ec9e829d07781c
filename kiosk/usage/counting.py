"""Counting what happens at the kiosks, nothing personal, written behind the visitor.

Why write-behind: a count written during each screen made every screen a write
transaction, queued behind SQLite's one writer with the other screens and the staff
saves (tail latency, issue #9) and added statements to every request (#8). Now a
screen only adds to a Counter in memory, and a flush writes everything counted for a
database in one transaction (one executemany upsert): USAGE_FLUSH_SECONDS after the
first count not yet written (a daemon timer), when the process exits (atexit), and
when this process reads the figures (flush_counts()). A flush the database refuses
(busy, locked, down) puts its counts back for the next interval. A process killed
outright (kill -9, power cut) loses at most the counts of its last interval.
"""

import atexit
import logging
import threading
from collections import Counter
from datetime import UTC, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .. import clock
from ..extensions import db
from ..languages import LANGUAGES
from ..models import Kiosk, Need, UsageCount

log = logging.getLogger(__name__)

# What the figures count. The server counts what it sees itself (screens, results,
# the QR code of each result it renders, slips); the tablet reports what only it sees
# (CLIENT_KINDS) to POST /kiosk/event.
KINDS = {
    "screen": _l("Screens shown"),
    "result": _l("Results shown"),
    "qr": _l("QR codes shown"),
    "slip": _l("Slips printed"),
    "listen": _l("Listen pressed"),
    "reset": _l("Resets without a result"),
}
CLIENT_KINDS = frozenset({"listen", "reset"})
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_KEY = ["kiosk_id", "hour", "language", "need", "kind"]

# Counts not written yet, by database, then by (kiosk_id, hour, language, need,
# kind); and the flush planned for each database. Several apps (and databases) may
# share a process, as in the tests.
_pending: dict[Engine, Counter] = {}
_timers: dict[Engine, threading.Timer] = {}
_lock = threading.Lock()  # guards both dicts; never held during SQL
_writing = threading.Lock()  # one flush at a time (process exit waits for a timer's)


def hour_bucket(moment: datetime) -> datetime:
    """Return the start of the UTC hour of `moment`, as a naive UTC datetime."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(minute=0, second=0, microsecond=0)


def add_counts(
    kiosk_id: int,
    language: str,
    need: str,
    kinds: list[str],
    now: datetime | None = None,
) -> None:
    """Add one to each kind's counter of the app's database, in memory: no SQL here,
    the next flush writes it."""
    unknown = set(kinds) - KINDS.keys()
    if unknown or language not in LANGUAGES:
        raise ValueError(f"unknown usage kind or language: {unknown or language}")
    hour = hour_bucket(now or clock.now())
    counts = Counter((kiosk_id, hour, language, need, kind) for kind in set(kinds))
    seconds = float(current_app.config["USAGE_FLUSH_SECONDS"])
    with _lock:
        _pending.setdefault(db.engine, Counter()).update(counts)
        _plan(db.engine, seconds)


def count(kiosk, language: str, need: str, *kinds: str) -> None:
    """Count events seen by a view (nothing when the screen is not a kiosk's)."""
    if kiosk is not None:
        add_counts(kiosk.id, language, need, list(kinds))


def flush_counts() -> bool:
    """Write now what this process counted for the app's database, so that staff
    reading the figures see it; return False when the database refused it (kept for
    the next flush)."""
    return _write(db.engine)


def _plan(engine: Engine, seconds: float) -> None:
    """Start the timer that flushes a database's counts, unless one is already
    planned (the caller holds _lock)."""
    if engine not in _timers:
        timer = threading.Timer(seconds, _on_time, (engine, seconds))
        timer.daemon = True  # never keeps the process alive: atexit writes the rest
        _timers[engine] = timer
        timer.start()


def _on_time(engine: Engine, seconds: float) -> None:
    """Flush a database's counts; plan the next flush if some are still pending
    (refused by the database, or counted meanwhile)."""
    with _lock:
        del _timers[engine]
    _write(engine)
    with _lock:
        if _pending.get(engine):
            _plan(engine, seconds)


@atexit.register
def _flush_at_exit() -> None:
    """Write every pending count as the process ends (a gunicorn worker stopped
    gracefully, `flask run` stopped)."""
    with _lock:
        engines = list(_pending)
    for engine in engines:
        if not _write(engine):
            lost = sum(_pending.get(engine, Counter()).values())
            log.error("%d usage counts lost: the database refused them at exit", lost)


def _write(engine: Engine) -> bool:
    """Write a database's pending counts in one transaction; return False when the
    database refused them, put back for the next flush."""
    with _writing:
        with _lock:
            counts = _pending.pop(engine, None)
        if not counts:
            return True
        try:
            with engine.begin() as connection:
                rows = _rows(connection, counts)
                if rows:
                    connection.execute(_UPSERTS[engine.dialect.name], rows)
        except SQLAlchemyError as error:
            with _lock:
                _pending.setdefault(engine, Counter()).update(counts)
            log.warning("usage counts kept for the next flush: %s", error)
            return False
    return True


def _rows(connection, counts: Counter) -> list[dict]:
    """Return the upsert's rows, without those of kiosks deleted since they counted
    (their rows would refuse the whole batch)."""
    ids = {key[0] for key in counts}
    known = set(connection.scalars(select(Kiosk.id).where(Kiosk.id.in_(ids))))
    return [
        dict(zip(_KEY, key, strict=True), count=n)
        for key, n in counts.items()
        if key[0] in known
    ]


def upsert_statement(dialect: str):
    """Return INSERT ... ON CONFLICT DO UPDATE adding a row's `count` to its counter,
    for executemany (Core, on the table: compiled once, then cached).

    Both SQLite (3.24+) and PostgreSQL speak it; other databases are not supported.
    """
    table = UsageCount.__table__
    insert = _INSERTS[dialect](table)
    return insert.on_conflict_do_update(
        index_elements=_KEY, set_={"count": table.c["count"] + insert.excluded["count"]}
    )


_UPSERTS = {dialect: upsert_statement(dialect) for dialect in _INSERTS}


def is_known_need(slug: str) -> bool:
    """Return True for "" (no need) or the slug of an existing need."""
    if slug == "":
        return True
    return db.session.scalar(select(Need.id).where(Need.slug == slug)) is not None


def client_event_problem(payload: dict) -> str | None:
    """Return what is wrong with an event reported by a tablet, or None when valid."""
    if not isinstance(payload, dict):
        return "expected a JSON object"
    kind, language = payload.get("kind"), payload.get("language")
    need = payload.get("need", "")
    if not isinstance(kind, str) or kind not in CLIENT_KINDS:
        return "unknown event kind"
    if not isinstance(language, str) or language not in LANGUAGES:
        return "unknown language"
    if not isinstance(need, str) or not is_known_need(need):
        return "unknown need"
    return None
