"""The visitor's side: blueprint `public` (screens, the phone page, printing)."""

from flask import Blueprint, abort

from ..languages import LANGUAGES

bp = Blueprint("public", __name__)


@bp.url_value_preprocessor
def check_language(endpoint, values):
    """Refuse a language the kiosk does not speak with the kiosk's 404 page."""
    if values and "lang" in values and values["lang"] not in LANGUAGES:
        abort(404)


from . import take_home, views  # noqa: E402, F401 (the views join the blueprint)
