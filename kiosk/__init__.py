"""Aiguillage: a self-service orientation kiosk. create_app() builds the Flask app."""

from pathlib import Path

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import admin, cli, config
from .device import bp as device_bp
from .extensions import babel, csrf, db, migrate
from .fleet import bp as fleet_bp
from .guide import bp as guide_bp
from .kiosks import current_kiosk
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .opendata import bp as opendata_bp
from .opendata import cli as opendata_cli
from .public import bp as public_bp
from .selfupdate import bp as selfupdate_bp
from .speech import bp as speech_bp
from .upkeep import bp as upkeep_bp
from .upkeep import cli as upkeep_cli
from .usage import bp as usage_bp
from .web import assets, compression, errors, security, templating
from .workshops import bp as workshops_bp
from .workshops.staff import bp as workshop_staff_bp

__version__ = config.VERSION
ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """Return the visitor's language: from the URL, else the kiosk's, else French."""
    if not has_request_context():  # the command line: messages in the default language
        return DEFAULT_LANGUAGE
    lang = (request.view_args or {}).get("lang") or request.args.get("l")
    if lang in LANGUAGES:
        return lang
    kiosk = current_kiosk()
    return kiosk.default_language if kiosk else DEFAULT_LANGUAGE


class RowId(IntegerConverter):
    """`<int:...>` in a route: a row id, so no larger than PostgreSQL's integer
    (a larger number in a URL is a 404, not a database overflow)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, record):
    """Turn on foreign keys and WAL on every SQLite connection (the busy timeout is
    SQLITE_BUSY_TIMEOUT, given to the driver by create_app)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: still consistent after a crash; a commit no longer waits for
        # an fsync (a small commit, a heartbeat or a usage flush, costs 2 ms, not 13).
        cursor.execute("PRAGMA synchronous=NORMAL")
        record.info["busy_ms"] = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        cursor.close()


@event.listens_for(Engine, "checkin")
def _usual_patience(dbapi_connection, record):
    """Give a connection that made impatient writes (extensions.impatient) its usual
    busy timeout back as the pool takes it back."""
    if record.info.pop("impatient", False) and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {record.info['busy_ms']}")


def create_app(test_config: dict | None = None) -> Flask:
    """Return the configured Flask app: extensions, blueprints, error pages, CLI."""
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.url_map.converters["int"] = RowId
    app.config.from_mapping(config.Config.values())
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE,
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        MAX_CONTENT_LENGTH=32 * 1024 * 1024,  # an uploaded open-data file
        # A CSRF token lives as long as the session that holds it (log-out, a new
        # log-in or closing the browser end it), not one hour: a form left open
        # over lunch must still save. See docs/decisions.md, "Staff admin".
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config:
        app.config.update(test_config)
    for name in config.Config.switches():  # "1", "off"... given by a test or a caller
        app.config[name] = config.on_off(app.config[name])
    app.config.update(config.cookie_settings(app.config["HTTPS"]))
    security.register(app)  # outside development: a real SECRET_KEY, PUBLIC_BASE_URL
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies:  # the real client address and scheme come from the reverse proxy
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.sqlalchemy_url(
        app.config["DATABASE_URL"]
    )
    if app.config["DATABASE_URL"].startswith("sqlite:"):
        # How long a write waits for another writer before "database is locked".
        busy = float(app.config["SQLITE_BUSY_TIMEOUT"] or 5)
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {})["timeout"] = busy
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)

    compression.register(app)  # first registered, so it runs after every other hook
    assets.register(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(device_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(speech_bp)
    app.register_blueprint(selfupdate_bp)  # a place's own link: no account
    app.register_blueprint(workshops_bp)
    admin.init_app(app)
    # Staff pages of other features: behind the admin's one guard, in its menu.
    app.register_blueprint(admin.protect(guide_bp, "partner"))  # /admin/donnees/guide
    app.register_blueprint(admin.protect(fleet_bp))  # /admin/parc
    app.register_blueprint(admin.protect(usage_bp))  # /admin/usage
    app.register_blueprint(admin.protect(upkeep_bp))  # /admin/mises-a-jour
    app.register_blueprint(admin.protect(workshop_staff_bp))  # /admin/ateliers
    errors.register(app)
    templating.register(app)
    cli.register(app)
    opendata_cli.register(app)
    upkeep_cli.register(app)
    return app
