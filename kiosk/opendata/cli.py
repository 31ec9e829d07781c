"""Command line: flask --app wsgi import FILE | export --format FORMAT FILE."""

from pathlib import Path

import click
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from . import coverage
from .exports import export
from .formats import FORMATS, read_file
from .importer import import_places
from .report import BadFile, Conflict, Report, problem_line, where_text


def register(app: Flask) -> None:
    """Add the import and export commands to `flask`."""

    @app.cli.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
    @click.option("--dry-run", is_flag=True, help="Report only; change nothing.")
    @click.option("--overwrite", is_flag=True, help="The file wins over staff edits.")
    def import_command(file, fmt, dry_run, overwrite):
        """Import places (national standard CSV/JSON or data·inclusion JSON)."""
        try:
            parsed = read_file(Path(file).read_bytes(), fmt)
        except BadFile as error:
            raise click.ClickException(error.message) from error
        try:
            who = Path(file).name[:254]  # stored as Revision.user_email (254)
            report = import_places(
                parsed,
                dry_run=dry_run,
                overwrite=overwrite,
                who=who,
                label=f"{parsed.format} — {who}",
            )
        except SQLAlchemyError as error:  # disk full, database locked...
            reason = str(getattr(error, "orig", None) or error)
            raise click.ClickException(
                _(
                    "The database refused the import: %(reason)s. Nothing was written.",
                    reason=reason,
                )
            ) from error
        click.echo("\n".join(report_lines(report)))

    @app.cli.command("export")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["mednum", "data-inclusion", "geojson"]),
        required=True,
    )
    @click.argument("file", type=click.Path(dir_okay=False, writable=True))
    def export_command(fmt, file):
        """Write every place to FILE (mednum: CSV, or JSON when FILE ends in .json)."""
        kind = fmt
        if fmt == "mednum":
            kind = "json" if file.lower().endswith(".json") else "csv"
        Path(file).write_text(export(kind).text, encoding="utf-8")
        click.echo(_("Wrote %(file)s.", file=file))


def report_lines(report: Report) -> list[str]:
    """Return the report as lines of text: counts, what the kiosk will lack, the
    merges, the places changed, the conflicts, then the problems by kind."""
    counts = report.counts()
    lines = [
        _(
            "Created: %(created)s, updated: %(updated)s, merged into a place already "
            "here: %(merged)s, unchanged: %(unchanged)s, skipped: %(skipped)s, "
            "places with conflicts: %(conflicts)s.",
            merged=len(report.merged),
            **counts,
        ),
        _(
            "Places already here and not in the file (left as they are): %(num)s.",
            num=report.absent,
        ),
    ]
    if report.dry_run:
        lines.insert(0, _("Dry run: nothing was written."))
    lines += coverage.lines(report.coverage)
    for merge in report.merged:
        where = where_text(merge.row, report.unit)
        lines.append(
            _(
                "Merged, %(where)s: “%(name)s” is “%(into)s” (%(reason)s).",
                where=where,
                name=merge.nom,
                into=merge.into,
                reason=merge.reason,
            )
        )
    for change in report.updated:
        lines.append(
            _(
                "Updated: “%(name)s” (%(columns)s).",
                name=change.nom,
                columns=", ".join(change.columns),
            )
        )
    lines += [conflict_line(c, report.overwrite, report.unit) for c in report.conflicts]
    for group in report.problem_groups():
        lines.append(
            _(
                "%(column)s — %(num)s × %(unit)s:",
                column=group.column or _("the file"),
                num=len(group.problems),
                unit=_("record") if report.unit == "record" else _("line"),
            )
        )
        lines += [f"  {problem_line(p, report.unit)}" for p in group.shown]
        if group.more:
            lines.append("  " + _("… and %(num)s more.", num=group.more))
    return lines


def conflict_line(c: Conflict, overwrite: bool, unit: str = "line") -> str:
    """Return a staff edit the file disagrees with: kept, or replaced (--overwrite)."""
    where = {
        "where": where_text(c.row, unit),
        "place": c.standard_id,
        "column": c.column,
    }
    values = {"staff": c.staff_value, "file": c.file_value}
    if overwrite:
        return _(
            "Conflict, %(where)s, %(place)s, %(column)s: staff value “%(staff)s” "
            "replaced by the file's “%(file)s” (--overwrite).",
            **where,
            **values,
        )
    return _(
        "Conflict, %(where)s, %(place)s, %(column)s: staff value "
        "“%(staff)s” kept, the file says “%(file)s” (--overwrite takes "
        "the file's).",
        **where,
        **values,
    )
