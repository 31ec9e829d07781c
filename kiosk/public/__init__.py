"""The visitor's side: blueprint `public` (screens, the phone page, printing)."""

from flask import Blueprint

from ..languages import refuse_unknown_language

bp = Blueprint("public", __name__)
bp.url_value_preprocessor(refuse_unknown_language)


from . import report, take_home, views  # noqa: E402, F401 (the views join the blueprint)
