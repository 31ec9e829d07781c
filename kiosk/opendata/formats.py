"""Which format a file is in, and its places read: the files that really exist.

- `mednum`: the national standard *Lieux de médiation numérique* v1.0.2, CSV or JSON;
- `mednum-pre-v1`: the national format before v1 (JSON), what the national map and
  most regions still publish;
- `data-inclusion`: data·inclusion v1 structures and services (JSON);
- `france-services`: ANCT's list of the France Services (CSV).

A file in none of these is refused whole, with the columns it has: never "347 rows
ignored" as if it were a bad file of a known format.
"""

from . import data_inclusion, france_services, mednum, pre_v1, schema
from .cells import Parsed
from .report import BadFile

FORMATS = ("mednum", "mednum-pre-v1", "data-inclusion", "france-services")
SHOWN_COLUMNS = 8  # of an unknown file, in the refusal


def _start(data: bytes) -> bytes:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def guess_format(data: bytes) -> str:
    """Return the format of a file from its content; BadFile when it is none."""
    start = _start(data)
    if start == b"{":
        document = mednum.load_json(data)
        if isinstance(document, dict) and "structures" in document:
            return "data-inclusion"
        raise _not_recognised(list(document) if isinstance(document, dict) else [])
    if start == b"[":
        items = mednum.load_json(data)
        if not isinstance(items, list):
            raise BadFile("json_shape")
        if pre_v1.is_pre_v1(items):
            return "mednum-pre-v1"
        keys = _keys(items)
        if items and "nom" not in keys:
            raise _not_recognised(keys)
        return "mednum"
    header = _csv_header(data)
    if france_services.is_france_services(header):
        return "france-services"
    if header and "nom" not in header and not set(header) & set(schema.REQUIRED):
        raise _not_recognised(header)
    return "mednum"


def read_file(data: bytes, fmt: str | None = None) -> Parsed:
    """Return the places of a file in `fmt` (guessed from its content when None)."""
    fmt = fmt or guess_format(data)
    if fmt == "data-inclusion":
        return data_inclusion.parse(data)
    if fmt == "france-services":
        return france_services.parse_csv(data)
    if fmt == "mednum-pre-v1":
        items = mednum.load_json(data)
        if not isinstance(items, list):
            raise BadFile("json_shape")
        return pre_v1.parse(items)
    if fmt != "mednum":
        raise BadFile("unknown_format", value=fmt)
    start = _start(data)
    return mednum.parse_json(data) if start in (b"[", b"{") else mednum.parse_csv(data)


def _keys(items: list) -> list[str]:
    """Return the keys of the first objects of a JSON list, in order."""
    keys: dict[str, None] = {}
    for item in items[:50]:
        if isinstance(item, dict):
            keys.update(dict.fromkeys(item))
    return list(keys)


def _csv_header(data: bytes) -> list[str]:
    """Return the names of a CSV file's first line (either separator)."""
    line = mednum.decode(data).split("\n", 1)[0].strip("\r")
    separator = ";" if line.count(";") > line.count(",") else ","
    return [name.strip().strip('"') for name in line.split(separator)]


def _not_recognised(columns: list[str]) -> BadFile:
    shown = ", ".join(columns[:SHOWN_COLUMNS])
    if len(columns) > SHOWN_COLUMNS:
        shown += ", …"
    return BadFile("format_not_recognised", columns=shown or "—")
