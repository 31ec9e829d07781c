"""The routes the benchmark measures: one table, extended when routes are added.

Every route is timed against MINIMAL, served by the same app and server in the same
run. `swap` routes are fetched as a tap fetches them (an htmx request for the
screen's part); the others as a full page load. `{alternative}` in a path is
replaced by the second place the result proposes in that data set, `{phone}` by the
code of that place's phone page (read from its slip).

There is no QR image route: the result screen carries its QR code inline, as an SVG
computed once per URL per process (kiosk/takehome/qr.py), so it is timed and weighed
with each result. The phone page and its contact card are what the QR code opens.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """A request the benchmark times, as a kiosk makes it."""

    name: str
    path: str
    kiosk: str = "hotel-de-ville"  # the tablet's cookie
    group: str = "screen"  # "minimal", "screen", "result" (held to the targets)
    swap: bool = True


MINIMAL = Route("minimal route (/healthz)", "/healthz", group="minimal", swap=False)

ROUTES: tuple[Route, ...] = (
    MINIMAL,
    Route("home, first load (full page)", "/fr/", swap=False),
    Route("home", "/fr/"),
    Route("sub-needs: papiers", "/fr/besoin/papiers"),
    Route("result: passeport, Bordeaux", "/fr/besoin/passeport", group="result"),
    Route(
        "result: another place chosen",
        "/fr/besoin/passeport/lieu/{alternative}",
        group="result",
    ),
    Route(
        "result: impôts, Paris",
        "/fr/besoin/declaration-impots",
        kiosk="bench-paris",
        group="result",
    ),
    Route(
        "result: smartphone, Lyon",
        "/fr/besoin/smartphone",
        kiosk="bench-lyon",
        group="result",
    ),
    Route(
        "result: « je ne sais pas », Mende",
        "/fr/besoin/je-ne-sais-pas",
        kiosk="bench-mende",
        group="result",
    ),
    Route(
        "result: français, Paris (fallback)",
        "/fr/besoin/francais",
        kiosk="bench-paris",
        group="result",
    ),
    Route(
        "result in Arabic: aide logement, Marseille",
        "/ar/besoin/aide-logement",
        kiosk="bench-marseille",
        group="result",
    ),
    Route(
        "slip (page to print)",
        "/fr/besoin/passeport/lieu/{alternative}/fiche",
        swap=False,
    ),
    Route("phone page (from the QR code)", "/p/{phone}?l=fr", kiosk="", swap=False),
    Route("phone page in Arabic", "/p/{phone}?l=ar", kiosk="", swap=False),
    Route("phone contact card (vCard)", "/p/{phone}.vcf?l=fr", kiosk="", swap=False),
)

# The journey the browser taps through from the home screen: (step, what is tapped).
JOURNEY: tuple[tuple[str, str], ...] = (
    ("home → sub-needs", 'a.tile[href$="/besoin/papiers"]'),
    ("sub-needs → result", 'a.tile[href$="/besoin/passeport"]'),
    ("result → another place", "a.alternative"),
    ("result → home", "a.button.home"),
    ("home → result", 'a.tile[href$="/besoin/je-ne-sais-pas"]'),
)
JOURNEY_KIOSK = "hotel-de-ville"
# The screen whose swap alone the browser times (bench/browser.py SCREEN_SWAP).
SWAPPED_SCREEN = "/fr/besoin/passeport"
