"""Heartbeats in, fleet status out: pure rules plus one write per heartbeat."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Kiosk, KioskStatus

# A kiosk beats every minute; three missed beats in a row and we call it offline.
HEARTBEAT_SECONDS = 60
OFFLINE_AFTER = timedelta(minutes=3)
PRINTER_STATES = frozenset({"ok", "no-paper", "offline", "none"})
PRINTER_PROBLEMS = frozenset({"no-paper", "offline"})
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,20}")
_SCREEN = re.compile(r"[0-9]{2,5}x[0-9]{2,5}")


@dataclass(frozen=True)
class Heartbeat:
    """What a tablet says every minute: its version, viewport and printer state."""

    version: str
    screen: str
    printer: str  # one of PRINTER_STATES, or "" when the tablet did not say


@dataclass(frozen=True)
class FleetRow:
    """One line of the fleet page: a kiosk, its last status, online or not since."""

    kiosk: Kiosk
    status: KioskStatus | None
    online: bool
    since: datetime | None  # online since, or offline since (the last heartbeat)

    @property
    def printer_problem(self) -> bool:
        """Return True when the last heartbeat reported a printer that cannot print."""
        return bool(self.status and self.status.printer_state in PRINTER_PROBLEMS)

    @property
    def needs_attention(self) -> bool:
        """Return True for a kiosk staff should look at: offline or printer problem."""
        return not self.online or self.printer_problem


def parse_heartbeat(payload) -> Heartbeat | None:
    """Return the heartbeat a tablet sent, or None when anything in it is invalid."""
    if not isinstance(payload, dict):
        return None
    version, screen = payload.get("version"), payload.get("screen")
    printer = payload.get("printer", "")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return None
    if not isinstance(screen, str) or not _SCREEN.fullmatch(screen):
        return None
    if printer != "" and (
        not isinstance(printer, str) or printer not in PRINTER_STATES
    ):
        return None
    return Heartbeat(version, screen, printer)


def utc_now() -> datetime:
    """Return the current time as a naive UTC datetime (how statuses are stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


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
    if beat.printer:
        status.printer_state = beat.printer
    return status


def record_heartbeat(kiosk: Kiosk, beat: Heartbeat, now: datetime | None = None):
    """Store a kiosk's heartbeat (one row per kiosk) and commit."""
    status = db.session.get(KioskStatus, kiosk.id)
    db.session.add(apply_heartbeat(status, kiosk.id, beat, now or utc_now()))
    db.session.commit()


def fleet_row(kiosk: Kiosk, status: KioskStatus | None, now: datetime) -> FleetRow:
    """Return whether a kiosk is online and since when."""
    if status is None:
        return FleetRow(kiosk, None, online=False, since=None)
    online = now - status.last_seen <= OFFLINE_AFTER
    since = status.online_since if online else status.last_seen
    return FleetRow(kiosk, status, online=online, since=since)


def fleet(now: datetime | None = None) -> list[FleetRow]:
    """Return every kiosk's status, those needing attention first, then by name."""
    now = now or utc_now()
    statuses = {s.kiosk_id: s for s in db.session.scalars(select(KioskStatus))}
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name))
    rows = [fleet_row(kiosk, statuses.get(kiosk.id), now) for kiosk in kiosks]
    return sorted(rows, key=lambda row: not row.needs_attention)
