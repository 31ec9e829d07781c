"""Gzip for text answers (pages, swaps, CSS, JS, SVG) when the browser accepts it.

A lobby tablet on a weak Wi-Fi then gets a swap in a few kilobytes. The app does it
itself so that `make serve` (gunicorn alone) is as light as behind a reverse proxy;
a proxy that compresses leaves answers alone once they carry Content-Encoding.
Static files are compressed once per worker: they change only with a deploy.
"""

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
}
MIN_BYTES = 500  # below this, gzip's own header outweighs the gain
LEVEL = 6
_static_cache: dict[tuple[str, str], bytes] = {}


def accepts_gzip(accept_encoding: str) -> bool:
    """Return True when an Accept-Encoding header allows gzip (pure)."""
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            try:
                return float(quality or 1) > 0
            except ValueError:
                return True
    return False


def compress(response: Response) -> Response:
    """Return the response gzipped when it is worth it and the browser accepts it."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or not accepts_gzip(request.headers.get("Accept-Encoding", ""))
        or (response.content_length or MIN_BYTES) < MIN_BYTES
    ):
        return response
    if response.direct_passthrough:  # a static file
        response.direct_passthrough = False
        key = (request.path, response.headers.get("ETag", ""))
        if key not in _static_cache:  # reading it closes the file
            _static_cache[key] = gzip.compress(response.get_data(), LEVEL, mtime=0)
        elif hasattr(response.response, "close"):
            response.response.close()
        body = _static_cache[key]
    else:
        body = gzip.compress(response.get_data(), LEVEL, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:  # another encoding, same content: a weak validator
        response.set_etag(etag, weak=True)
    return response


def register(app: Flask) -> None:
    """Compress every eligible answer of the app."""
    app.after_request(compress)
