"""Pictograms: the bundled set, and uploaded pictures checked and re-encoded.

An upload is opened with Pillow whatever its name says: only PNG and WebP pass,
SVG never does (it can carry scripts). It is re-encoded (no metadata, no trailing
bytes) under a new random name in the instance folder, served at
/static/pictos/uploads/<name> by the route in kiosk/admin/__init__.py.
"""

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 512 * 1024
MAX_SIDE = 2048
ALLOWED = {"PNG": "png", "WEBP": "webp"}
BUNDLED = Path(__file__).resolve().parent.parent / "static" / "pictos"
UPLOADS = "uploads"


def bundled() -> list[str]:
    """Return the bundled pictograms as values of Need.pictogram, sorted."""
    return sorted(
        f"{folder.name}/{svg.name}"
        for folder in BUNDLED.iterdir()
        if folder.is_dir() and folder.name != UPLOADS
        for svg in folder.glob("*.svg")
    )


def upload_folder() -> Path:
    """Return the folder uploaded pictograms are kept in (created when missing):
    PICTOGRAM_UPLOAD_DIR, else instance/pictos/uploads."""
    configured = current_app.config.get("PICTOGRAM_UPLOAD_DIR")
    folder = Path(configured or Path(current_app.instance_path) / "pictos" / UPLOADS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def size_limit() -> int:
    """Return the largest picture accepted, in bytes (PICTOGRAM_MAX_BYTES)."""
    return current_app.config.get("PICTOGRAM_MAX_BYTES", MAX_BYTES)


def too_large_message(max_bytes: int | None = None):
    """Return the sentence for a picture above `max_bytes` (default: size_limit())."""
    size = (max_bytes or size_limit()) // 1024
    return _l("The picture is larger than %(size)d KB.", size=size)


def reencode(data: bytes, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """Return a checked picture re-encoded, and its extension; raise ValueError."""
    if len(data) > max_bytes:
        raise ValueError(too_large_message(max_bytes))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if kind not in ALLOWED:
                raise ValueError(_l("Only PNG or WebP pictures are accepted."))
            if max(image.size) > MAX_SIDE:  # before decoding: no decompression bomb
                raise ValueError(
                    _l("The picture is larger than %(max)d pixels.", max=MAX_SIDE)
                )
            image.load()
            has_alpha = (
                image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
            )
            clean = image.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValueError(_l("Only PNG or WebP pictures are accepted.")) from None
    out = io.BytesIO()
    extension = ALLOWED[kind]
    clean.save(out, format=kind, **({"lossless": True} if kind == "WEBP" else {}))
    return out.getvalue(), extension


def store(data: bytes, extension: str) -> str:
    """Write a picture under a new random name; return its pictogram value."""
    name = f"{secrets.token_hex(16)}.{extension}"
    (upload_folder() / name).write_bytes(data)
    return f"{UPLOADS}/{name}"


def discard(pictogram: str) -> None:
    """Delete an uploaded picture no row will name (its save failed)."""
    folder, _slash, name = pictogram.partition("/")
    if folder == UPLOADS and name and "/" not in name:
        (upload_folder() / name).unlink(missing_ok=True)
