"""Print jobs: one row a tap on Print, so a double tap prints once.

A job for the same kiosk, need and place within REPEAT_SECONDS answers "already
printing" instead of printing again; a failed job does not count, so the visitor
may try again at once. Any other slip waits its kiosk's `print_gap_seconds` after the
last one, and a kiosk prints `prints_per_hour` at most ("resting"): nobody can empty
a receipt roll. Rows hold no personal data: they are the print counts staff will see.

A job is written without waiting behind another writer (an import): claim() raises
OperationalError then, and finish() leaves the job as it was.
"""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from .. import clock
from ..extensions import db, impatient
from ..models import Kiosk, Need, Place, PrintJob

REPEAT_SECONDS = 10
# Outcomes that mean a slip is on its way: another tap must not print again.
UNDER_WAY = ("pending", "printed", "paper_low", "opened")


def claim(
    kiosk: Kiosk,
    need: Need,
    structure: Place,
    lang: str,
    window: float | None = None,
) -> PrintJob | str:
    """Return a new pending job, or why not: "already" when this slip is under way,
    "resting" when the kiosk printed too recently or too much this hour."""
    window = REPEAT_SECONDS if window is None else window
    impatient()
    now = clock.utcnow()
    since = now - timedelta(seconds=window)
    recent = select(PrintJob.id).where(
        PrintJob.kiosk_id == kiosk.id,
        PrintJob.need_id == need.id,
        PrintJob.structure_id == structure.id,
        PrintJob.created_at >= since,
        PrintJob.outcome.in_(UNDER_WAY),
    )
    if db.session.scalar(recent.limit(1)) is not None:
        return "already"
    if _resting(kiosk, now):
        return "resting"
    job = PrintJob(
        kiosk_id=kiosk.id,
        need_id=need.id,
        structure_id=structure.id,
        language=lang,
        route=kiosk.print_route,
        created_at=now,
    )
    db.session.add(job)
    db.session.commit()
    return job


def _resting(kiosk: Kiosk, now) -> bool:
    """Return True when `kiosk` printed less than its gap ago, or its hourly most."""
    printed = select(func.count()).where(
        PrintJob.kiosk_id == kiosk.id, PrintJob.outcome.in_(UNDER_WAY)
    )
    gap = timedelta(seconds=kiosk.print_gap_seconds or 0)
    if gap and db.session.scalar(printed.where(PrintJob.created_at > now - gap)):
        return True
    hour = printed.where(PrintJob.created_at > now - timedelta(hours=1))
    return db.session.scalar(hour) >= (kiosk.prints_per_hour or 0)


def finish(job: PrintJob, outcome: str) -> None:
    """Record how a job went: "printed", "paper_low", "opened" or a problem kind;
    not at all while another writer holds the database (the slip is out anyway)."""
    try:
        impatient()
        job.outcome = outcome
        db.session.commit()
    except OperationalError:
        db.session.rollback()
