"""The command line: flask --app wsgi init-db | load-demo | kiosk-add | backup."""

from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select

from .backup import backup_sqlite, sqlite_file
from .extensions import db
from .languages import LANGUAGES
from .models import Kiosk, Structure


def register(app: Flask) -> None:
    """Add the project's commands to `flask`."""

    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the database schema (Alembic migrations)."""
        upgrade()
        click.echo("Database ready.")

    @app.cli.command("load-demo")
    @click.option("--if-empty", is_flag=True, help="Only when there is no place yet.")
    def load_demo_command(if_empty: bool):
        """Load the demo data of Bordeaux Métropole (idempotent)."""
        from .demo import load_demo  # noqa: PLC0415 (keep start-up light)

        if if_empty and db.session.scalar(select(func.count(Structure.id))):
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
    @click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--keep", type=click.IntRange(1), default=14, show_default=True)
    def backup(directory: Path, keep: int):
        """Copy the SQLite database into DIRECTORY; keep the newest KEEP copies."""
        source = sqlite_file(current_app.config["DATABASE_URL"])
        if source is None:
            raise click.ClickException("Not SQLite: back up PostgreSQL with pg_dump.")
        if not source.exists():
            raise click.ClickException(f"No database at {source}.")
        target = backup_sqlite(source, directory, datetime.now(), keep)
        click.echo(f"Backup written: {target}")


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
