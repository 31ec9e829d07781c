"""Rendering admin screens: a full page, or one block of it for an htmx swap."""

from flask import abort, make_response, render_template
from jinja2_fragments.flask import render_block

from ..extensions import db
from ..htmx import is_swap


def render_page(template: str, block: str | None = None, status: int = 200, **context):
    """Return the full page, or only `block` when htmx swaps that region."""
    if block and is_swap():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def get_or_404(model, row_id: int):
    """Return the row with this id, or answer 404."""
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row
