"""Print jobs: one row a tap on Print, so a double tap prints once.

A job for the same kiosk, need and place within REPEAT_SECONDS answers "already
printing" instead of printing again; a failed job does not count, so the visitor
may try again at once. Rows hold no personal data: they are the print counts
staff will see.
"""

from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..extensions import db
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
) -> PrintJob | None:
    """Return a new pending job, or None when this slip is already under way."""
    window = REPEAT_SECONDS if window is None else window
    since = clock.utcnow() - timedelta(seconds=window)
    recent = select(PrintJob.id).where(
        PrintJob.kiosk_id == kiosk.id,
        PrintJob.need_id == need.id,
        PrintJob.structure_id == structure.id,
        PrintJob.created_at >= since,
        PrintJob.outcome.in_(UNDER_WAY),
    )
    if db.session.scalar(recent.limit(1)) is not None:
        return None
    job = PrintJob(
        kiosk_id=kiosk.id,
        need_id=need.id,
        structure_id=structure.id,
        language=lang,
        route=kiosk.print_route,
        created_at=clock.utcnow(),
    )
    db.session.add(job)
    db.session.commit()
    return job


def finish(job: PrintJob, outcome: str) -> None:
    """Record how a job went: "printed", "paper_low", "opened" or a problem kind."""
    job.outcome = outcome
    db.session.commit()
