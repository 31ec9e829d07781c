"""A place updates its own record through its private link (kiosk/upkeep/links.py):
a simple form in French, no account; what it sends is a revision by "the place
itself", at once or after staff accept it (kiosk/upkeep/updates.py)."""

from flask import Blueprint

bp = Blueprint("selfupdate", __name__, url_prefix="/mise-a-jour")

from . import views  # noqa: E402, F401 (the views join the blueprint)
