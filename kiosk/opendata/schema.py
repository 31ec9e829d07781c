"""The national standard v1.0.2, read from its own Table Schema (standard/schema.json).

Column order, required columns, patterns and the controlled vocabularies all come from
the published file, so checks follow the real schema, not a re-typed copy.
"""

import json
import re
import unicodedata
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "standard" / "schema.json"
SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VERSION: str = SCHEMA["version"]

FIELDS: dict[str, dict] = {f["name"]: f for f in SCHEMA["fields"]}
COLUMNS: list[str] = list(FIELDS)  # the 32 columns, in the standard's order
REQUIRED: list[str] = [
    name for name, f in FIELDS.items() if f.get("constraints", {}).get("required")
]
SEPARATOR = "|"
# The national map's value for "no SIRET": it passes the pivot pattern.
PIVOT_PLACEHOLDER = "00000000000000"

# A vocabulary column's pattern: one or more values from a list, joined by "|".
_VOCABULARY = re.compile(r"^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$")
_UNESCAPE = re.compile(r"\\(.)")


def _alternatives(group: str) -> tuple[str, ...]:
    """Return the values of a regex alternation, unescaped: "a\\(b\\)|c" -> a(b), c."""
    values, current, escaped = [], "", False
    for char in group:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            values.append(current)
            current = ""
        else:
            current += char
    values.append(current)
    return tuple(_UNESCAPE.sub(r"\1", value) for value in values)


def _pattern(name: str) -> str | None:
    return FIELDS[name].get("constraints", {}).get("pattern")


VOCABULARIES: dict[str, tuple[str, ...]] = {
    name: _alternatives(found[1])
    for name in COLUMNS
    if (found := _VOCABULARY.match(_pattern(name) or ""))
}
# Columns whose cells hold several values joined by "|".
MULTI_VALUED: tuple[str, ...] = (
    "typologie",
    "courriels",
    "site_web",
    *VOCABULARIES,
)
PATTERNS: dict[str, re.Pattern] = {
    name: re.compile(_pattern(name))
    for name in COLUMNS
    if _pattern(name) and name not in VOCABULARIES
}
MAX_LENGTHS: dict[str, int] = {
    name: f["constraints"]["maxLength"]
    for name, f in FIELDS.items()
    if "maxLength" in f.get("constraints", {})
}


def fold(text: str) -> str:
    """Return text without accents, case or spaces: the key to match spelling slips."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\s’'«»\"]+", "", plain.casefold())


_FOLDED = {
    name: {fold(value): value for value in values}
    for name, values in VOCABULARIES.items()
}


def canonical(column: str, value: str) -> str | None:
    """Return the standard's spelling of a vocabulary value, or None if unknown."""
    return _FOLDED[column].get(fold(value))


def check_row(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return (column, value, rule) for each cell the schema rejects."""
    failures = []
    for name in COLUMNS:
        value = row.get(name, "")
        if value == "":
            if name in REQUIRED:
                failures.append((name, value, "required"))
            continue
        pattern = _pattern(name)
        if pattern and not re.fullmatch(pattern, value):
            failures.append((name, value, name if name in PATTERNS else "pattern"))
        if len(value) > MAX_LENGTHS.get(name, len(value)):
            failures.append((name, value, "maxLength"))
    return failures
