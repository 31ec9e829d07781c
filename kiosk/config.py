"""Configuration: safe defaults, overridden by environment variables."""

import os
from pathlib import Path

VERSION = "0.1.0"  # the server's, shown on the fleet page and sent to the tablets
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

# The variables a deployment may set, with their defaults (documented in README.md).
ENV_DEFAULTS: dict[str, str] = {
    "SECRET_KEY": "dev-only-not-secret",
    "DATABASE_URL": f"sqlite:///{INSTANCE_DIR / 'aiguillage.sqlite3'}",
    "PUBLIC_BASE_URL": "",
    "DEFAULT_KIOSK": "",
    "FROZEN_NOW": "",
    "MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "MAP_TILE_ATTRIBUTION": "© OpenStreetMap contributors",
    "OPEN_DATA_ENABLED": "1",
    "ESPEAK_COMMAND": "espeak-ng",
    "SPEECH_CACHE_DIR": "",
    "SPEECH_CACHE_MB": "200",
    "PRINTER_TIMEOUT": "3",
    "PRINTER_PROBE_SECONDS": "300",
    "SQLITE_BUSY_TIMEOUT": "5",
    "USAGE_FLUSH_SECONDS": "2",
    "HTTPS": "",
    "TRUSTED_PROXIES": "0",
    "ADMIN_AREA_BBOX": "",
}


# Variables read as on/off: "0", "false", "no", "off" (any case) or empty mean off.
FLAGS = ("OPEN_DATA_ENABLED",)


def flag(value) -> bool:
    """Return a configuration value as on/off."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ("", "0", "false", "no", "off")


def from_environment() -> dict:
    """Return the configuration read from the environment, defaults filled in."""
    values = {
        name: os.environ.get(name, default) for name, default in ENV_DEFAULTS.items()
    }
    return {k: flag(v) if k in FLAGS else v for k, v in values.items()}


def sqlalchemy_url(database_url: str) -> str:
    """Return the SQLAlchemy URL for DATABASE_URL (PostgreSQL through psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix) :]
    return database_url


def is_true(value: str | None) -> bool:
    """Return True for "1", "true", "yes" or "on" (any case)."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def cookie_settings(https: str | None) -> dict:
    """Return the session cookie settings: Secure only when served over HTTPS."""
    secure = is_true(https)
    return {
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
    }
