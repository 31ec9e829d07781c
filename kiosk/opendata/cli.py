"""Command line: flask --app wsgi import FILE | export --format FORMAT FILE."""

from pathlib import Path

import click
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from .exports import export
from .importer import FORMATS, import_places, read_file
from .report import BadFile, Conflict, Report, problem_line


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
                parsed, dry_run=dry_run, overwrite=overwrite, who=who
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
    """Return the report as lines of text: counts, then conflicts and problems."""
    counts = report.counts()
    lines = [
        _(
            "Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
            "skipped: %(skipped)s, places with conflicts: %(conflicts)s.",
            **counts,
        ),
        _(
            "Places already here and not in the file (left as they are): %(num)s.",
            num=report.absent,
        ),
    ]
    if report.dry_run:
        lines.insert(0, _("Dry run: nothing was written."))
    lines += [conflict_line(c, report.overwrite) for c in report.conflicts]
    lines += [problem_line(problem) for problem in report.problems]
    return lines


def conflict_line(c: Conflict, overwrite: bool) -> str:
    """Return a staff edit the file disagrees with: kept, or replaced (--overwrite)."""
    where = {"row": c.row, "place": c.standard_id, "column": c.column}
    values = {"staff": c.staff_value, "file": c.file_value}
    if overwrite:
        return _(
            "Conflict, row %(row)s, %(place)s, %(column)s: staff value “%(staff)s” "
            "replaced by the file's “%(file)s” (--overwrite).",
            **where,
            **values,
        )
    return _(
        "Conflict, row %(row)s, %(place)s, %(column)s: staff value "
        "“%(staff)s” kept, the file says “%(file)s” (--overwrite takes "
        "the file's).",
        **where,
        **values,
    )
