"""ANCT's list of the France Services (CSV, one row a France Services).

Its columns are its own: `lib_fs` the name, `h_lundi` … `h_samedi` the hours of each
weekday ("09:00 - 12:00 / 13:30 - 17:00"), `prise_rdv` Oui/Non, `format_fs` Fixe,
Bus_équivalent, Itinérante... Each row becomes the cells of a v1.0.2 row, read by the
same code as a v1 file: typology RFS, programme France Services, the help every
France Services gives by its charter (administrative procedures, a computer with
internet, free), hours in `opening_hours` syntax, closed on public holidays.

Mobile units (buses, itinerant desks) are kept apart: imported for the guide, but
never proposed by a kiosk (their address is a base, not where they are today).
"""

import csv
import io
import re

from .cells import Parsed, add_record
from .mednum import decode
from .report import BadFile, Problem

FORMAT = "france-services"
HEADER_MARKERS = ("lib_fs", "h_lundi")
DAYS = (
    ("h_lundi", "Mo"),
    ("h_mardi", "Tu"),
    ("h_mercredi", "We"),
    ("h_jeudi", "Th"),
    ("h_vendredi", "Fr"),
    ("h_samedi", "Sa"),
    ("h_dimanche", "Su"),
)
MOBILE = frozenset({"Bus_équivalent", "Itinérante"})
SERVICES = (
    "Aide aux démarches administratives",
    "Accès internet et matériel informatique",
)
_RANGE = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")


def is_france_services(header: list[str]) -> bool:
    """Return True when a CSV header is that of the France Services list."""
    return all(name in header for name in HEADER_MARKERS)


def parse_csv(data: bytes) -> Parsed:
    """Return the places of the France Services CSV (numbered by line)."""
    text = decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not is_france_services(reader.fieldnames or []):
        raise BadFile("unknown_format_columns", columns=", ".join(reader.fieldnames))
    parsed = Parsed(FORMAT)
    try:
        for row in reader:
            number = reader.line_num
            add_record(parsed, v1_cells(row, number, parsed.problems), number)
    except csv.Error as error:
        raise BadFile("not_csv", detail=str(error)) from error
    for record in parsed.records:
        if record.fields["itinerance"] == ["Itinérant"]:
            record.fields["on_kiosk"] = False
    return parsed


def v1_cells(row: dict, number: int, problems: list) -> dict[str, str]:
    """Return one France Services row as the cells of a v1.0.2 row."""
    cell = {k: (v or "").strip() for k, v in row.items() if k}
    mobile = cell.get("format_fs", "") in MOBILE
    if mobile:
        problems.append(Problem("mobile_unit", number, "format_fs", cell["format_fs"]))
    return {
        "id": f"france-services-{cell.get('id_fs', '')}",
        "nom": cell.get("lib_fs", ""),
        "adresse": cell.get("adresse", ""),
        "complement_adresse": cell.get("complement_adresse", ""),
        "code_postal": cell.get("code_postal", ""),
        "code_insee": cell.get("insee_com", ""),
        "commune": cell.get("lib_com", ""),
        "latitude": cell.get("latitude", ""),
        "longitude": cell.get("longitude", ""),
        "courriels": cell.get("mail", ""),
        "telephone": cell.get("telephone", ""),
        "horaires": opening_hours(cell, number, problems),
        "presentation_resume": cell.get("commentaire", ""),
        "source": "ANCT — France Services",
        "typologie": "RFS",
        "dispositif_programmes_nationaux": "France Services",
        "services": "|".join(SERVICES),
        "frais_a_charge": "Gratuit",
        "itinerance": "Itinérant" if mobile else "Fixe",
        "modalites_acces": _access(cell.get("prise_rdv", "")),
        "date_maj": "",
    }


def _access(prise_rdv: str) -> str:
    """Return how to come: book by phone ("Oui"), or just come ("Non")."""
    if prise_rdv.casefold() == "oui":
        return "Téléphoner"
    return "Se présenter" if prise_rdv.casefold() == "non" else ""


def opening_hours(cell: dict, number: int, problems: list) -> str:
    """Return the weekday columns as an `opening_hours` string ("" when none).

    Consecutive days with the same hours are joined (Mo-Fr); public holidays are
    closed. A day that cannot be read makes the whole string empty (hours unknown),
    with a problem naming the day: half a week would send people on a closed day.
    """
    days: list[tuple[str, str]] = []
    for column, code in DAYS:
        text = cell.get(column, "")
        if not text:
            continue
        ranges = _ranges(text)
        if ranges is None:
            problems.append(Problem("bad_day_hours", number, column, text))
            return ""
        days.append((code, ranges))
    if not days:
        return ""
    rules = []
    for code, ranges in days:
        if rules and rules[-1][2] == ranges and _follows(rules[-1][1], code):
            rules[-1][1] = code
        else:
            rules.append([code, code, ranges])
    text = "; ".join(
        f"{first}{'-' + last if last != first else ''} {ranges}"
        for first, last, ranges in rules
    )
    return f"{text}; PH off"


def _follows(previous: str, code: str) -> bool:
    order = [c for _, c in DAYS]
    return order.index(code) == order.index(previous) + 1


def _ranges(text: str) -> str | None:
    """Return "09:00-12:00,13:30-17:00" from "09:00 - 12:00 / 13:30 - 17:00"."""
    parts = []
    for part in text.split("/"):
        found = _RANGE.match(part.strip())
        if found is None:
            return None
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
            return None
        parts.append(f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}")
    return ",".join(parts)
