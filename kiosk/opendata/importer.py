"""The import engine: places from a file into the database, in one transaction.

Places are matched by the standard's `id`, then by `pivot` (SIRET) when that is
unambiguous. Each place keeps a snapshot of what the last import said, so a field that
staff changed since is never overwritten silently: it is reported as a conflict and the
staff version is kept, unless the import is told to overwrite (then the conflict is
still reported, as a staff value the file replaces).

Every place an import creates or changes gets a revision (action "import"), in the
import's transaction, so the History page shows it and can restore what was before.
"""

import os
import sys
import time
from datetime import date, datetime

from sqlalchemy import select

from .. import clock
from ..admin.revisions import new_revision, snapshot
from ..extensions import db
from ..models import Structure, User
from ..ranking.need_rules import link_needs
from . import data_inclusion, mednum
from .cells import Parsed, Record
from .report import BadFile, Change, Conflict, Problem, Report

FORMATS = ("mednum", "data-inclusion")
_MISSING = object()


def guess_format(data: bytes) -> str:
    """Return "data-inclusion" for a JSON object of structures, else "mednum"."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        document = mednum.load_json(data)
        if isinstance(document, dict) and "structures" in document:
            return "data-inclusion"
    return "mednum"


def read_file(data: bytes, fmt: str | None = None) -> Parsed:
    """Return the places of a file in `fmt` (guessed from its content when None)."""
    fmt = fmt or guess_format(data)
    if fmt == "data-inclusion":
        return data_inclusion.parse(data)
    if fmt != "mednum":
        raise BadFile("unknown_format", value=fmt)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return mednum.parse_json(data) if start in (b"[", b"{") else mednum.parse_csv(data)


def plain(value):
    """Return a field value in a comparable, JSON-ready form."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


class ChangedSincePreview(Exception):
    """The import would no longer do what its preview showed: nothing was written."""

    def __init__(self, report: Report):
        super().__init__("changed since preview")
        self.report = report


def import_places(
    parsed: Parsed,
    *,
    dry_run: bool = False,
    overwrite: bool = False,
    expect: str | None = None,
    user: User | None = None,
    who: str = "",
) -> Report:
    """Apply the places to the database in one transaction; return the report.

    A dry run does every step, then rolls back: its report is what a real run does.
    With `expect` (a preview's fingerprint), a run that would do anything else writes
    nothing and raises ChangedSincePreview. Any failure rolls everything back.
    The revisions name `user` (the admin page's) or else `who` (the command line's
    file).
    """
    report = Report(parsed.format, dry_run=dry_run, overwrite=overwrite)
    report.problems = list(parsed.problems)
    report.skipped = len({p.row for p in report.refusals})
    try:
        touched = _apply(parsed.records, report, overwrite)
        db.session.flush()
        if not dry_run:  # rolled back anyway: spare the work
            _record_revisions(touched, user, who)
        report.links = link_needs()
    except BaseException:
        db.session.rollback()
        raise
    if expect is not None and report.fingerprint() != expect:
        db.session.rollback()
        report.dry_run = True
        raise ChangedSincePreview(report)
    if dry_run:
        db.session.rollback()
    else:
        _pause_before_commit()
        db.session.commit()
    return report


def _pause_before_commit() -> None:
    """Test hook: with AIGUILLAGE_IMPORT_PAUSE=SECONDS, say so on stderr and wait
    before committing, every row written but not committed, for the fault test to
    kill the process there (tests/test_import_faults.py). Unset in production."""
    seconds = float(os.environ.get("AIGUILLAGE_IMPORT_PAUSE") or 0)
    if seconds > 0:
        print("import: paused before commit", file=sys.stderr, flush=True)
        time.sleep(seconds)


def _record_revisions(touched, user: User | None, who: str) -> None:
    """Add one revision per place created or changed (the rows already flushed: one
    flush for the whole file, not one a place, keeps a large import fast)."""
    db.session.add_all(
        new_revision("structure", structure, "import", before, user, who)
        for structure, before in touched
    )


