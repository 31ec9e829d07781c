"""Staff page: every kiosk, online or offline since when, and printer problems."""

from flask import render_template
from flask_babel import format_datetime, format_timedelta

from .. import clock
from ..config import VERSION
from . import bp
from .status import OFFLINE_AFTER, fleet


@bp.get("/")
def index():
    """Return the fleet page: one row per kiosk, those needing attention first."""
    now = clock.utcnow()
    return render_template(
        "admin/fleet/index.html",
        rows=fleet(now),
        now=now,
        server_version=VERSION,
        offline_minutes=int(OFFLINE_AFTER.total_seconds() // 60),
        format_datetime=format_datetime,
        format_timedelta=format_timedelta,
    )
