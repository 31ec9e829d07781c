"""The guide keeps itself current: each place's private update link (links), the
campaigns that send them with reminders (campaigns), what places send back
(updates) and the e-mail that carries it all (mail). Staff pages at
/admin/mises-a-jour; the form places open is kiosk/selfupdate/."""

from flask import Blueprint

bp = Blueprint("upkeep", __name__, url_prefix="/admin/mises-a-jour")

from . import views  # noqa: E402, F401 (the views join the blueprint)
