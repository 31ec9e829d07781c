"""Configuration: `Config` holds the safe defaults; each is overridden by the
environment variable of the same name (documented in README.md). `TestConfig` is what
the tests run with."""

import os
from pathlib import Path

VERSION = "0.1.0"  # the server's, shown on the fleet page and sent to the tablets
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def on_off(value) -> bool:
    """Return a setting as on/off: "0", "false", "no", "off" (any case) or empty are
    off, anything else is on."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() not in ("", "0", "false", "no", "off")


class Config:
    """The settings a deployment may change, with their defaults. On/off settings
    are booleans; the others stay text, as the environment gives them."""

    SECRET_KEY = "dev-only-not-secret"
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'aiguillage.sqlite3'}"
    PUBLIC_BASE_URL = ""
    DEFAULT_KIOSK = ""
    FROZEN_NOW = ""
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    MAP_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
    OPEN_DATA_ENABLED = True
    OPEN_DATA_LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
    ESPEAK_COMMAND = "espeak-ng"
    SPEECH_CACHE_DIR = ""
    EXPORT_CACHE_DIR = ""
    SPEECH_CACHE_MB = "200"
    SPEECH_NEW_PER_MINUTE = "6"
    PRINTER_TIMEOUT = "3"
    PRINTER_PROBE_SECONDS = "300"
    SQLITE_BUSY_TIMEOUT = "5"
    USAGE_FLUSH_SECONDS = "2"
    HTTPS = False
    TRUSTED_PROXIES = "0"
    ADMIN_AREA_BBOX = ""
    STAFF_IDLE_HOURS = "8"
    MAIL_SERVER = ""
    MAIL_PORT = "25"
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_TLS = ""
    MAIL_FROM = "aiguillage@localhost"
    UPDATE_LINK_DAYS = "30"
    REMINDER_DAYS = "7,21"
    FRESH_MONTHS = "6"

    @classmethod
    def names(cls) -> list[str]:
        """Return the names of the settings (the environment variables read)."""
        return [name for name in dir(cls) if name.isupper()]

    @classmethod
    def switches(cls) -> list[str]:
        """Return the names of the on/off settings."""
        return [name for name in cls.names() if isinstance(getattr(cls, name), bool)]

    @classmethod
    def values(cls, environ=None) -> dict:
        """Return every setting: the environment's value, else the class's default
        (on/off ones read with `on_off`)."""
        environ = os.environ if environ is None else environ
        values = {}
        for name in cls.names():
            default = getattr(cls, name)
            value = environ.get(name, default)
            values[name] = on_off(value) if isinstance(default, bool) else value
        return values


class TestConfig(Config):
    """The tests' defaults: testing, a test key, the clock on an ordinary working
    morning (the environment still overrides them, as for Config)."""

    TESTING = True
    SECRET_KEY = "test"
    PUBLIC_BASE_URL = "http://localhost"  # the Flask test client's own address
    FROZEN_NOW = "2026-11-24T10:30:00"  # Tuesday 24 November 2026, 10:30 in Paris


def sqlalchemy_url(database_url: str) -> str:
    """Return the SQLAlchemy URL for DATABASE_URL (PostgreSQL through psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix) :]
    return database_url


def cookie_settings(https: bool) -> dict:
    """Return the session cookie settings: Secure only when served over HTTPS."""
    return {
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
    }
