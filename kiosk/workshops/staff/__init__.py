"""Staff pages of the workshops: the list, importing a place's calendar (a file or
its address), and the "Ateliers du mois" poster to print."""

from flask import Blueprint

bp = Blueprint("workshop_staff", __name__, url_prefix="/admin/ateliers")

from . import views  # noqa: E402, F401 (the views join the blueprint)
