"""Checking and tidying what staff type: phones, e-mails, web addresses, positions.

Pure functions: each returns the tidy value or raises ValueError with a message that
says what is wrong, for the field that is wrong.
"""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

# The standard's pattern: a French country code, then 6 to 9 digits.
PHONE = re.compile(
    r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"
)
PHONE_PUNCTUATION = re.compile(r"[\s.\-()/\u00a0\u202f]")
EMAIL = re.compile(r"^[^@\s|,;<>]+@[^@\s|,;<>]+\.[^@\s|,;<>]+$")
LIST_SEPARATORS = re.compile(r"[\s,;|]+")
POSTCODE = re.compile(r"^\d{5}$")
INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")

Box = tuple[float, float, float, float]  # south, west, north, east
# Metropolitan France with Corsica, then the overseas departments and collectivities
# whose phone prefixes the standard accepts.
FRANCE: tuple[Box, ...] = (
    (41.3, -5.3, 51.15, 9.6),
    (15.8, -61.9, 16.55, -60.95),  # Guadeloupe
    (14.35, -61.25, 14.9, -60.8),  # Martinique
    (2.1, -54.65, 5.8, -51.6),  # Guyane
    (-21.4, 55.2, -20.85, 55.85),  # La Réunion
    (-13.05, 44.95, -12.6, 45.35),  # Mayotte
    (46.7, -56.45, 47.15, -56.1),  # Saint-Pierre-et-Miquelon
    (17.85, -63.2, 18.15, -62.75),  # Saint-Martin, Saint-Barthélemy
    (-14.4, -178.2, -13.2, -176.1),  # Wallis-et-Futuna
    (-28.0, -154.8, -7.8, -134.4),  # Polynésie française
    (-22.8, 163.5, -19.5, 168.2),  # Nouvelle-Calédonie
)


def normalize_phone(text: str) -> str:
    """Return a phone number as the standard writes it (+33556102030), "" if empty."""
    raw = (text or "").strip()
    if not raw:
        return ""
    digits = PHONE_PUNCTUATION.sub("", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d+", digits):
        raise ValueError(_l("A phone number has only digits, spaces and a leading +."))
    if digits.startswith("0") and len(digits) == 10:
        digits = "+33" + digits[1:]
    if not PHONE.match(digits):
        raise ValueError(
            _l(
                "Not a French phone number: write it like 05 56 10 20 30 "
                "or +33 5 56 10 20 30."
            )
        )
    return digits


def split_list(text: str) -> list[str]:
    """Return the values of a list typed one a line (or separated by , ; |)."""
    return [part for part in LIST_SEPARATORS.split(text or "") if part]


def normalize_emails(text: str) -> list[str]:
    """Return the e-mail addresses of a list; raise on the first wrong one."""
    emails = split_list(text)
    for email in emails:
        if len(email) > 254 or not EMAIL.match(email):
            raise ValueError(
                _l(
                    "“%(value)s” is not an e-mail address (name@example.fr).",
                    value=email,
                )
            )
    return emails


def normalize_url(text: str) -> str:
    """Return a web address with its scheme (https:// added if missing), or ""."""
    url = (text or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if (
        parts.scheme not in {"http", "https"}
        or "." not in host
        or any(c.isspace() for c in url)
        or host.startswith(".")
        or host.endswith(".")
    ):
        raise ValueError(
            _l(
                "“%(value)s” is not a web address (like https://www.example.fr).",
                value=text.strip(),
            )
        )
    return url


def normalize_urls(text: str) -> list[str]:
    """Return the web addresses of a list, or raise on the first one that is wrong."""
    return [normalize_url(part) for part in split_list(text)]


def parse_area(text: str) -> tuple[Box, ...] | None:
    """Return the configured area "south,west,north,east" as boxes, None if unset."""
    if not (text or "").strip():
        return None
    numbers = [float(part) for part in text.split(",")]
    if len(numbers) != 4 or numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
        raise ValueError(f"ADMIN_AREA_BBOX must be south,west,north,east, not {text!r}")
    return (tuple(numbers),)


def parse_coordinate(text: str | None) -> float | None:
    """Return a coordinate typed with a dot or a comma, None if empty."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(_l("Write a number such as 44.8378.")) from None


def inside(lat: float, lon: float, boxes: tuple[Box, ...]) -> bool:
    """Return True when the point lies in one of the boxes."""
    return any(s <= lat <= n and w <= lon <= e for s, w, n, e in boxes)


def check_position(lat: float | None, lon: float | None, area: tuple[Box, ...] | None):
    """Raise ValueError unless the position is empty or inside the area (or France)."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise ValueError(_l("Give both latitude and longitude, or neither."))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(
            _l("Latitude goes from -90 to 90 and longitude from -180 to 180.")
        )
    boxes = area or FRANCE
    if inside(lat, lon, boxes):
        return
    if inside(lon, lat, boxes):
        raise ValueError(_l("Latitude and longitude look swapped."))
    if area:
        raise ValueError(_l("This position is outside the area this service covers."))
    raise ValueError(_l("This position is outside France."))
