"""The professionals' guide of every place and its search: blueprint `guide`, for
staff (the admin guards it), at /admin/donnees/guide and /admin/donnees/recherche."""

from flask import Blueprint

bp = Blueprint("guide", __name__, url_prefix="/admin/donnees")

from . import views  # noqa: E402, F401 (the views join the blueprint)
