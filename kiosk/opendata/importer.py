"""The import engine: places from a file into the database, in one transaction.

Each record is matched to the place it describes (kiosk/opendata/duplicates.py): by
its id, or, for another file describing the same office, by SIRET, name and address,
or position and name. One office is one place, whatever the number of files: every
record is kept as a source of its place (models.PlaceSource), and the place's values
are its sources merged (the first non-empty text, every list value).

Each place keeps a snapshot of what the last import made of it, so a field that
staff changed since is never overwritten silently: it is reported as a conflict and
the staff version is kept, unless the import is told to overwrite (then the conflict
is still reported, as a staff value the file replaces). A field staff left empty is
filled without asking. A value the file gives that is unusable (a latitude of 999,
"voir site" as a phone, hours no parser reads) never replaces a good one here.

Every place an import creates or changes gets a revision (action "import"), in the
import's transaction, so the History page shows it and can restore what was before.
"""

import os
import sys
import time
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock
from ..extensions import db
from ..models import Place, PlaceSource, User
from ..ranking.need_rules import link_needs
from ..revisions import new_revision, snapshot
from . import coverage
from .cells import Parsed, Record
from .duplicates import BY_ID, BY_NEARBY, BY_SIRET, BY_SOURCE, PlaceIndex
from .report import Change, Conflict, Merge, Report

_MISSING = object()
_EMPTY = (None, "", [], {})


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
    label: str = "",
) -> Report:
    """Apply the places to the database in one transaction; return the report.

    A dry run does every step, then rolls back: its report is what a real run does.
    With `expect` (a preview's fingerprint), a run that would do anything else writes
    nothing and raises ChangedSincePreview. Any failure rolls everything back.
    The revisions name `user` (the admin page's) or else `who` (the command line's
    file); `label` names the file in the places' sources.
    """
    report = Report(parsed.format, dry_run=dry_run, overwrite=overwrite)
    report.unit = parsed.unit
    report.problems = list(parsed.problems)
    report.skipped = len({p.row for p in report.refusals})
    try:
        importer = _Import(report, overwrite, label or who or parsed.format)
        touched, places = importer.apply(parsed.records)
        db.session.flush()
        if not dry_run:  # rolled back anyway: spare the work
            _record_revisions(touched, user, who)
        report.links = link_needs()
        report.coverage = coverage.of(places)
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


