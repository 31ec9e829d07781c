"""One row of the national standard, cleaned into place fields, with its problems.

Real files are imperfect: what is usable is taken in with a warning; a row is refused
only when the place cannot be shown (no name) or found (no position, no address).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from ..limits import CAPS, capped
from ..ranking.hours_words import hours_error
from . import schema
from .report import Problem

# Place fields that come from the standard (Place attributes); `id` is the key.
STANDARD_FIELDS: tuple[str, ...] = tuple(c for c in schema.COLUMNS if c != "id")
TEXT_LIMIT = 10_000  # a cell longer than this is not a place description
# Free texts the kiosk, the guide or the slip show: cut to kiosk/limits.py's caps.
CUT_TO_CAP = (
    "nom",
    "adresse",
    "complement_adresse",
    "presentation_detail",
    "autres_formations_labels",
    "structure_parente",
)

# Overseas numbers written nationally ("0262 ..."): their international prefix.
_OVERSEAS = {
    **dict.fromkeys(("0262", "0263", "0269", "0639", "0692", "0693"), "+262"),
    **dict.fromkeys(("0590", "0690", "0691"), "+590"),
    "0594": "+594",
    "0694": "+594",
    **dict.fromkeys(("0596", "0696", "0697"), "+596"),
}
_PHONE_NOISE = re.compile(r"[\s.\-/()]")
# Problems that make a value unusable (see Record.weak).
WEAK_CODES = frozenset({"bad_number", "phone_bad", "bad_hours", "bad_web_address"})


# Fields whose value, when the file's is unusable, must not replace a good one here.
WEAK_WHEN_BAD = (
    "latitude",
    "longitude",
    "telephone",
    "horaires",
    "prise_rdv",
    "fiche_acces_libre",
)


@dataclass
class Record:
    """A place read from a file: its row, the Place fields it sets, and those
    whose value in the file is unusable (a place already here keeps its own)."""

    row: int
    fields: dict = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)

    @property
    def standard_id(self) -> str:
        return self.fields["standard_id"]


@dataclass
class Parsed:
    """A file read: its format, the places it holds and the problems found.

    `unit` names what a problem's number counts: the "line" of a CSV file (the
    header is line 1), or the "record" of a JSON list (the first is record 1).
    """

    format: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unit: str = "line"


def add_record(parsed: Parsed, cells: dict[str, str], number: int) -> None:
    """Add the place of one row's cells to `parsed`, unless the row is refused."""
    record = read_record(cells, number, parsed.problems)
    if record is not None:
        parsed.records.append(record)


def read_record(cells: dict[str, str], number: int, problems: list) -> Record | None:
    """Return the Record of one row's cells, or None when the row is refused."""
    start = len(problems)
    fields = place_fields(cells, number, problems)
    if fields is None:
        return None
    weak = {p.column for p in problems[start:] if p.code in WEAK_CODES}
    if weak & {"latitude", "longitude"}:
        weak |= {"latitude", "longitude"}  # a position is both or nothing
    return Record(number, fields, weak & set(WEAK_WHEN_BAD))


def clean_phone(raw: str) -> tuple[str, str | None]:
    """Return the phone in the standard's form when unambiguous, and a problem code."""
    value = raw.strip()
    compact = _PHONE_NOISE.sub("", value)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+330"):
        compact = "+33" + compact[4:]
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        compact = _OVERSEAS.get(compact[:4], "+33") + compact[1:]
    if schema.PATTERNS["telephone"].fullmatch(compact):
        return compact, (None if compact == value else "phone_fixed")
    if not re.fullmatch(r"\+?\d{4,15}", compact):
        return value, "phone_bad"  # "voir site", "n/a", "0": not a number to call
    return value, "phone_kept"


def split_cell(text: str) -> tuple[list[str], bool]:
    """Return the values of a multi-valued cell, and whether ";" separated them."""
    semicolon = "|" not in text and ";" in text
    parts = text.split(";" if semicolon else "|")
    return [p.strip() for p in parts if p.strip()], semicolon


def slug(text: str) -> str:
    """Return a lowercase ASCII identifier made from text."""
    return re.sub(r"[^a-z0-9]+", "-", schema.fold(text.replace(" ", "-"))).strip("-")


