"""Staff page: every kiosk, online or offline since when, and printer problems."""

from flask import Blueprint, render_template
from flask_babel import format_datetime, format_timedelta

from ..config import VERSION
from .status import OFFLINE_AFTER, fleet, utc_now

bp = Blueprint("fleet", __name__, url_prefix="/admin/parc")


@bp.get("/")
def index():
    """Return the fleet page: one row per kiosk, those needing attention first."""
    now = utc_now()
    return render_template(
        "admin/fleet/index.html",
        rows=fleet(now),
        now=now,
        server_version=VERSION,
        offline_minutes=int(OFFLINE_AFTER.total_seconds() // 60),
        format_datetime=format_datetime,
        format_timedelta=format_timedelta,
    )
