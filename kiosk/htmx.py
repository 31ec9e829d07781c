"""The only place that reads htmx's HX-* request headers and writes its response
headers: is it a swap, render a page or one of its blocks, redirect or refresh."""

from flask import make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block


def is_swap() -> bool:
    """Return True for an htmx request that swaps part of the page.

    Boosted links and history restores get the full page.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def is_htmx() -> bool:
    """Return True for any request htmx made (swap, boosted link or history restore)."""
    return request.headers.get("HX-Request") == "true"


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Return the full page, or only `block` when htmx swaps that region."""
    if block and is_swap():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return varied(make_response(body, status))


def varied(response):
    """Return the response marked as depending on HX-Request (page or fragment)."""
    response.vary.add("HX-Request")
    return response


# A kiosk asks for a tap's screen when the finger touches the link (the header
# X-Kiosk-Press, static/js/kiosk.js); the browser keeps that answer this long, so that
# htmx's request at the click, when the finger lifts, reads it from the browser's cache.
PRESSED_SECONDS = 5


def kept_for_the_click(response):
    """Return `response`, cacheable by this browser for a few seconds when it answers
    a link pressed on a kiosk (every other answer is fetched anew)."""
    pressed = request.headers.get("X-Kiosk-Press") == "1"
    if pressed and request.method == "GET" and response.status_code == 200:
        response.cache_control.private = True
        response.cache_control.max_age = PRESSED_SECONDS
    return response


def hx_redirect(url: str, status: int = 303, htmx_status: int = 200):
    """Return a redirect to `url`: a plain one, or for htmx the HX-Redirect header
    (htmx would otherwise swap the next page inside the current one)."""
    if not is_htmx():
        return redirect(url, status)
    response = make_response("", htmx_status)
    response.headers["HX-Redirect"] = url
    return response


def hx_refresh(status: int = 200):
    """Return an empty answer that makes htmx reload the whole page."""
    response = make_response("", status)
    response.headers["HX-Refresh"] = "true"
    return response
