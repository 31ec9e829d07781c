"""Fleet status: which kiosks are alive, from their heartbeats."""

from flask import Blueprint

bp = Blueprint("fleet", __name__, url_prefix="/admin/parc")

from . import views  # noqa: E402, F401 (the views join the blueprint)
