"""Files waiting between an import's preview and its confirmation.

Each upload is kept under the instance folder with a random token, next to what its
preview said (format, overwrite, fingerprint), so the confirmed import reads the very
same bytes and can check it does exactly what the preview showed.
"""

import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class Pending:
    """An uploaded file's preview: what to confirm."""

    filename: str
    format: str
    overwrite: bool
    fingerprint: str


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(data: bytes) -> str:
    """Keep an uploaded file; return its token. Old uploads are removed."""
    folder = _folder()
    for old in folder.iterdir():
        if time.time() - old.stat().st_mtime > MAX_AGE_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    return token


def remember(token: str, pending: Pending) -> None:
    """Store what the preview of an upload said."""
    (_folder() / f"{token}.json").write_text(json.dumps(asdict(pending)))


def load(token: str) -> tuple[bytes, Pending] | None:
    """Return the file and its preview, or None for an unknown or expired token."""
    if not _TOKEN.match(token):
        return None
    upload, meta = _folder() / f"{token}.upload", _folder() / f"{token}.json"
    if not (upload.exists() and meta.exists()):
        return None
    return upload.read_bytes(), Pending(**json.loads(meta.read_text()))


def forget(token: str) -> None:
    """Remove an upload once imported."""
    if _TOKEN.match(token):
        for suffix in (".upload", ".json"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)
