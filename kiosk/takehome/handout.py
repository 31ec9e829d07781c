"""What the result screen offers to take home: the phone URL, its QR, the sketch."""

from markupsafe import Markup

from ..models import Kiosk, Need
from ..ranking.geo import bearing_deg
from ..ranking.matching import Match
from ..web.templating import format_distance
from .qr import qr_svg
from .shortlinks import phone_url
from .sketch import directions_text, layout, sketch_svg


def take_home_context(need: Need, kiosk: Kiosk, match: Match, lang: str) -> dict:
    """Return the phone page URL, its QR code (SVG), the way in words and the
    offline map sketch (SVG) of a match, for the result screen and the slip."""
    structure = match.structure
    url = phone_url(structure, need, lang)
    origin = (kiosk.latitude, kiosk.longitude)
    destination = (structure.latitude, structure.longitude)
    distance = format_distance(match.distance_m)
    words = directions_text(
        match.distance_m, bearing_deg(*origin, *destination), distance
    )
    return dict(
        phone_url=url,
        qr=Markup(qr_svg(url)),
        directions=words,
        distance=distance,
        sketch=sketch_svg(layout(origin, destination), words),
    )
