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
    "format_not_recognised": _l(
        "Format not recognised: this file is none of the national standard v1 (CSV "
        "or JSON), the national format before v1 (JSON), data·inclusion v1 (JSON) "
        "or the list of the France Services (CSV). Its first columns: %(columns)s."
    ),
    "unknown_format_columns": _l(
        "This is not the list of the France Services: its columns are %(columns)s."
    ),
    # A row that cannot be taken in
    "no_name": _l("No name: the place cannot be shown. Skipped."),
    "no_location": _l(
        "Neither a position nor an address: the place cannot be found. Skipped."
    ),
    "duplicate_id": _l("Same id as number %(other)s above: skipped."),
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
    "cut": _l(
        "%(length)s characters, more than the %(max)s a screen or a slip can show: "
        "cut there."
    ),
    "bad_web_address": _l(
        "“%(value)s” is not a web address starting with https:// or http://: left out."
    ),
    "bad_number": _l(
        "“%(value)s” is not a valid coordinate: left out (a place already here "
        "keeps its position)."
    ),
    "phone_bad": _l(
        "“%(value)s” is not a phone number: left out (a place already here keeps "
        "its number)."
    ),
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
        "Opening hours not understood (%(detail)s): a place already here keeps its "
        "hours; a new place keeps the text for staff to correct, and the kiosk says "
        "to call before going."
    ),
    "bad_day_hours": _l(
        "“%(value)s” is not hours like “09:00 - 12:00 / 13:30 - 17:00”: this place's "
        "hours are left unknown."
    ),
    "unknown_old_value": _l("“%(value)s” is not a value of this format: left out."),
    "mobile_unit": _l(
        "A mobile France Services (%(value)s): imported for the guide, never "
        "proposed by a kiosk (its address is a base, not where it stands today)."
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
class Merge:
    """A record of the file found to be a place already here under another id."""

    row: int
    nom: str  # as the file names it
    into: str  # the place's name here
    how: str  # duplicates.BY_SIRET, BY_NAME_ADDRESS or BY_NEARBY
    metres: float | None = None

    @property
    def reason(self) -> str:
        """Return how the two were found to be one office, in plain words."""
        if self.how == "siret":
            return str(_l("same SIRET"))
        if self.how == "name_address":
            return str(_l("same name and address"))
        return str(_l("similar name, %(metres)s m apart", metres=round(self.metres)))


@dataclass
class Report:
    """What an import did (or, for a dry run, would do).

    `unit` is what the numbers count: the "line" of a CSV file, the "record" of a
    JSON list. `coverage` says what the kiosk will lack (coverage.py).
    """

    format: str
    dry_run: bool = False
    overwrite: bool = False
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: int = 0
    absent: int = 0  # places already here that the file does not hold (left as is)
    unit: str = "line"
    coverage: dict = field(default_factory=dict)

    def refuse_duplicate(self, row: int, key: str, other: int) -> None:
        """Skip a row whose id an earlier row of the file had."""
        self.problems.append(Problem("duplicate_id", row, "id", key, {"other": other}))
        self.skipped += 1

    def problem_groups(self) -> list["ProblemGroup"]:
        """Return the problems grouped by kind and column, refusals first, then the
        most frequent: "176 rows without SIRET" is one line, not 176."""
        groups: dict[tuple[str, str], ProblemGroup] = {}
        for problem in self.problems:
            key = (problem.code, problem.column)
            groups.setdefault(key, ProblemGroup(problem.code, problem.column))
            groups[key].problems.append(problem)
        return sorted(
            groups.values(), key=lambda g: (not g.refused, -len(g.problems), g.code)
        )

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
            "merged": [asdict(m) for m in self.merged],
            "overwrite": self.overwrite,
        }
        text = json.dumps(actions, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


SHOWN_PER_GROUP = 5  # problems of a kind listed before "and N more"


@dataclass
class ProblemGroup:
    """Problems of one kind in one column."""

    code: str
    column: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Return True when these problems made their rows be skipped."""
        return self.code in REFUSALS

    @property
    def shown(self) -> list[Problem]:
        """Return the first problems of the group, to show."""
        return self.problems[:SHOWN_PER_GROUP]

    @property
    def more(self) -> int:
        """Return how many problems of the group are not shown."""
        return max(len(self.problems) - SHOWN_PER_GROUP, 0)


def where_text(number: int | None, unit: str) -> str:
    """Return "line 12" (CSV) or "record 12" (JSON), in the current language."""
    if number is None:
        return ""
    if unit == "record":
        return str(_l("record %(row)s", row=number))
    return str(_l("line %(row)s", row=number))


def problem_line(problem: Problem, unit: str = "line") -> str:
    """Return a problem as one line of text: where, the value, what is wrong.

    The value is quoted whenever the message does not quote it already (a
    “;”-separated list, an over-long text): the person fixing the file needs it.
    """
    where = []
    if problem.row is not None:
        where.append(where_text(problem.row, unit))
    if problem.column:
        where.append(problem.column)
    message = problem.message
    if problem.value and f"“{problem.value}”" not in message:
        where.append(f"“{problem.value}”")
    prefix = ", ".join(where)
    return f"{prefix}: {message}" if prefix else message