class _Import:
    """One file applied to the places here, record after record."""

    def __init__(self, report: Report, overwrite: bool, label: str):
        self.report, self.overwrite, self.label = report, overwrite, label[:300]
        self.now = clock.now().replace(tzinfo=None)
        places = list(
            db.session.scalars(select(Place).options(selectinload(Place.sources)))
        )
        pairs = [(s.source_id, place) for place in places for s in place.sources]
        self.index = PlaceIndex(places, pairs)
        self.here = {place.standard_id for place in places}

    def apply(self, records: list[Record]):
        """Create or update each place of the file, filling in the report; return
        the places created or changed with their state before (None when new),
        and every place the file describes."""
        pivots = Counter(
            r.fields.get("pivot") for r in records if r.fields.get("pivot")
        )
        ids = frozenset(r.standard_id for r in records)
        seen: dict[str, int] = {}
        touched: list[tuple[Place, dict | None]] = []
        described: dict[int, Place] = {}
        for record in records:
            key = record.standard_id
            if key in seen:
                self.report.refuse_duplicate(record.row, key, seen[key])
                continue
            seen[key] = record.row
            found = self.index.find(record.fields, pivots, ids)
            if found is not None and _own(found, ids):
                found = None  # two records of one file: two places by its word
            if found is None:
                place = self._create(record)
                touched.append((place, None))
            else:
                place = found.place
                if found.how not in (BY_SOURCE, BY_ID):
                    self.report.merged.append(
                        Merge(
                            record.row,
                            record.fields["nom"],
                            place.nom,
                            found.how,
                            found.metres,
                        )
                    )
                before = self._update(place, record)
                if before is not None:
                    touched.append((place, before))
            self.index.add(place, key)
            described[id(place)] = place
        found_here = {p.standard_id for p in described.values()} & self.here
        self.report.absent = len(self.here - found_here)
        return touched, list(described.values())

    def _create(self, record: Record) -> Place:
        structure = Place(**record.fields)
        values = _values(record)
        structure.sources = [self._source(record, values)]
        structure.import_snapshot = values
        structure.imported_at = self.now
        db.session.add(structure)
        self.report.created.append(
            Change(record.row, record.standard_id, structure.nom)
        )
        return structure

    def _source(self, record: Record, values: dict) -> PlaceSource:
        return PlaceSource(
            source_id=record.standard_id,
            label=self.label,
            imported_at=self.now,
            fields=values,
        )

    def _update(self, structure: Place, record: Record) -> dict | None:
        """Merge the record into its place; write the fields the sources changed,
        unless staff changed them since the last import.

        Return the place's state before (for its revision) when a field changed,
        else None. With overwrite, each staff value replaced is still named as a
        conflict, so the preview says which staff edits the file will undo.
        """
        fresh = self._merged_sources(structure, record)
        last_import = structure.import_snapshot or {}
        changed = []
        for name, incoming in list(fresh.items()):
            current = plain(getattr(structure, name))
            if current == incoming:
                continue
            last = last_import.get(name, _MISSING)
            staff_edited = (last is _MISSING or last != current) and not (
                current in _EMPTY and last in (_MISSING, *_EMPTY)
            )
            if staff_edited and not self.overwrite:
                if last != incoming:  # the file says something new: staff decide
                    self.report.conflicts.append(
                        _conflict(record, structure, name, current, incoming)
                    )
                    fresh[name] = last  # asked again next time, until settled
                    if last is _MISSING:
                        del fresh[name]
                continue
            if staff_edited:  # overwrite: the file's value replaces the staff's
                self.report.conflicts.append(
                    _conflict(record, structure, name, current, incoming)
                )
            changed.append(name)
        before = snapshot(structure) if changed else None
        for name in changed:
            setattr(structure, name, _field(name, fresh[name]))
        if changed:
            self.report.updated.append(
                Change(record.row, structure.standard_id, structure.nom, changed)
            )
        else:
            self.report.unchanged += 1
        if changed or fresh != last_import:
            structure.import_snapshot = fresh
            structure.imported_at = self.now
        return before

    def _merged_sources(self, structure: Place, record: Record) -> dict:
        """Return the place's values as its sources say, this record's included."""
        if not structure.sources and structure.import_snapshot:
            # Imported before sources were kept: its last import is its source.
            earlier = PlaceSource(
                source_id=structure.standard_id,
                label=self.label,
                imported_at=structure.imported_at or self.now,
                fields=dict(structure.import_snapshot),
            )
            structure.sources.append(earlier)
        source = next(
            (s for s in structure.sources if s.source_id == record.standard_id), None
        )
        values = _values(record)
        for name in record.weak:  # unusable here: this source's earlier value
            values.pop(name, None)
            if source is not None and name in source.fields:
                values[name] = source.fields[name]
        if source is None:
            source = self._source(record, values)
            structure.sources.append(source)
        else:
            source.fields, source.imported_at = values, self.now
            source.label = self.label
        return merged(s.fields for s in structure.sources)


def _own(found, ids: frozenset[str]) -> bool:
    """Return True when a place found by SIRET or position is one the file itself
    describes by its id: one file's records are merged only when they have the
    same name and address."""
    if found.how not in (BY_SIRET, BY_NEARBY):
        return False
    place = found.place
    return place.standard_id in ids or any(s.source_id in ids for s in place.sources)


def merged(sources) -> dict:
    """Return the values of several sources of one place, oldest first: each list
    holds every source's values, each text the first non-empty one, the update
    date the latest (pure)."""
    out: dict = {}
    for values in sources:
        for key, value in values.items():
            if isinstance(value, list):
                out[key] = list(dict.fromkeys([*out.get(key, []), *value]))
            elif key == "date_maj":
                out[key] = max(filter(None, (out.get(key), value)), default=None)
            elif out.get(key) in _EMPTY:
                out[key] = value
    return out


def _values(record: Record) -> dict:
    return {k: plain(v) for k, v in record.fields.items() if k != "standard_id"}


def _field(name: str, value):
    """Return a merged value as the place's attribute holds it (dates as dates)."""
    if name in ("date_maj", "verified_on") and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _conflict(record, structure, name: str, current, incoming) -> Conflict:
    return Conflict(
        row=record.row,
        standard_id=structure.standard_id,
        nom=structure.nom,
        column=name,
        staff_value=_text(current),
        file_value=_text(incoming),
    )


def _text(value) -> str:
    if isinstance(value, list):
        return " | ".join(value)
    return "" if value is None else str(value)
