"""Slowing password guessing: failed log-ins counted per account and per address.

The counter is a table, so every gunicorn worker (and every server sharing the
database) sees the same count. Real time, not FROZEN_NOW: a frozen demo clock must
not lock an account for ever.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from .. import clock
from ..extensions import db
from ..models import LoginAttempt

MAX_FAILURES = 5
WINDOW = timedelta(minutes=1)
KEEP = timedelta(hours=1)


def keys(email: str, address: str | None) -> list[str]:
    """Return the counter keys of one try: its account and its client address."""
    return [f"email:{email.strip().lower()}", f"address:{address or 'unknown'}"]


def is_blocked(email: str, address: str | None, now: datetime | None = None) -> bool:
    """Return True when the account or the address failed too often this minute."""
    since = (now or clock.utcnow()) - WINDOW
    query = (
        select(LoginAttempt.key, func.count())
        .where(LoginAttempt.key.in_(keys(email, address)), LoginAttempt.at > since)
        .group_by(LoginAttempt.key)
    )
    return any(count >= MAX_FAILURES for _key, count in db.session.execute(query))


def record_failure(email: str, address: str | None, now: datetime | None = None):
    """Count a failed try for its account and its address; forget old ones. Commits."""
    now = now or clock.utcnow()
    db.session.add_all(LoginAttempt(key=key, at=now) for key in keys(email, address))
    db.session.execute(
        delete(LoginAttempt).where(
            or_(LoginAttempt.at < now - KEEP, LoginAttempt.at > now + KEEP)
        )
    )
    db.session.commit()
