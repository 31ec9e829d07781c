"""Usage figures: anonymous counts per kiosk, hour, language and need."""

from flask import Blueprint

bp = Blueprint("usage", __name__, url_prefix="/admin/usage")

from . import views  # noqa: E402, F401 (the views join the blueprint)
