"""Heartbeats in, fleet status out: pure rules plus one write per heartbeat."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from .. import clock
from ..extensions import db, impatient
from ..models import Kiosk, KioskStatus, UsageCount
from ..usage.counting import flush_counts

# A kiosk beats every minute; three missed beats in a row and we call it offline.
HEARTBEAT_SECONDS = 60
OFFLINE_AFTER = timedelta(minutes=3)
PRINTER_PROBLEMS = frozenset({"no-paper", "offline"})
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,20}")
_SCREEN = re.compile(r"[0-9]{2,5}x[0-9]{2,5}")


@dataclass(frozen=True)
class Heartbeat:
    """What a tablet says every minute: its version and viewport.

    Not its printer: the server prints, so the server knows (fleet/printer.py).
    """

    version: str
    screen: str


@dataclass(frozen=True)
class FleetRow:
    """One line of the fleet page: a kiosk, its last status, online or not since."""

    kiosk: Kiosk
    status: KioskStatus | None
    online: bool
    since: datetime | None  # online since, or offline since (the last heartbeat)
    # The last hour it showed a screen (usage counts): a kiosk that shows screens
    # but sends no heartbeat was seen all the same (an old page, no JavaScript).
    last_used: datetime | None = None

    @property
    def seen(self) -> bool:
        """Return True when the kiosk ever sent a heartbeat or showed a screen: the
        fleet and usage pages agree on it."""
        return self.status is not None or self.last_used is not None

    @property
    def printer(self) -> str:
        """Return what the printer column says: "browser" (the tablet's own printer,
        which the server cannot see), "none", or the last state the server learnt of
        its receipt printer ("" before the first print or probe)."""
        if self.kiosk.print_route != "escpos":
            return self.kiosk.print_route
        if self.status is None:
            return ""
        return self.status.printer_state or ""

    @property
    def printer_problem(self) -> bool:
        """Return True when the receipt printer was last found unable to print."""
        return self.printer in PRINTER_PROBLEMS

    @property
    def needs_attention(self) -> bool:
        """Return True for a kiosk staff should look at: offline or printer problem."""
        return not self.online or self.printer_problem


def parse_heartbeat(payload) -> Heartbeat | None:
    """Return the heartbeat a tablet sent, or None when anything in it is invalid
    (other keys, such as the "printer" older pages could send, are ignored)."""
    if not isinstance(payload, dict):
        return None
    version, screen = payload.get("version"), payload.get("screen")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return None
    if not isinstance(screen, str) or not _SCREEN.fullmatch(screen):
        return None
    return Heartbeat(version, screen)


def apply_heartbeat(
    status: KioskStatus | None, kiosk_id: int, beat: Heartbeat, now: datetime
) -> KioskStatus:
    """Return the status updated by a heartbeat; a gap restarts "online since"."""
    if status is None:
        status = KioskStatus(kiosk_id=kiosk_id, last_seen=now, online_since=now)
    elif now - status.last_seen > OFFLINE_AFTER:
        status.online_since = now
    status.last_seen = now
    status.version, status.screen = beat.version, beat.screen
    return status


def record_heartbeat(
    kiosk: Kiosk, beat: Heartbeat, now: datetime | None = None
) -> str | None:
    """Store a kiosk's heartbeat (one row per kiosk) and commit; return the printer
    state last stored (read before the commit, which would expire it), or None when
    another writer (an import) holds the database: the next heartbeat will do."""
    try:
        impatient()
        status = apply_heartbeat(
            db.session.get(KioskStatus, kiosk.id), kiosk.id, beat, now or clock.utcnow()
        )
        printer_state = status.printer_state or ""
        db.session.add(status)
        db.session.commit()
    except OperationalError:
        db.session.rollback()
        return None
    return printer_state


def fleet_row(
    kiosk: Kiosk,
    status: KioskStatus | None,
    now: datetime,
    last_used: datetime | None = None,
) -> FleetRow:
    """Return whether a kiosk is online and since when."""
    if status is None:
        return FleetRow(kiosk, None, online=False, since=None, last_used=last_used)
    online = now - status.last_seen <= OFFLINE_AFTER
    since = status.online_since if online else status.last_seen
    return FleetRow(kiosk, status, online, since, last_used)


def last_used() -> dict[int, datetime]:
    """Return, for each kiosk that showed a screen, the last hour it did (UTC)."""
    flush_counts()  # this process's latest counts too
    query = select(UsageCount.kiosk_id, func.max(UsageCount.hour)).group_by(
        UsageCount.kiosk_id
    )
    return dict(db.session.execute(query).all())


def fleet(now: datetime | None = None) -> list[FleetRow]:
    """Return every kiosk's status, those needing attention first, then by name."""
    now = now or clock.utcnow()
    statuses = {s.kiosk_id: s for s in db.session.scalars(select(KioskStatus))}
    used = last_used()
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name))
    rows = [
        fleet_row(kiosk, statuses.get(kiosk.id), now, used.get(kiosk.id))
        for kiosk in kiosks
    ]
    return sorted(rows, key=lambda row: not row.needs_attention)
