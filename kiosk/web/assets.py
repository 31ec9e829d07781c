"""Static files under versioned URLs, cached by tablets for a year.

`url_for('static', filename=...)` adds `?v=<hash of the file>`: a deploy that changes
a file changes its URL, so the file itself can be cached "immutable" for a year and a
tablet never asks for it again. A URL without the current version (an old page, a
URL written by hand, the fonts inside the CSS) keeps the short default lifetime.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1024)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_version(static_folder: str, filename: str) -> str:
    """Return the version of a static file: a hash of its content ("" if missing).

    Only a regular file inside the static folder: a URL typed by hand may name "..",
    a folder or /dev/zero, and the error page for it still builds static URLs.
    """
    joined = safe_join(static_folder, filename)
    if joined is None:
        return ""
    path = Path(joined)
    try:
        stat = path.stat()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return ""
    if not path.is_file():
        return ""
    return _digest(str(path), stat.st_mtime_ns, stat.st_size)


def register(app: Flask) -> None:
    """Version static URLs and let browsers keep versioned files for a year."""
    known: dict[str, str] = {}  # files change with a deploy, which restarts workers

    def version_of(filename: str) -> str:
        version = known.get(filename)
        if version is None or app.debug:
            version = static_version(app.static_folder, filename)
            if version:  # only real files: made-up names must not fill the memory
                known[filename] = version
        return version

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = version_of(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_versioned(response):
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            version = request.args.get("v")
            if version and version == version_of(filename):
                response.cache_control.public = True
                response.cache_control.max_age = ONE_YEAR
                response.cache_control.immutable = True
        return response
