"""The time the app reads: now in Paris, or a frozen moment set in the configuration."""

from datetime import UTC, datetime

from flask import current_app

from .ranking.hours import PARIS


def now() -> datetime:
    """Return the time in Europe/Paris (FROZEN_NOW when set: tests and demos)."""
    frozen = current_app.config.get("FROZEN_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen)
        return moment.replace(tzinfo=PARIS) if moment.tzinfo is None else moment
    return datetime.now(PARIS)


def utcnow() -> datetime:
    """Return the real time as a naive UTC datetime (how log-in attempts, print jobs
    and kiosk statuses are stored): never frozen, as a throttle must not be."""
    return datetime.now(UTC).replace(tzinfo=None)


def now_utc() -> datetime:
    """Return now() as a naive UTC datetime: for what is stored with a date that
    tests move (update links, campaigns, reminders), unlike utcnow()."""
    return now().astimezone(UTC).replace(tzinfo=None)
