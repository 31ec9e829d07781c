"""What every kiosk screen is rendered with: a Screen (its template and variables),
shown as a full page or, for a swap, as only what changes from screen to screen,
with its Listen script. The speech feature reads screens through this registry.
"""

import secrets
from collections.abc import Callable
from typing import NamedTuple

from flask import make_response, render_template
from jinja2_fragments.flask import render_block
from markupsafe import escape

from ..htmx import is_swap, kept_for_the_click, varied
from ..web.templating import current_language
from .listen import Sentence, screen_sentences


class Screen(NamedTuple):
    """A screen to show or read: its template and the variables it needs."""

    template: str
    context: dict


# The Screen builder of each endpoint a visitor can have read aloud.
SCREENS: dict[str, Callable[..., Screen]] = {}


def speakable(endpoint: str):
    """Return a decorator that registers the Screen builder of `endpoint`."""

    def register(build: Callable[..., Screen]) -> Callable[..., Screen]:
        SCREENS[endpoint] = build
        return build

    return register


def show(template: str, status: int = 200, **context):
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
    return kept_for_the_click(varied(make_response(body, status)))


def rehearsal(screens: list[Screen]) -> str:
    """Return the screen blocks of `screens` as a tap's swap brings them, one after
    the other, without their Listen scripts: what the tablet lays out once, hidden,
    after loading (static/js/kiosk.js)."""
    return "\n".join(_bare_screen(s.template, s.context) for s in screens)


def _bare_screen(template: str, context: dict) -> str:
    """Return a screen's block without its Listen script."""
    return render_block(template, "screen", **{**context, "speech_script": []})


def screen_script(template: str, context: dict) -> list[Sentence]:
    """Return the sentences of a screen's <main>, as shown to the visitor."""
    html = _bare_screen(template, context)
    return screen_sentences(html, current_language())


# Stands in the Listen button's script while a screen renders (see with_script):
# random, so no content can forge it.
SCRIPT_HOLE = Sentence(f"speech-script-{secrets.token_hex(8)}")
_HOLE_HTML = f"<p>{SCRIPT_HOLE.text}</p>"


def with_script(html: str) -> str:
    """Return a screen rendered with `speech_script=[SCRIPT_HOLE]`, its spoken script
    (the sentences of its <main>, as public/_speech_script.html writes them) in place
    of the hole.

    One rendering instead of two (one to read the text, one to show it with its
    script): under load this was a third of the cost of every screen.
    """
    if _HOLE_HTML not in html:
        return html
    sentences = screen_sentences(html, current_language())
    script = "".join(_paragraph(sentence) for sentence in sentences)
    return html.replace(_HOLE_HTML, script, 1)


def _paragraph(sentence: Sentence) -> str:
    """Return a sentence of the script as the template writes it, escaped."""
    if sentence.lang:
        return f'<p lang="{escape(sentence.lang)}">{escape(sentence.text)}</p>'
    return f"<p>{escape(sentence.text)}</p>"
