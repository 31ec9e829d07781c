"""Slowing password guessing without letting anyone lock staff out.

Every try is counted *before* its password is checked (one committed row per key), so
fifty tries sent at once check five passwords, not fifty. A try is refused (429) when:

- its account **and** address failed too often: 5 in a minute, 10 in 15 minutes, 20 in
  an hour (the wait grows as the guessing goes on);
- its address tried too many accounts: 20 in a minute;
- its account was tried too often from everywhere (50 in an hour), unless the address
  is one the account logged in from in the last 30 days: a stranger cannot lock the
  right person out of their own desk.

The counters are a table, so every gunicorn worker (and every server sharing the
database) sees the same counts. Real time, not FROZEN_NOW: a frozen demo clock must
not lock an account for ever.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from .. import clock
from ..extensions import db
from ..models import LoginAttempt

# (failures of one account from one address, within) → the try waits.
PAIR_LIMITS = (
    (5, timedelta(minutes=1)),
    (10, timedelta(minutes=15)),
    (20, timedelta(hours=1)),
)
ADDRESS_LIMIT = (20, timedelta(minutes=1))  # one address, any accounts
ACCOUNT_LIMIT = (50, timedelta(hours=1))  # one account, addresses it never used
KNOWN_FOR = timedelta(days=30)
KEEP = timedelta(hours=1)


def _email(email: str) -> str:
    return email.strip().lower()


def _keys(email: str, address: str | None) -> dict[str, str]:
    where = address or "unknown"
    return {
        "pair": f"pair:{_email(email)}|{where}",
        "address": f"address:{where}",
        "account": f"email:{_email(email)}",
    }


def _known_key(email: str, address: str | None) -> str:
    return f"known:{_email(email)}|{address or 'unknown'}"


def claim_try(email: str, address: str | None, now: datetime | None = None):
    """Count a log-in try before its password is checked; return the rows counted
    (give them to `forget_try` when the password was right), or None when the try
    must be refused. Commits."""
    now = now or clock.utcnow()
    keys = _keys(email, address)
    rows = [LoginAttempt(key=key, at=now) for key in keys.values()]
    db.session.add_all(rows)
    db.session.execute(
        delete(LoginAttempt).where(
            or_(
                LoginAttempt.at > now + KEEP,
                (LoginAttempt.at < now - KEEP) & ~LoginAttempt.key.startswith("known:"),
                LoginAttempt.at < now - KNOWN_FOR,
            )
        )
    )
    db.session.commit()
    ids = [row.id for row in rows]
    if _over(keys, email, address, now):
        return None
    return ids


def _count(key: str, since: datetime) -> int:
    query = select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > since)
    return db.session.scalar(query)


def _over(keys: dict[str, str], email: str, address: str | None, now) -> bool:
    """Return True when a try (already counted) goes over a limit."""
    if any(_count(keys["pair"], now - within) > most for most, within in PAIR_LIMITS):
        return True
    most, within = ADDRESS_LIMIT
    if _count(keys["address"], now - within) > most:
        return True
    most, within = ACCOUNT_LIMIT
    if _count(keys["account"], now - within) <= most:
        return False
    known = _count(_known_key(email, address), now - KNOWN_FOR)
    return not known


def forget_try(ids: list[int], email: str, address: str | None, now=None) -> None:
    """Un-count a try whose password was right, and remember its address as one the
    account logs in from. Commits."""
    now = now or clock.utcnow()
    known = _known_key(email, address)
    db.session.execute(
        delete(LoginAttempt).where(
            or_(LoginAttempt.id.in_(ids), LoginAttempt.key == known)
        )
    )
    db.session.add(LoginAttempt(key=known, at=now))
    db.session.commit()
