"""Workshops near here (issue 21): what mediation places run, from their calendars
(calendar.py, the iCalendar standard) to the kiosk's tile, a workshop's screen with
its QR code, the phone page with "add to my calendar", and the open-data feeds."""

from flask import Blueprint

from ..languages import refuse_unknown_language
from .themes import THEMES

bp = Blueprint("workshops", __name__)
bp.url_value_preprocessor(refuse_unknown_language)

from . import views  # noqa: E402 (the views join the blueprint)

bp.add_app_template_global(views.attract_workshops)
bp.add_app_template_filter(lambda theme: THEMES[theme][1], "workshop_picto")
