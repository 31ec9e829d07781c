"""The command line: flask --app wsgi init-db | load-demo | kiosk-add | backup |
restore."""

from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select

from .backup import (
    NotABackup,
    backup_sqlite,
    backup_to_file,
    check_backup,
    restore_sqlite,
    sqlite_file,
)
from .extensions import db
from .languages import LANGUAGES
from .models import Kiosk, Place
from .taxonomy import install_taxonomy


def register(app: Flask) -> None:
    """Add the project's commands to `flask`."""

    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the database schema (Alembic migrations), then install
        or upgrade the need taxonomy (what staff changed is kept)."""
        upgrade()
        counts = install_taxonomy()
        click.echo(
            "Database ready. Needs: {added} added, {updated} fields brought up to "
            "date, {kept} fields changed by staff kept.".format(**counts)
        )

    @app.cli.command("load-demo")
    @click.option("--if-empty", is_flag=True, help="Only when there is no place yet.")
    def load_demo_command(if_empty: bool):
        """Load the demo data of Bordeaux Métropole (idempotent)."""
        from .demo import load_demo  # noqa: PLC0415 (keep start-up light)

        if if_empty and db.session.scalar(select(func.count(Place.id))):
            click.echo("Places already loaded: demo data left as is.")
            return
        counts = load_demo()
        click.echo(
            "Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())
        )

    @app.cli.command("kiosk-add")
    @click.argument("slug")
    @click.option("--name", required=True)
    @click.option("--lat", type=click.FloatRange(-90, 90), required=True)
    @click.option("--lon", type=click.FloatRange(-180, 180), required=True)
    @click.option("--language", type=click.Choice(list(LANGUAGES)), default="fr")
    @click.option(
        "--idle", type=click.IntRange(60, 600), default=120, show_default=True
    )
    @click.option(
        "--print",
        "print_route",
        type=click.Choice(PRINT_ROUTES),
        default="browser",
        show_default=True,
        help="How the Print button prints: not at all, the browser, a receipt "
        "printer (ESC/POS over the network).",
    )
    @click.option("--printer", default="", help="Receipt printer: HOST or HOST:PORT.")
    @click.option(
        "--paper", type=click.Choice(["80", "58"]), default="80", show_default=True
    )
    @click.option(
        "--attract/--no-attract",
        default=False,
        help="Show a calm attract screen after each idle reset.",
    )
    def kiosk_add(
        slug, name, lat, lon, language, idle, print_route, printer, paper, attract
    ):
        """Add a kiosk, or update the one with this SLUG."""
        host, port = printer_address(printer)
        if print_route == "escpos" and not host:
            raise click.UsageError("--print escpos needs --printer HOST[:PORT].")
        kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == slug))
        if kiosk is None:
            kiosk = Kiosk(slug=slug)
            db.session.add(kiosk)
        kiosk.name, kiosk.latitude, kiosk.longitude = name, lat, lon
        kiosk.default_language, kiosk.idle_seconds = language, idle
        kiosk.print_route, kiosk.paper_width_mm = print_route, int(paper)
        kiosk.printer_host, kiosk.printer_port = host, port
        kiosk.attract_screen = attract
        db.session.commit()
        click.echo(f"Kiosk {slug} ready: open /k/{slug} on its tablet.")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path())
    @click.option(
        "--keep",
        type=click.IntRange(1),
        default=None,
        help="TARGET is a folder: keep its newest KEEP copies (default 14).",
    )
    def backup(target: str, keep: int | None):
        """Copy the SQLite database to TARGET, a new file; or to a dated file in
        TARGET when it is a folder (an existing one, a final /, or --keep)."""
        source = _sqlite_source('pg_dump --format=custom --file FILE "$DATABASE_URL"')
        folder = keep is not None or target.endswith("/") or Path(target).is_dir()
        try:
            if folder:
                written = backup_sqlite(
                    source, Path(target), datetime.now(), keep or 14
                )
            else:
                written = backup_to_file(source, Path(target))
        except FileExistsError:
            raise click.ClickException(f"{target} exists: choose a new name.") from None
        click.echo(f"Backup written: {written}")

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore(file: Path, yes: bool):
        """Replace the SQLite database by the backup FILE, checked first; the
        running server keeps serving. The replaced database is kept beside it."""
        live = _sqlite_source('pg_restore --clean --dbname "$DATABASE_URL" FILE')
        try:
            revision = check_backup(file, known_revisions())
        except NotABackup as error:
            raise click.ClickException(f"{error} Nothing was changed.") from None
        if not yes:
            click.confirm(
                f"Replace every place, need and account of {live}?", abort=True
            )
        kept = restore_sqlite(file, live, datetime.now())
        click.echo(f"Restored {file} (schema {revision}); the replaced one: {kept}")
        if revision not in heads():
            click.echo("An older schema: run `flask --app wsgi init-db` to upgrade it.")


def _sqlite_source(advice: str) -> Path:
    """Return the SQLite file of DATABASE_URL; on PostgreSQL, fail with `advice`."""
    source = sqlite_file(current_app.config["DATABASE_URL"])
    if source is None:
        raise click.ClickException(f"Not SQLite: on PostgreSQL use {advice}")
    if not source.exists():
        raise click.ClickException(f"No database at {source}.")
    return source


def _scripts():
    from alembic.script import ScriptDirectory  # noqa: PLC0415 (only for restore)

    return ScriptDirectory(str(Path(current_app.extensions["migrate"].directory)))


def known_revisions() -> set[str]:
    """Return every schema revision of the migrations this code ships."""
    return {script.revision for script in _scripts().walk_revisions()}


def heads() -> set[str]:
    """Return the newest schema revision(s)."""
    return set(_scripts().get_heads())


PRINT_ROUTES = ["none", "browser", "escpos"]


def printer_address(text: str) -> tuple[str, int]:
    """Return (host, port) from "HOST" or "HOST:PORT" (port 9100 by default)."""
    host, _, port = text.strip().partition(":")
    if not port:
        return host, 9100
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(
            f"{port!r} is not a port number.", param_hint="--printer"
        )
    return host, int(port)
