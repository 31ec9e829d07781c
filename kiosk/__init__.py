"""Aiguillage: a self-service orientation kiosk. create_app() builds the Flask app."""

from pathlib import Path

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import config
from .extensions import babel, csrf, db, migrate
from .languages import DEFAULT_LANGUAGE, LANGUAGES

__version__ = "0.1.0"
ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """Return the visitor's language: from the URL, else the kiosk's, else French."""
    lang = (request.view_args or {}).get("lang") or request.args.get("l")
    if lang in LANGUAGES:
        return lang
    from .kiosks import current_kiosk  # noqa: PLC0415 (needs the app context)

    kiosk = current_kiosk()
    return kiosk.default_language if kiosk else DEFAULT_LANGUAGE


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(test_config: dict | None = None) -> Flask:
    """Return the configured Flask app: extensions, blueprints, error pages, CLI."""
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_mapping(config.from_environment())
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE,
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.sqlalchemy_url(
        app.config["DATABASE_URL"]
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)

    from . import assets, cli, compression, errors, templating
    from .public.views import bp as public_bp

    compression.register(app)  # first registered, so it runs after every other hook
    assets.register(app)
    app.register_blueprint(public_bp)
    errors.register(app)
    templating.register(app)
    cli.register(app)
    return app
