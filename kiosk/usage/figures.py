"""The numbers of the usage dashboard, read from the hourly counters."""

import csv
import io
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..extensions import db
from ..models import Kiosk, Need, UsageCount
from ..web.security import spreadsheet_safe
from .counting import KINDS, hour_bucket

PARIS = ZoneInfo("Europe/Paris")
NEED_KINDS = ("result", "qr", "slip", "listen", "reset")


def period_start(days: int, now: datetime) -> datetime:
    """Return the first UTC hour bucket of the last `days` days before `now`.

    `now` is the app's clock (FROZEN_NOW in tests and demos), as when counting.
    """
    return hour_bucket(now) - timedelta(days=days)


def _sum_by(
    *columns, since: datetime, kind: str | None = None, kiosk_id: int | None = None
):
    """Return the counts summed by `columns` since a moment (one kind, one kiosk)."""
    query = select(*columns, func.sum(UsageCount.count)).where(UsageCount.hour >= since)
    if kind:
        query = query.where(UsageCount.kind == kind)
    if kiosk_id is not None:
        query = query.where(UsageCount.kiosk_id == kiosk_id)
    return db.session.execute(query.group_by(*columns)).all()


def _needs_by_slug() -> dict[str, Need]:
    return {need.slug: need for need in db.session.scalars(select(Need))}


def totals_by_kind(since: datetime, kiosk_id: int | None = None) -> dict[str, int]:
    """Return {kind: count} since a moment, every kind present (0 when none)."""
    totals = dict.fromkeys(KINDS, 0)
    rows = _sum_by(UsageCount.kind, since=since, kiosk_id=kiosk_id)
    totals.update({kind: n for kind, n in rows})
    return totals


def need_counts(
    since: datetime, limit: int = 15, kiosk_id: int | None = None
) -> list[dict]:
    """Return the needs by results shown, most asked first, with their other counts.

    Each row: {"slug", "need" (the Need or None), "result", "qr", ...}. A reset
    without a result is counted on the last need the visitor opened.
    """
    rows: dict[str, Counter] = {}
    columns = (UsageCount.need, UsageCount.kind)
    for slug, kind, n in _sum_by(*columns, since=since, kiosk_id=kiosk_id):
        if slug and kind in NEED_KINDS:
            rows.setdefault(slug, Counter())[kind] += n
    needs = _needs_by_slug()
    ranked = sorted(rows.items(), key=lambda item: (-item[1]["result"], item[0]))
    return [
        {"slug": slug, "need": needs.get(slug), **{k: c[k] for k in NEED_KINDS}}
        for slug, c in ranked[:limit]
    ]


def by_kiosk(since: datetime) -> list[tuple[Kiosk, int, int, dict | None]]:
    """Return (kiosk, screens, results, top need) for every kiosk, busiest first.

    The top need is the need_counts row of the need with the most results there
    (None when none): where each kiosk's visitors come for.
    """
    counts: dict[int, Counter] = {}
    for kiosk_id, kind, n in _sum_by(UsageCount.kiosk_id, UsageCount.kind, since=since):
        counts.setdefault(kiosk_id, Counter())[kind] += n
    top: dict[int, tuple[int, str]] = {}
    columns = (UsageCount.kiosk_id, UsageCount.need)
    for kiosk_id, slug, n in _sum_by(*columns, since=since, kind="result"):
        if slug and (-n, slug) < top.get(kiosk_id, (1, "")):
            top[kiosk_id] = (-n, slug)
    needs = _needs_by_slug()
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all()
    empty = Counter()
    rows = []
    for kiosk in kiosks:
        kiosk_counts = counts.get(kiosk.id, empty)
        slug = top[kiosk.id][1] if kiosk.id in top else None
        best = {"slug": slug, "need": needs.get(slug)} if slug else None
        rows.append((kiosk, kiosk_counts["screen"], kiosk_counts["result"], best))
    return sorted(rows, key=lambda row: -row[1])


def by_language(since: datetime, kiosk_id: int | None = None) -> list[tuple[str, int]]:
    """Return (language code, screens shown), most used first."""
    rows = _sum_by(UsageCount.language, since=since, kind="screen", kiosk_id=kiosk_id)
    return sorted(((lang, n) for lang, n in rows), key=lambda row: (-row[1], row[0]))


def by_hour_of_day(since: datetime, kiosk_id: int | None = None) -> list[int]:
    """Return the screens shown in each hour of the day, 0 to 23, Paris time."""
    hours = [0] * 24
    rows = _sum_by(UsageCount.hour, since=since, kind="screen", kiosk_id=kiosk_id)
    for bucket, n in rows:
        local = bucket.replace(tzinfo=ZoneInfo("UTC")).astimezone(PARIS)
        hours[local.hour] += n
    return hours


def dashboard_numbers(days: int, now: datetime, kiosk_id: int | None = None) -> dict:
    """Return every number of the dashboard for the last `days` days.

    With a kiosk, every figure but the table by kiosk is that kiosk's alone.
    """
    since = period_start(days, now)
    return {
        "totals": totals_by_kind(since, kiosk_id),
        "week": need_counts(period_start(7, now), 10, kiosk_id),
        "month": need_counts(period_start(30, now), 10, kiosk_id),
        "needs": need_counts(since, 50, kiosk_id),
        "kiosks": by_kiosk(since),
        "languages": by_language(since, kiosk_id),
        "hours": by_hour_of_day(since, kiosk_id),
    }


CSV_HEADER = ["hour_utc", "kiosk", "language", "need", "event", "count"]


def _cell(value) -> str:
    return spreadsheet_safe(str(value))  # never read as a formula by a spreadsheet


def csv_text(since: datetime, kiosk_id: int | None = None) -> str:
    """Return every counter since a moment (of one kiosk) as CSV, one row per bucket."""
    slugs = dict(db.session.execute(select(Kiosk.id, Kiosk.slug)).all())
    query = select(UsageCount).where(UsageCount.hour >= since)
    if kiosk_id is not None:
        query = query.where(UsageCount.kiosk_id == kiosk_id)
    query = query.order_by(UsageCount.hour, UsageCount.kiosk_id, UsageCount.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in db.session.scalars(query):
        kiosk = slugs.get(row.kiosk_id, row.kiosk_id)
        values = [row.hour.strftime("%Y-%m-%dT%H:00Z"), kiosk, row.language]
        writer.writerow([_cell(v) for v in [*values, row.need, row.kind, row.count]])
    return out.getvalue()
