"""What an import did or would do, and every problem in plain words."""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from flask_babel import lazy_gettext as _l

# Problems that make a row impossible to take in: the row is skipped.
REFUSALS = {"no_name", "no_location", "duplicate_id", "not_an_object"}

MESSAGES = {
    # The whole file
    "empty": _l("The file is empty."),
    "not_utf8": _l(
        "The file is not UTF-8 text, the encoding the standard asks for. Save it "
        "again as “CSV UTF-8” (LibreOffice: Save as, Text CSV, character set "
        "Unicode UTF-8) and import it again."
    ),
    "not_csv": _l("This is not a CSV file: %(detail)s."),
    "not_json": _l("This is not valid JSON: %(detail)s."),
    "json_shape": _l(
        "The JSON file must hold a list of places (national standard) or an object "
        "with “structures” and “services” (data·inclusion)."
    ),
    "missing_columns": _l(
        "Columns required by the standard are missing: %(columns)s. The first line "
        "of the file must name the columns."
    ),
    "unknown_format": _l("Unknown format “%(value)s”."),
    # A row that cannot be taken in
    "no_name": _l("No name: the place cannot be shown. Line skipped."),
    "no_location": _l(
        "Neither a position nor an address: the place cannot be found. Line skipped."
    ),
    "duplicate_id": _l("Same id as line %(other)s. Line skipped."),
    "not_an_object": _l("Not a place (expected an object with named fields)."),
    # Taken in, with a warning
    "missing_id": _l("No id: made one from the name and town (%(made)s)."),
    "missing_pivot": _l(
        "No SIRET or RNA (pivot). Imported; the export writes the national map's "
        "placeholder 00000000000000."
    ),
    "missing_value": _l("Empty, but the standard requires it."),
    "bad_pattern": _l(
        "“%(value)s” is not in the form the standard expects (%(rule)s): left out."
    ),
    "bad_date": _l("“%(value)s” is not a date like 2024-04-02: left out."),
    "bad_number": _l("“%(value)s” is not a valid coordinate: left out."),
    "phone_fixed": _l("“%(value)s” written as %(fixed)s, the form the standard asks."),
    "phone_kept": _l(
        "The standard's phone format rejects “%(value)s”: kept for the kiosk and the "
        "guide, but this row of the export will not pass the standard's check."
    ),
    "semicolon": _l("Values separated by “;”: read as separated by “|”."),
    "spelling": _l("“%(value)s” read as “%(fixed)s”, the standard's spelling."),
    "unknown_value": _l(
        "“%(value)s” is not in the standard's list for this column: left out."
    ),
    "too_long": _l(
        "%(length)s characters, the standard allows %(max)s: kept, but this row of "
        "the export will not pass the standard's check."
    ),
    "bad_hours": _l(
        "Opening hours not understood (%(detail)s): kept; the kiosk says to call "
        "before going."
    ),
    "unknown_column": _l("Column not in the standard: ignored."),
    "missing_column": _l("Column missing: read as empty."),
    "semicolon_columns": _l("Columns separated by “;”: read anyway."),
    "unknown_structure": _l(
        "Service of a structure that is not in the file (“%(value)s”): ignored."
    ),
    # Export
    "export_invalid": _l("“%(value)s” does not pass the standard's check (%(rule)s)."),
}

RULES = {
    "pivot": _l("a SIRET of 14 digits, or an RNA"),
    "code_postal": _l("5 digits"),
    "code_insee": _l("an INSEE code of 5 characters"),
    "telephone": _l("+33 then 9 digits"),
    "required": _l("required"),
    "maxLength": _l("too long"),
    "pattern": _l("not in the expected form or list"),
}


@dataclass
class Problem:
    """One thing wrong in a file: where (row, column), the value, and its code."""

    code: str
    row: int | None = None
    column: str = ""
    value: str = ""
    params: dict = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        """Return True when this problem made the row be skipped."""
        return self.code in REFUSALS

    @property
    def message(self) -> str:
        """Return the problem in plain words, in the current language."""
        params = {k: str(v) for k, v in self.params.items()}
        if "rule" in params:
            params["rule"] = str(RULES.get(params["rule"], params["rule"]))
        return str(MESSAGES[self.code]) % {"value": self.value, **params}


class BadFile(Exception):
    """A file that cannot be read at all: one clear problem, nothing imported."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.problem = Problem(code, params=params)

    @property
    def message(self) -> str:
        """Return the reason in plain words."""
        return self.problem.message


@dataclass
class Conflict:
    """A field staff changed since the last import that the file would change."""

    row: int
    standard_id: str
    nom: str
    column: str
    staff_value: str
    file_value: str


@dataclass
class Change:
    """A place created or updated, and which columns changed."""

    row: int
    standard_id: str
    nom: str
    columns: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    format: str
    dry_run: bool = False
    overwrite: bool = False
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: int = 0
    absent: int = 0  # places already here that the file does not hold (left as is)

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems that did not stop a row."""
        return [p for p in self.problems if not p.refused]

    @property
    def refusals(self) -> list[Problem]:
        """Return the problems that made a row be skipped."""
        return [p for p in self.problems if p.refused]

    def counts(self) -> dict[str, int]:
        """Return the number of rows created, updated, unchanged and skipped."""
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "conflicts": len({c.standard_id for c in self.conflicts}),
        }

    def fingerprint(self) -> str:
        """Return a hash of every change: equal fingerprints, equal imports."""
        actions = {
            "created": [asdict(c) for c in self.created],
            "updated": [asdict(c) for c in self.updated],
            "conflicts": [asdict(c) for c in self.conflicts],
            "overwrite": self.overwrite,
        }
        text = json.dumps(actions, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def problem_line(problem: Problem) -> str:
    """Return a problem as one line of text: where, the value, what is wrong.

    The value is quoted whenever the message does not quote it already (a
    “;”-separated list, an over-long text): the person fixing the file needs it.
    """
    where = []
    if problem.row is not None:
        where.append(str(_l("row %(row)s", row=problem.row)))
    if problem.column:
        where.append(problem.column)
    message = problem.message
    if problem.value and f"“{problem.value}”" not in message:
        where.append(f"“{problem.value}”")
    prefix = ", ".join(where)
    return f"{prefix}: {message}" if prefix else message
