"""Jinja globals and filters shared by every template."""

from functools import lru_cache
from pathlib import Path

import flask_babel
from babel import Locale
from babel.support import NullTranslations
from babel.units import format_unit
from flask import Flask, current_app, url_for
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..languages import LANGUAGES, direction, localized
from ..ranking.why import appointment_text, why_words
from ..takehome.referral import closed_until_text, closure_notes
from ..takehome.sketch import distance_text
from ..takehome.to_bring import to_bring

# The code of each Locale: str() of a Locale costs more than this lookup.
_CODES: dict[Locale, str] = {}


def current_language() -> str:
    """Return the code of the language the page is shown in."""
    locale = get_locale()
    if locale is None:
        return "fr"
    code = _CODES.get(locale)
    if code is None:
        code = _CODES[locale] = str(locale)
    return code


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
    if metres < 1000:
        return _unit_text(round(metres, -1), "length-meter", current_language())
    return _unit_text(round(metres / 1000, 1), "length-kilometer", current_language())


@lru_cache(maxsize=4096)
def _unit_text(value: float, unit: str, locale: str) -> str:
    # Babel's format_unit takes ~100 µs; distances, rounded, repeat.
    return format_unit(value, unit, "short", locale=locale)


def language_names(codes: list[str]) -> str:
    """Return language names in the visitor's language, e.g. "arabe, anglais"."""
    names = Locale.parse(current_language()).languages
    return ", ".join(names.get(code, code) for code in codes)


# The catalog of each language, as Flask-Babel loads it; looked up by the current
# locale (which honours force_locale). Flask-Babel's own template gettext finds the
# catalog again at every call: 28 µs each, 46 calls on a result screen.
_CATALOGS: dict[Locale, NullTranslations] = {}


def catalog() -> NullTranslations:
    """Return the translations of the current language (cached per language)."""
    locale = get_locale()
    found = _CATALOGS.get(locale)
    if found is None:
        found = get_translations()
        if locale is not None:  # outside a request: Flask-Babel's null catalog
            _CATALOGS[locale] = found
    return found


def _translated(context: Context, text: str, variables: dict) -> str:
    # As Jinja's "newstyle" gettext: escaped-safe in HTML, always %-formatted.
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def template_gettext(context: Context, message: str, **variables) -> str:
    """`_()` and `gettext()` in templates."""
    return _translated(context, catalog().ugettext(message), variables)


@pass_context
def template_ngettext(
    context: Context, singular: str, plural: str, num: int, **variables
) -> str:
    """`ngettext()` in templates; `num` is also a variable, as in Jinja."""
    variables.setdefault("num", num)
    text = catalog().ungettext(singular, plural, num)
    return _translated(context, text, variables)


def format_time(moment, format: str | None = None) -> str:
    """Flask-Babel's format_time (in the app's time zone), remembered: a result
    screen writes the same few opening and closing times many times."""
    return _moment_text("time", moment, format, current_language())


def format_date(moment, format: str | None = None) -> str:
    """Flask-Babel's format_date, remembered like format_time."""
    return _moment_text("date", moment, format, current_language())


@lru_cache(maxsize=4096)
def _moment_text(kind: str, moment, format: str | None, locale: str) -> str:
    # `locale` is the current language: part of the key, used by Flask-Babel.
    if kind == "time":
        return flask_babel.format_time(moment, format)
    return flask_babel.format_date(moment, format)


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


def register(app: Flask) -> None:
    """Install the globals and filters on the app's Jinja environment."""
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        current_language=current_language,
        text_direction=lambda: direction(current_language()),
        content=content,
        format_time=format_time,
        format_date=format_date,
        format_distance=format_distance,
        language_names=language_names,
        pictogram_url=pictogram_url,
        to_bring=lambda need, place: to_bring(need, place, current_language()),
        distance_text=lambda match: distance_text(
            match.distance_m, format_distance(match.distance_m)
        ),
        why_words=why_words,
        appointment_text=appointment_text,
        closed_until_text=closed_until_text,
        closure_notes=closure_notes,
    )
    # After Flask-Babel's install_gettext_callables: the same behaviour, cheaper.
    app.jinja_env.globals.update(
        _=template_gettext, gettext=template_gettext, ngettext=template_ngettext
    )
    app.jinja_env.filters["phone"] = phone_display
    app.jinja_env.policies["ext.i18n.trimmed"] = True
