"""What the tablet itself calls: heartbeat, events, offline page, service worker."""

from flask import Blueprint

bp = Blueprint("device", __name__)

from . import views  # noqa: E402, F401 (the views join the blueprint)
