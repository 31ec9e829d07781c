"""Staff pages: the usage dashboard and its CSV export."""

from flask import abort, make_response, render_template, request

from .. import clock
from ..kiosks import kiosk_by_slug
from ..languages import LANGUAGES, localized
from ..models import Kiosk
from ..web.templating import current_language
from . import bp, figures
from .charts import bar_chart, column_chart
from .counting import KINDS, flush_counts

PERIODS = (7, 30, 365)


def _days() -> int:
    days = request.args.get("days", type=int)
    return days if days in PERIODS else 30


def _kiosk() -> Kiosk | None:
    """Return the kiosk the dashboard is narrowed to (?kiosk=<slug>), None for all."""
    slug = request.args.get("kiosk")
    if not slug:
        return None
    kiosk = kiosk_by_slug(slug)
    if kiosk is None:
        abort(404)
    return kiosk


def need_label(row: dict) -> str:
    """Return a need's label in the staff language (its slug when it was deleted)."""
    if row["need"] is None:
        return row["slug"]
    return localized(row["need"].label, current_language())[0]


def need_bars(rows: list[dict]) -> list[tuple[str, int]]:
    """Return (need label, results shown) for a bar chart."""
    return [(need_label(row), row["result"]) for row in rows]


@bp.get("/")
def dashboard():
    """Return the dashboard: top needs, by kiosk, language and hour, for a period,
    of every kiosk or of one."""
    flush_counts()  # this process's latest counts, not those of 2 s ago
    days, kiosk = _days(), _kiosk()
    numbers = figures.dashboard_numbers(days, clock.now(), kiosk and kiosk.id)
    return render_template(
        "admin/usage/dashboard.html",
        days=days,
        periods=PERIODS,
        kiosk=kiosk,
        kinds=KINDS,
        **numbers,
        kiosk_bars=[(row[0].name, row[1]) for row in numbers["kiosks"]],
        language_bars=[(_language_name(c), n) for c, n in numbers["languages"]],
        hour_labels=[f"{hour}h" for hour in range(24)],
        need_label=need_label,
        need_bars=need_bars,
        bar_chart=bar_chart,
        column_chart=column_chart,
    )


def _language_name(code: str) -> str:
    return LANGUAGES[code].name if code in LANGUAGES else code


@bp.get("/usage.csv")
def export():
    """Return every hourly counter of the period as a CSV file."""
    flush_counts()
    days, now, kiosk = _days(), clock.now(), _kiosk()
    since = figures.period_start(days, now)
    response = make_response(figures.csv_text(since, kiosk and kiosk.id))
    response.mimetype = "text/csv"
    where = f"-{kiosk.slug}" if kiosk else ""
    filename = f"aiguillage-usage{where}-{now:%Y-%m-%d}-{days}d.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return response
