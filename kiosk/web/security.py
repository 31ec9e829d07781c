"""Security headers on every answer, and the refusal to run on a known secret key.

The Content-Security-Policy allows scripts, styles, fonts and media from the app
only: no inline script, no inline style, no eval. Pictures may also come from the
map tile server of MAP_TILE_URL (and be `data:` URIs, which Leaflet's CSS uses).
HSTS is sent only to HTTPS requests (or when HTTPS=1 says users come over HTTPS):
a kiosk served over plain HTTP on a local network is never forced to HTTPS.
"""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from ..config import on_off

# Values that must never sign a production cookie: empty, the development default,
# the placeholder of deploy/aiguillage.env.example.
KNOWN_SECRETS = {"", "dev-only-not-secret", "change-me"}
ONE_YEAR = 365 * 24 * 3600
REFERRER_POLICY = "same-origin"  # nothing leaves for another site; see decisions.md
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


class InsecureSecretKey(RuntimeError):
    """SECRET_KEY is empty or a published value outside development."""


class NoPublicBaseUrl(RuntimeError):
    """PUBLIC_BASE_URL is not an http(s) address outside development."""


def check_secret_key(secret: str, development: bool) -> None:
    """Raise InsecureSecretKey when `secret` is a known value outside development."""
    if development or (secret or "").strip() not in KNOWN_SECRETS:
        return
    raise InsecureSecretKey(
        "SECRET_KEY is not set: set the environment variable SECRET_KEY to a long "
        'random value (python3 -c "import secrets; print(secrets.token_hex(32))"), '
        "or run `flask --app wsgi run --debug` (make run) for development."
    )


def check_public_base_url(url: str, development: bool) -> None:
    """Raise NoPublicBaseUrl when, outside development, PUBLIC_BASE_URL is not an
    http(s) address: QR codes, slips and vCards would take theirs from the request's
    Host header, which any client can forge (docs/reliability.md)."""
    parts = urlsplit((url or "").strip())
    if development or (parts.scheme in ("http", "https") and parts.hostname):
        return
    raise NoPublicBaseUrl(
        "PUBLIC_BASE_URL is not set: set the environment variable PUBLIC_BASE_URL to "
        "the address phones reach (https://aiguillage.example.org); QR codes and "
        "slips never take it from a request. Or run `make run` for development."
    )


def tile_source(tile_url: str) -> str:
    """Return the CSP source of a map tile URL template ("" if it names no host).

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`.
    """
    parts = urlsplit(tile_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.rsplit("@", 1)[-1]
    if "{" in host:  # {s}: any subdomain (CSP allows a wildcard leftmost only)
        _first, _, rest = host.partition(".")
        if "{" in rest or not rest:
            return ""
        host = f"*.{rest}"
    return f"{parts.scheme}://{host}"


@lru_cache(maxsize=8)
def content_security_policy(tile_url: str) -> str:
    """Return the Content-Security-Policy of every answer, for a tile URL."""
    images = " ".join(filter(None, ["'self'", "data:", tile_source(tile_url)]))
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": images,
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_headers(response: Response, tile_url: str, https: bool) -> Response:
    """Return the response with the security headers set."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(tile_url)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = REFERRER_POLICY
    headers["X-Frame-Options"] = "DENY"  # frame-ancestors for older browsers
    if https:
        headers["Strict-Transport-Security"] = f"max-age={ONE_YEAR}"
    return response


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, `Secure` also when the request itself came over
    HTTPS: a deployment that forgot HTTPS=1 still keeps it off plain HTTP."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return True with HTTPS=1, or on a request made over HTTPS."""
        secure = super().get_cookie_secure(app)
        return secure or (has_request_context() and request.is_secure)


def register(app: Flask) -> None:
    """Refuse a known SECRET_KEY, or no PUBLIC_BASE_URL, outside development; add
    headers to every answer."""
    check_secret_key(app.config["SECRET_KEY"], app.debug or app.testing)
    check_public_base_url(app.config["PUBLIC_BASE_URL"], app.debug or app.testing)
    app.session_interface = SessionCookie()

    @app.after_request
    def security_headers(response: Response) -> Response:
        https = request.is_secure or on_off(app.config.get("HTTPS"))
        return add_headers(response, app.config["MAP_TILE_URL"], https)


def spreadsheet_safe(text: str) -> str:
    """Return a CSV cell a spreadsheet will not run as a formula: a `'` before a
    leading = + - @ (tab, CR), except on a plain number (+33556102020, -0.5792)."""
    if text[:1] in FORMULA_START and not NUMBER.fullmatch(text):
        return "'" + text
    return text
