"""The offline map sketch: "you are here", the place, and the way between, in words.

Drawn by the server from two points, without tiles, so the map area is never an
empty box: as SVG on the screen and the page print, as pixels on receipts (same
geometry, see kiosk/printing). North is up; distances are to scale.
"""

from dataclasses import dataclass
from math import cos, radians

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

from ..ranking.geo import (
    EARTH_RADIUS_M,
    HERE_M,
    MAX_WALK_MINUTES,
    bearing_deg,
    distance_m,
    transit_minutes,
    walking_minutes,
)

# Closer than this, the kiosk is at the place: one point, no direction.
SAME_SPOT_M = HERE_M

# Eight compass points, clockwise from north; each a whole sentence to translate.
DIRECTIONS = (
    _l("%(distance)s to the north"),
    _l("%(distance)s to the north-east"),
    _l("%(distance)s to the east"),
    _l("%(distance)s to the south-east"),
    _l("%(distance)s to the south"),
    _l("%(distance)s to the south-west"),
    _l("%(distance)s to the west"),
    _l("%(distance)s to the north-west"),
)

Point = tuple[float, float]  # (latitude, longitude)


@dataclass(frozen=True)
class Sketch:
    """Where to draw the two points in a width x height box (y grows downwards)."""

    width: int
    height: int
    you: tuple[float, float]
    place: tuple[float, float]
    metres: float
    bearing: float

    @property
    def same_spot(self) -> bool:
        """Return True when the kiosk stands at the place itself."""
        return self.metres < SAME_SPOT_M


# Room kept free on the right for the north arrow.
NORTH_STRIP = 64


def layout(origin: Point, destination: Point, width=480, height=270, margin=64):
    """Return the Sketch of two points fitted in a box, north up, to scale (pure)."""
    metres = distance_m(*origin, *destination)
    bearing = bearing_deg(*origin, *destination)
    plot_width = width - NORTH_STRIP
    centre = (plot_width / 2, height / 2)
    if metres < SAME_SPOT_M:
        return Sketch(width, height, centre, centre, metres, bearing)
    # Local flat projection in metres: plenty for a town.
    dx = radians(destination[1] - origin[1]) * EARTH_RADIUS_M
    dx *= cos(radians((origin[0] + destination[0]) / 2))
    dy = radians(destination[0] - origin[0]) * EARTH_RADIUS_M
    scale = min(
        (plot_width - 2 * margin) / max(abs(dx), 1e-9),
        (height - 2 * margin) / max(abs(dy), 1e-9),
    )
    half_x, half_y = dx * scale / 2, dy * scale / 2
    you = (centre[0] - half_x, centre[1] + half_y)
    place = (centre[0] + half_x, centre[1] - half_y)
    return Sketch(width, height, you, place, metres, bearing)


def compass_index(bearing: float) -> int:
    """Return 0-7: north, north-east, ... north-west for a bearing in degrees."""
    return round((bearing % 360) / 45) % 8


def directions_text(metres: float, bearing: float, distance: str) -> str:
    """Return the way in words, in the current language.

    E.g. "650 m to the north-east, about 17 minutes on foot"; `distance` is the
    already formatted distance.
    """
    if metres < SAME_SPOT_M:
        return _("You are there: it is in this building or right next to it.")
    where = DIRECTIONS[compass_index(bearing)] % {"distance": distance}
    return _("%(where)s, %(walk)s", where=where, walk=_how_long(metres))


def distance_text(metres: float, distance: str) -> str:
    """Return how far a place is, in words: here in this building, a walk, or the
    time by tram or bus when the walk is too long for a senior."""
    if metres < HERE_M:
        return _("Here, in this building.")
    return _(
        "%(distance)s from here, %(walk)s", distance=distance, walk=_how_long(metres)
    )


def _how_long(metres: float) -> str:
    """Return "about 17 minutes on foot", or by tram or bus beyond a long walk."""
    minutes = walking_minutes(metres)
    if minutes > MAX_WALK_MINUTES:
        return _("about %(num)d minutes by tram or bus", num=transit_minutes(metres))
    return ngettext(
        "about %(num)d minute on foot", "about %(num)d minutes on foot", minutes
    )


def sketch_svg(sketch: Sketch, label: str) -> Markup:
    """Return the sketch as inline SVG; `label` (the way in words) is its name."""
    w, h = sketch.width, sketch.height
    (x1, y1), (x2, y2) = sketch.you, sketch.place
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{escape(label)}" class="sketch-svg">',
        f'<rect width="{w}" height="{h}" fill="#eef2f7"/>',
        _north_arrow_svg(w),
    ]
    if not sketch.same_spot:
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            'stroke="#00366b" stroke-width="6" stroke-dasharray="14 10" '
            'stroke-linecap="round"/>'
        )
    parts.append(_pin_svg(x2, y2))
    parts.append(
        f'<circle cx="{x1:.1f}" cy="{y1:.1f}" r="16" fill="#111" '
        'stroke="#fff" stroke-width="5" class="sketch-you"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _pin_svg(x: float, y: float) -> str:
    """Return a map pin whose point is at (x, y)."""
    return (
        f'<path transform="translate({x:.1f} {y:.1f})" class="sketch-place" '
        'd="M0 0 C-6 -14 -20 -22 -20 -36 A20 20 0 1 1 20 -36 C20 -22 6 -14 0 0Z" '
        'fill="#8a1010" stroke="#fff" stroke-width="3"/>'
        f'<circle cx="{x:.1f}" cy="{y - 36:.1f}" r="7" fill="#fff"/>'
    )


def _north_arrow_svg(width: int) -> str:
    """Return a north arrow in the top corner, labelled with a translated word."""
    x = width - NORTH_STRIP / 2
    return (
        f'<g class="sketch-north"><path d="M{x} 14 l12 30 h-24z" fill="#111"/>'
        f'<text x="{x}" y="64" text-anchor="middle" font-size="16" '
        f'font-weight="700" fill="#111">{escape(_("North"))}</text></g>'
    )
