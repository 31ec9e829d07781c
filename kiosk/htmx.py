"""The only place that reads htmx's HX-* request headers."""

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block

from .speech.views import SCRIPT_HOLE, with_script


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


def render_screen(template: str, status: int = 200, **context):
    """Return the full page, or only what changes from screen to screen for a swap.

    Every screen template extends public/screen.html and defines the blocks
    `title_text` and `screen` (and `nav_buttons` when it has Home and Back). A swap
    carries the title, the screen, and the bar's Home and Back out of band: the rest
    of the bar (Listen, display modes, the language row) stays on the page, so the
    tablet does not lay it out again at every tap. The text of the screen's <main> is
    put in its Listen script (`with_script`).
    """
    context["speech_script"] = [SCRIPT_HOLE]
    if is_swap():
        title = render_block(template, "title_text", **context)
        buttons = render_block(template, "nav_buttons", **context)
        screen = with_script(render_block(template, "screen", **context))
        body = (
            f"<title>{title}</title>\n"
            f'<div hx-swap-oob="innerHTML:#nav-buttons">{buttons}</div>\n{screen}'
        )
    else:
        body = with_script(render_template(template, **context))
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def render_region(template: str, block: str, status: int = 200, **context):
    """Return only the region `block` for an htmx swap, the full page otherwise."""
    if is_swap():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def is_htmx() -> bool:
    """Return True for any request htmx made (swap, boosted link or history restore)."""
    return request.headers.get("HX-Request") == "true"
