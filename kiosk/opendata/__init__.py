"""Open data in and out: the national standard (v1 and before), the France Services
list, data·inclusion, GeoJSON; blueprint `opendata` serves the public files."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)

from . import views  # noqa: E402, F401 (the views join the blueprint)
