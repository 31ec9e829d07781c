"""The numbers of the usage dashboard, read from the hourly counters."""

import csv
import io
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..extensions import db
from ..models import Kiosk, Need, UsageCount
from ..security import spreadsheet_safe
from .counting import KINDS, hour_bucket

PARIS = ZoneInfo("Europe/Paris")
NEED_KINDS = ("result", "qr", "slip", "listen", "reset")


def period_start(days: int, now: datetime) -> datetime:
    """Return the first UTC hour bucket of the last `days` days before `now`.

    `now` is the app's clock (FROZEN_NOW in tests and demos), as when counting.
    """
    return hour_bucket(now) - timedelta(days=days)


def _sum_by(*columns, since: datetime, kind: str | None = None):
    query = select(*columns, func.sum(UsageCount.count)).where(UsageCount.hour >= since)
    if kind:
        query = query.where(UsageCount.kind == kind)
    return db.session.execute(query.group_by(*columns)).all()


def totals_by_kind(since: datetime) -> dict[str, int]:
    """Return {kind: count} since a moment, every kind present (0 when none)."""
    totals = dict.fromkeys(KINDS, 0)
    totals.update({kind: n for kind, n in _sum_by(UsageCount.kind, since=since)})
    return totals


def need_counts(since: datetime, limit: int = 15) -> list[dict]:
    """Return the needs by results shown, most asked first, with their other counts.

    Each row: {"slug", "need" (the Need or None), "result", "qr", ...}. A reset
    without a result is counted on the last need the visitor opened.
    """
    rows: dict[str, Counter] = {}
    for slug, kind, n in _sum_by(UsageCount.need, UsageCount.kind, since=since):
        if slug and kind in NEED_KINDS:
            rows.setdefault(slug, Counter())[kind] += n
    needs = {n.slug: n for n in db.session.scalars(select(Need))}
    ranked = sorted(rows.items(), key=lambda item: (-item[1]["result"], item[0]))
    return [
        {"slug": slug, "need": needs.get(slug), **{k: c[k] for k in NEED_KINDS}}
        for slug, c in ranked[:limit]
    ]


def by_kiosk(since: datetime) -> list[tuple[Kiosk, int, int]]:
    """Return (kiosk, screens, results) for every kiosk, busiest first."""
    counts: dict[int, Counter] = {}
    for kiosk_id, kind, n in _sum_by(UsageCount.kiosk_id, UsageCount.kind, since=since):
        counts.setdefault(kiosk_id, Counter())[kind] += n
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all()
    empty = Counter()
    rows = [
        (k, counts.get(k.id, empty)["screen"], counts.get(k.id, empty)["result"])
        for k in kiosks
    ]
    return sorted(rows, key=lambda row: -row[1])


def by_language(since: datetime) -> list[tuple[str, int]]:
    """Return (language code, screens shown), most used first."""
    rows = _sum_by(UsageCount.language, since=since, kind="screen")
    return sorted(((lang, n) for lang, n in rows), key=lambda row: (-row[1], row[0]))


def by_hour_of_day(since: datetime) -> list[int]:
    """Return the screens shown in each hour of the day, 0 to 23, Paris time."""
    hours = [0] * 24
    for bucket, n in _sum_by(UsageCount.hour, since=since, kind="screen"):
        local = bucket.replace(tzinfo=ZoneInfo("UTC")).astimezone(PARIS)
        hours[local.hour] += n
    return hours


def dashboard_numbers(days: int, now: datetime) -> dict:
    """Return every number of the dashboard for the last `days` days."""
    since = period_start(days, now)
    return {
        "totals": totals_by_kind(since),
        "week": need_counts(period_start(7, now), limit=10),
        "month": need_counts(period_start(30, now), limit=10),
        "needs": need_counts(since, limit=50),
        "kiosks": by_kiosk(since),
        "languages": by_language(since),
        "hours": by_hour_of_day(since),
    }


CSV_HEADER = ["hour_utc", "kiosk", "language", "need", "event", "count"]


def _cell(value) -> str:
    return spreadsheet_safe(str(value))  # never read as a formula by a spreadsheet


def csv_text(since: datetime) -> str:
    """Return every counter since a moment as CSV, one row per hour bucket."""
    slugs = dict(db.session.execute(select(Kiosk.id, Kiosk.slug)).all())
    query = (
        select(UsageCount)
        .where(UsageCount.hour >= since)
        .order_by(UsageCount.hour, UsageCount.kiosk_id, UsageCount.id)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in db.session.scalars(query):
        kiosk = slugs.get(row.kiosk_id, row.kiosk_id)
        values = [row.hour.strftime("%Y-%m-%dT%H:00Z"), kiosk, row.language]
        writer.writerow([_cell(v) for v in [*values, row.need, row.kind, row.count]])
    return out.getvalue()
