"""The Listen button's server audio (espeak-ng): blueprint `speech`."""

from flask import Blueprint

from ..languages import refuse_unknown_language

bp = Blueprint("speech", __name__)
bp.url_value_preprocessor(refuse_unknown_language)

from . import views  # noqa: E402, F401 (the views join the blueprint)