def place_fields(cells: dict[str, str], row: int, problems: list) -> dict | None:
    """Return the Place fields of one row, or None when it must be refused."""
    cells = {k: (v or "").strip()[:TEXT_LIMIT] for k, v in cells.items()}
    if not cells.get("nom"):
        problems.append(Problem("no_name", row, "nom"))
        return None
    fields = {name: cells.get(name, "") for name in STANDARD_FIELDS}
    fields["latitude"], fields["longitude"] = _position(cells, row, problems)
    if fields["latitude"] is None and not cells.get("adresse"):
        problems.append(Problem("no_location", row, "adresse"))
        return None
    fields["standard_id"] = cells.get("id") or _made_id(cells, row, problems)
    fields["pivot"] = _pivot(cells.get("pivot", ""), row, problems)
    for name in ("code_postal", "code_insee"):
        fields[name] = _patterned(name, cells.get(name, ""), row, problems)
    for name in ("commune", "code_postal", "adresse"):
        if not fields[name]:
            problems.append(Problem("missing_value", row, name))
    fields["telephone"] = _phone(cells.get("telephone", ""), row, problems)
    fields["date_maj"] = _date(cells.get("date_maj", ""), row, problems)
    for name in schema.MULTI_VALUED:
        fields[name] = _values(name, cells.get(name, ""), row, problems)
    # Links the guide and the phone pages show: web addresses only (a `javascript:`
    # or `data:` one would be a link staff or visitors could be made to follow).
    for name in ("prise_rdv", "fiche_acces_libre"):
        fields[name] = _web_address(name, fields[name], row, problems)
    fields["site_web"] = [
        url
        for url in fields["site_web"]
        if _web_address("site_web", url, row, problems)
    ]
    _check_text(fields, row, problems)
    for name in CUT_TO_CAP:
        if len(fields[name]) > CAPS[name]:
            params = {"length": len(fields[name]), "max": CAPS[name]}
            problems.append(Problem("cut", row, name, fields[name][:59] + "…", params))
            fields[name] = capped(fields[name], name)
    return fields


def _position(cells, row, problems) -> tuple[float | None, float | None]:
    lat = _coordinate(cells.get("latitude", ""), 90, row, "latitude", problems)
    lon = _coordinate(cells.get("longitude", ""), 180, row, "longitude", problems)
    return (lat, lon) if lat is not None and lon is not None else (None, None)


def _coordinate(text: str, limit: float, row, column, problems) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit or value != value:
        problems.append(Problem("bad_number", row, column, text))
        return None
    return value


def _made_id(cells, row, problems) -> str:
    made = slug(f"{cells['nom']} {cells.get('commune', '')}")
    problems.append(Problem("missing_id", row, "id", params={"made": made}))
    return made


def _pivot(text: str, row, problems) -> str:
    value = text.replace(" ", "")
    if value in ("", schema.PIVOT_PLACEHOLDER):
        problems.append(Problem("missing_pivot", row, "pivot", text))
        return ""
    return _patterned("pivot", value, row, problems)


def _patterned(name: str, text: str, row, problems) -> str:
    value = text.replace(" ", "")
    if value and not schema.PATTERNS[name].fullmatch(value):
        problems.append(Problem("bad_pattern", row, name, text, {"rule": name}))
        return ""
    return value


def _web_address(name: str, text: str, row, problems) -> str:
    """Return `text` when it is an http(s) address, else "" and a problem."""
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        good = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an unbalanced [ in the host
        good = False
    if not good:
        problems.append(Problem("bad_web_address", row, name, text))
        return ""
    return text


def _phone(text: str, row, problems) -> str:
    if not text:
        return ""
    value, code = clean_phone(text)
    if code:
        problems.append(Problem(code, row, "telephone", text, {"fixed": value}))
    return value


def _date(text: str, row, problems) -> date | None:
    if not text:
        problems.append(Problem("missing_value", row, "date_maj"))
        return None
    try:
        return (
            datetime.fromisoformat(text).date()
            if "T" in text
            else (date.fromisoformat(text))
        )
    except ValueError:
        problems.append(Problem("bad_date", row, "date_maj", text))
        return None


def _values(name: str, text: str, row, problems) -> list[str]:
    values, semicolon = split_cell(text)
    if semicolon:
        problems.append(Problem("semicolon", row, name, text))
    if name not in schema.VOCABULARIES:
        return values
    kept = []
    for value in values:
        known = schema.canonical(name, value)
        if known is None:
            problems.append(Problem("unknown_value", row, name, value))
        elif known not in kept:
            if known != value:
                problems.append(Problem("spelling", row, name, value, {"fixed": known}))
            kept.append(known)
    return kept


def _check_text(fields: dict, row, problems) -> None:
    for name, limit in schema.MAX_LENGTHS.items():
        text = fields[name]
        if len(text) > limit:
            params = {"length": len(text), "max": limit}
            shown = text if len(text) <= 60 else text[:59] + "…"  # enough to find it
            problems.append(Problem("too_long", row, name, shown, params))
    error = hours_error(fields["horaires"])
    if error:
        params = {"detail": error}
        problems.append(
            Problem("bad_hours", row, "horaires", fields["horaires"], params)
        )
