"""The national standard *Lieux de médiation numérique* v1.0.2: CSV and JSON, both ways.

Reading takes bytes and returns places and problems (`Parsed`); a file that cannot be
read at all raises `BadFile`. Writing takes places and returns text.
"""

import csv
import io
import json
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from .. import clock
from ..models import Place
from ..ranking.closures import exported_hours
from ..web.security import spreadsheet_safe
from . import schema
from .cells import Parsed, add_record
from .report import BadFile, Problem

FORMAT = "mednum"
_MAGIC = {
    b"PK\x03\x04": _l("it is a spreadsheet or a zip archive; save it as CSV UTF-8"),
    b"%PDF": _l("it is a PDF document"),
}


def decode(data: bytes) -> str:
    """Return the text of a UTF-8 file (a BOM is allowed); BadFile otherwise."""
    for magic, detail in _MAGIC.items():
        if data.startswith(magic):
            raise BadFile("not_csv", detail=detail)
    if not data.strip():
        raise BadFile("empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile("not_utf8") from error
    if "\x00" in text:
        raise BadFile("not_csv", detail=_l("it holds binary data"))
    return text


def parse_csv(data: bytes) -> Parsed:
    """Return the places of a CSV file of the national standard, with its problems."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    parsed = Parsed(FORMAT)
    try:
        header = [name.strip() for name in next(reader)]
        _check_header(header, parsed.problems)
        if delimiter == ";":
            parsed.problems.append(Problem("semicolon_columns"))
        start = 2
        for cells in reader:
            if any(cell.strip() for cell in cells):
                row = dict(zip(header, cells, strict=False))
                add_record(parsed, row, start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise BadFile("not_csv", detail=str(error)) from error
    return parsed


def parse_json(data: bytes) -> Parsed:
    """Return the places of a JSON file of the national standard (a list of objects)."""
    items = load_json(data)
    if not isinstance(items, list):
        raise BadFile("json_shape")
    parsed = Parsed(FORMAT, unit="record")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.problems.append(Problem("not_an_object", number))
            continue
        add_record(parsed, {k: _cell(v) for k, v in item.items()}, number)
    return parsed


def load_json(data: bytes):
    """Return the decoded JSON document; BadFile when it is not JSON."""
    try:
        return json.loads(decode(data))
    except ValueError as error:  # JSONDecodeError, or a number of 4,300+ digits
        raise BadFile("not_json", detail=str(error)) from error
    except RecursionError as error:
        raise BadFile(
            "not_json", detail=_l("lists or objects nested too deep")
        ) from error


def _cell(value) -> str:
    """Return a JSON value as the standard's cell text (lists joined by "|")."""
    if value is None:
        return ""
    if isinstance(value, list):
        return schema.SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def _check_header(header: list[str], problems: list) -> None:
    missing = [name for name in schema.REQUIRED if name not in header]
    if missing:
        raise BadFile("missing_columns", columns=", ".join(missing))
    for name in header:
        if name and name not in schema.FIELDS:
            problems.append(Problem("unknown_column", None, name))
    for name in schema.COLUMNS:
        if name not in header:
            problems.append(Problem("missing_column", None, name))


def row_of(structure: Place) -> dict[str, str]:
    """Return a place as one row of the standard: 32 cells of text."""
    row = {}
    for name in schema.COLUMNS:
        value = getattr(structure, "standard_id" if name == "id" else name)
        if isinstance(value, list):
            value = schema.SEPARATOR.join(value)
        row[name] = "" if value is None else str(value)
    row["pivot"] = row["pivot"] or schema.PIVOT_PLACEHOLDER
    # Temporary closures not over yet, as dated "off" rules (the standard's hours
    # are opening_hours, which has them).
    today = clock.now().date()
    row["horaires"] = exported_hours(structure.horaires, structure.closures, today)
    if not row["date_maj"] and structure.updated_at:
        row["date_maj"] = structure.updated_at.date().isoformat()
    return row


def to_csv(structures: Iterable[Place]) -> str:
    """Return the CSV file of the standard: header, then one row a place."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=schema.COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for structure in structures:
        row = row_of(structure)
        writer.writerow({name: spreadsheet_safe(row[name]) for name in row})
    return out.getvalue()


def to_json(structures: Iterable[Place]) -> str:
    """Return the JSON file of the standard: a list of objects (numbers as numbers)."""
    items = []
    for structure in structures:
        item: dict = row_of(structure)
        item["latitude"], item["longitude"] = structure.latitude, structure.longitude
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def export_problems(structures: Iterable[Place]) -> list[Problem]:
    """Return a problem for each cell of the CSV export that the schema rejects.

    The row number is the line in the exported file; places without a SIRET pass
    thanks to the placeholder and are not listed.
    """
    problems = []
    for line, structure in enumerate(structures, start=2):
        for column, value, rule in schema.check_row(row_of(structure)):
            params = {"rule": rule, "nom": structure.nom}
            problems.append(Problem("export_invalid", line, column, value, params))
    return problems
