"""The public pages of the structures themselves, in French, no account: a place
updates its own record through its private link (kiosk/upkeep/links.py), and a
structure proposes itself for the guide ("Référencer ma structure"). What they send
waits for staff, or is a revision by "the place itself" (kiosk/upkeep/)."""

from flask import Blueprint

bp = Blueprint("selfupdate", __name__)

from . import views  # noqa: E402, F401 (the views join the blueprint)
