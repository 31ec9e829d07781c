"""Counting what happens at the kiosks: one upsert per event, nothing personal."""

import logging
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .. import clock
from ..extensions import db
from ..languages import LANGUAGES
from ..models import Need, UsageCount

log = logging.getLogger(__name__)

# What the figures count. The server counts what it sees itself (screens, results,
# slips); the tablet reports what only it sees (CLIENT_KINDS) to POST /kiosk/event.
KINDS = {
    "screen": _l("Screens shown"),
    "result": _l("Results shown"),
    "qr": _l("QR codes shown"),
    "slip": _l("Slips printed"),
    "listen": _l("Listen pressed"),
    "reset": _l("Resets without a result"),
}
CLIENT_KINDS = frozenset({"qr", "listen", "reset"})
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_KEY = ["kiosk_id", "hour", "language", "need", "kind"]
COUNT_WAIT_MS = 200  # a counter waits this long for another writer, then is kept
# Counts a busy database refused, by database and (kiosk_id, hour, language, need,
# kind): added to the next count this process writes there, so a busy moment delays
# the figures, never loses them.
_later: dict[str, Counter] = {}
_later_lock = threading.Lock()


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
    """Add one to each kind's counter, and the counts kept for later, in one
    INSERT ... ON CONFLICT DO UPDATE; kept for later again when the database is busy.

    It runs on its own connection and transaction, so it neither commits nor expires
    what the calling view has loaded in its session.
    """
    unknown = set(kinds) - KINDS.keys()
    if unknown or language not in LANGUAGES:
        raise ValueError(f"unknown usage kind or language: {unknown or language}")
    hour = hour_bucket(now or clock.now())
    counts = Counter((kiosk_id, hour, language, need, kind) for kind in set(kinds))
    database = str(db.engine.url)
    with _later_lock:
        counts.update(_later.pop(database, {}))
    rows = [dict(zip(_KEY, key, strict=True), count=n) for key, n in counts.items()]
    try:
        with db.engine.begin() as connection, _short_wait(connection):
            connection.execute(_UPSERTS[db.engine.dialect.name], rows)
    except OperationalError:  # busy or locked: next time (any other error: dropped)
        with _later_lock:
            _later.setdefault(database, Counter()).update(counts)
        raise


@contextmanager
def _short_wait(connection):
    """On SQLite, wait at most COUNT_WAIT_MS for a writer holding the database (an
    import, a backup restore): a visitor's screen never waits behind it."""
    if connection.dialect.name != "sqlite":
        yield
        return
    usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql(f"PRAGMA busy_timeout={COUNT_WAIT_MS}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(usual)}")


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


def count(kiosk, language: str, need: str, *kinds: str) -> None:
    """Count events seen by a view; a failure to count never breaks the screen."""
    if kiosk is None:
        return
    try:
        add_counts(kiosk.id, language, need, list(kinds))
    except OperationalError as error:
        log.info("usage counted later, the database is busy: %s", error.orig)
    except SQLAlchemyError:
        log.warning("usage not counted", exc_info=True)


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
