"""The printer column of the fleet page: the server prints, so the server tells.

A tablet cannot see an ESC/POS printer on the network; the server talks to it. Each
print attempt's outcome sets the kiosk's printer state, and a heartbeat of an escpos
kiosk may start a status probe (DLE EOT: nothing is printed) in a background thread,
never in the heartbeat's request: a printer out of paper shows before a visitor
meets it, and a refilled one shows ready again without a test print.

How often (docs/decisions.md, "Printer state"): at each heartbeat (once a minute)
while the printer has a problem or was never checked, so a refill shows within a
minute; every PRINTER_PROBE_SECONDS (5 min) while it was fine. 0 turns probes off:
the state then comes from prints only.
"""

import logging
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, impatient
from ..models import Kiosk, KioskStatus
from ..printing import PrinterProblem, ask_status

log = logging.getLogger(__name__)

# How a print or a probe ended -> the printer state staff see.
OUTCOME_STATES = {
    "printed": "ok",
    "ready": "ok",
    "paper_low": "paper-low",
    "no_paper": "no-paper",
    "offline": "offline",
    "unreachable": "offline",
    "silent": "offline",
    "interrupted": "offline",
}
# States checked again at every heartbeat: a problem, or never checked yet.
CHECK_OFTEN = frozenset({"", "no-paper", "offline"})

_lock = threading.Lock()  # guards the two dicts below; never held during I/O
_last_probe: dict[tuple, float] = {}  # (engine, kiosk id) -> time.monotonic()
_probing: dict[tuple, threading.Thread] = {}  # probes under way


@dataclass(frozen=True)
class Printer:
    """Where a kiosk's receipt printer is: read before the heartbeat's commit."""

    kiosk_id: int
    host: str
    port: int


def printer_of(kiosk: Kiosk) -> Printer | None:
    """Return the kiosk's network printer, or None when the server prints nothing."""
    if kiosk.print_route != "escpos" or not kiosk.printer_host:
        return None
    return Printer(kiosk.id, kiosk.printer_host, kiosk.printer_port)


def record_printer(kiosk_id: int, outcome: str) -> None:
    """Store the printer state a print or probe outcome means, on the kiosk's status.

    A kiosk that never sent a heartbeat has no status row and stays "never seen":
    its printer state waits for its first heartbeat (which probes it). Best effort:
    a database that refuses it is logged, never the visitor's problem (their slip
    may already be printed).
    """
    state = OUTCOME_STATES.get(outcome)
    try:
        impatient()
        status = db.session.get(KioskStatus, kiosk_id)
        if state is None or status is None or status.printer_state == state:
            return
        status.printer_state = state
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("printer state of kiosk %s not stored: %s", kiosk_id, error)


def probe_due(state: str, last: float | None, now: float, every: float) -> bool:
    """Return True when a printer should be asked again (times in seconds)."""
    if every <= 0:
        return False
    return last is None or state in CHECK_OFTEN or now - last >= every


def probe_soon(printer: Printer | None, state: str) -> threading.Thread | None:
    """Ask the printer how it is in a background thread, when due; return the thread.

    At most one probe per kiosk at a time in this process; the heartbeat never waits.
    """
    if printer is None:
        return None
    every = float(current_app.config.get("PRINTER_PROBE_SECONDS") or 0)
    key, now = (db.engine, printer.kiosk_id), time.monotonic()
    with _lock:
        if key in _probing or not probe_due(state, _last_probe.get(key), now, every):
            return None
        _last_probe[key] = now
        thread = threading.Thread(
            target=_probe,
            args=(current_app._get_current_object(), key, printer),
            daemon=True,
        )
        _probing[key] = thread
    try:
        thread.start()
    except RuntimeError:  # no thread to be had (interpreter shutting down)
        with _lock:
            _probing.pop(key, None)
        return None
    return thread


def wait_for_probes(timeout: float = 10) -> None:
    """Wait for the probes under way to end (tests read their outcome)."""
    with _lock:
        threads = list(_probing.values())
    for thread in threads:
        thread.join(timeout)


def _probe(app: Flask, key: tuple, printer: Printer) -> None:
    """Ask the printer (PRINTER_TIMEOUT at most) and store its state."""
    try:
        timeout = float(app.config.get("PRINTER_TIMEOUT") or 3)
        try:
            outcome = ask_status(printer.host, printer.port, timeout)
        except PrinterProblem as problem:
            outcome = problem.kind
        with app.app_context():
            record_printer(printer.kiosk_id, outcome)
    finally:
        with _lock:
            _probing.pop(key, None)
