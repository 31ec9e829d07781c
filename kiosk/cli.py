"""The stable command line: flask --app wsgi init-db | load-demo | kiosk-add."""

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

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
        "--attract/--no-attract",
        default=False,
        help="Show a calm attract screen after each idle reset.",
    )
    def kiosk_add(slug, name, lat, lon, language, idle, attract):
        """Add a kiosk, or update the one with this SLUG."""
        kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == slug))
        if kiosk is None:
            kiosk = Kiosk(slug=slug)
            db.session.add(kiosk)
        kiosk.name, kiosk.latitude, kiosk.longitude = name, lat, lon
        kiosk.default_language, kiosk.idle_seconds = language, idle
        kiosk.attract_screen = attract
        db.session.commit()
        click.echo(f"Kiosk {slug} ready: open /k/{slug} on its tablet.")
