"""Error pages in the kiosk's own style, with a big Home button."""

from flask import Flask
from sqlalchemy.exc import OperationalError

from .htmx import render_screen

MESSAGES = {404: "not_found", 500: "server_error", 503: "unavailable"}


def register(app: Flask) -> None:
    """Install the kiosk-style handlers for 404, 500 and 503."""

    def handle(status: int):
        def handler(error):
            response = render_screen(
                "public/error.html", status=status, kind=MESSAGES[status]
            )
            # offline.js swaps a 5xx only when it is ours, never a proxy's own page.
            response.headers["X-Kiosk-Error"] = MESSAGES[status]
            return response

        return handler

    for status in MESSAGES:
        app.register_error_handler(status, handle(status))
    app.register_error_handler(OperationalError, handle(503))