def _apply(
    records: list[Record], report: Report, overwrite: bool
) -> list[tuple[Structure, dict | None]]:
    """Create or update each place of the file, filling in the report; return the
    places created or changed, each with its state before (None when new)."""
    places = list(db.session.scalars(select(Structure)))
    by_id = {s.standard_id: s for s in places}
    by_pivot = _unique_pivots(places, records, set(by_id))
    now = clock.now().replace(tzinfo=None)
    seen: dict[str, int] = {}
    matched: set[str] = set()
    touched: list[tuple[Structure, dict | None]] = []
    for record in records:
        key = record.standard_id
        if key in seen:
            params = {"other": seen[key]}
            report.problems.append(
                Problem("duplicate_id", record.row, "id", key, params)
            )
            report.skipped += 1
            continue
        seen[key] = record.row
        structure = by_id.get(key) or by_pivot.get(record.fields.get("pivot") or "")
        if structure is None:
            by_id[key] = _create(record, report, now)
            touched.append((by_id[key], None))
        else:
            matched.add(structure.standard_id)
            before = _update(structure, record, report, overwrite, now)
            if before is not None:
                touched.append((structure, before))
    report.absent = len(set(by_id) - matched - set(seen))
    return touched


def _unique_pivots(places, records, known_ids: set[str]) -> dict[str, Structure]:
    """Return the places a SIRET names without doubt: once here, once in the file.

    A SIRET is an organisation's, so several sites (a town's mairies) may share it;
    only a one-to-one SIRET says two rows are the same place.
    """
    in_file: dict[str, int] = {}
    for record in records:
        pivot = record.fields.get("pivot")
        if pivot and record.standard_id not in known_ids:
            in_file[pivot] = in_file.get(pivot, 0) + 1
    here: dict[str, list[Structure]] = {}
    for structure in places:
        if structure.pivot:
            here.setdefault(structure.pivot, []).append(structure)
    file_ids = {r.standard_id for r in records}
    return {
        pivot: found[0]
        for pivot, found in here.items()
        if len(found) == 1
        and in_file.get(pivot) == 1
        and found[0].standard_id not in file_ids
    }


def _create(record: Record, report: Report, now: datetime) -> Structure:
    structure = Structure(**record.fields)
    structure.import_snapshot = _snapshot(record)
    structure.imported_at = now
    db.session.add(structure)
    report.created.append(Change(record.row, record.standard_id, structure.nom))
    return structure


def _snapshot(record: Record) -> dict:
    return {k: plain(v) for k, v in record.fields.items() if k != "standard_id"}


def _update(structure, record, report, overwrite: bool, now: datetime) -> dict | None:
    """Write the fields the file changed, unless staff changed them since last time.

    Return the place's state before (for its revision) when a field changed, else
    None. With `overwrite`, each staff value replaced is still named as a conflict,
    so the preview says which staff edits the file will undo.
    """
    last_import = structure.import_snapshot or {}
    fresh = _snapshot(record)
    changed = []
    for name, incoming in list(fresh.items()):
        current = plain(getattr(structure, name))
        if current == incoming:
            continue
        last = last_import.get(name, _MISSING)
        staff_edited = last is _MISSING or last != current
        if staff_edited and not overwrite:
            if last != incoming:  # the file says something new: staff must decide
                report.conflicts.append(_conflict(record, structure, name, current))
                fresh[name] = last  # asked again next time, until settled
                if last is _MISSING:
                    del fresh[name]
            continue
        if staff_edited:  # overwrite: the file's value replaces the staff's
            report.conflicts.append(_conflict(record, structure, name, current))
        changed.append(name)
    before = snapshot(structure) if changed else None
    for name in changed:
        setattr(structure, name, record.fields[name])
    if changed:
        report.updated.append(
            Change(record.row, structure.standard_id, structure.nom, changed)
        )
    else:
        report.unchanged += 1
    if changed or fresh != last_import:
        structure.import_snapshot = fresh
        structure.imported_at = now
    return before


def _conflict(record: Record, structure: Structure, name: str, current) -> Conflict:
    return Conflict(
        row=record.row,
        standard_id=structure.standard_id,
        nom=structure.nom,
        column=name,
        staff_value=_text(current),
        file_value=_text(plain(record.fields[name])),
    )


def _text(value) -> str:
    if isinstance(value, list):
        return " | ".join(value)
    return "" if value is None else str(value)
