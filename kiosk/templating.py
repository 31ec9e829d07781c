"""Jinja globals and filters shared by every template."""

from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.units import format_unit
from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_time, get_locale
from markupsafe import Markup, escape

from .languages import LANGUAGES, direction, localized


def current_language() -> str:
    """Return the code of the language the page is shown in."""
    return str(get_locale() or "fr")


def language_url(code: str) -> str:
    """Return the URL of the same screen in another language."""
    args = dict(request.view_args or {})
    if "lang" in args:
        args["lang"] = code
        return url_for(request.endpoint, **args)
    if request.endpoint is None:  # an error page for an unknown address
        return url_for("public.home", lang=code)
    return url_for(request.endpoint, **args, l=code)


def content(texts: dict | None) -> Markup:
    """Return content in the visitor's language, else in French marked lang="fr"."""
    text, lang = localized(texts, current_language())
    if not text or lang == current_language():
        return escape(text)
    return Markup('<span lang="{}" dir="ltr">{}</span>').format(lang, text)


def phone_display(number: str) -> str:
    """Return a phone number as people write it: +33556102020 -> 05 56 10 20 20."""
    digits = number.replace(" ", "")
    if digits.startswith("+33") and len(digits) == 12:
        digits = "0" + digits[3:]
    if len(digits) == 10 and digits.isdigit():
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return number


def format_distance(metres: float) -> str:
    """Return a distance as a visitor reads it: "350 m", "1,2 km" (locale-aware)."""
    locale = current_language()
    if metres < 1000:
        return format_unit(round(metres, -1), "length-meter", "short", locale=locale)
    km = round(metres / 1000, 1)
    return format_unit(km, "length-kilometer", "short", locale=locale)


def language_names(codes: list[str]) -> str:
    """Return language names in the visitor's language, e.g. "arabe, anglais"."""
    names = Locale.parse(current_language()).languages
    return ", ".join(names.get(code, code) for code in codes)


@lru_cache(maxsize=512)
def _raster(static_folder: str, pictogram: str) -> str:
    """Return the WebP rendition's name of a bundled SVG pictogram, else `pictogram`."""
    if not pictogram.endswith(".svg"):
        return pictogram
    webp = pictogram.removesuffix(".svg") + ".webp"
    found = (Path(static_folder) / "pictos" / webp).is_file()
    return webp if found else pictogram


def pictogram_url(pictogram: str) -> str:
    """Return the URL of a need's pictogram as kiosk screens show it: the WebP beside
    a bundled SVG (tools/raster_pictograms.py draws them), else the file itself.

    Chromium builds a whole SVG document for each SVG picture the first time a page
    shows it (35–55 ms each at the benchmark's 4× slowdown, on the main thread, before
    the new screen's frame) and paints it again at every size; a WebP is decoded off
    the main thread. The SVG stays the source: admins pick it, the data names it.
    """
    name = _raster(current_app.static_folder, pictogram)
    return url_for("static", filename="pictos/" + name)


# Beyond this, a walking time means nothing to a senior: we suggest transport instead.
MAX_WALK_MINUTES = 45


def register(app: Flask) -> None:
    """Install the globals and filters on the app's Jinja environment."""
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        current_language=current_language,
        text_direction=lambda: direction(current_language()),
        language_url=language_url,
        content=content,
        format_time=format_time,
        format_date=format_date,
        format_distance=format_distance,
        language_names=language_names,
        pictogram_url=pictogram_url,
        max_walk_minutes=MAX_WALK_MINUTES,
    )
    app.jinja_env.filters["phone"] = phone_display
    app.jinja_env.policies["ext.i18n.trimmed"] = True
