"""The open data anyone may read: every place, in the national standards."""

from flask import abort, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l

from ..web.compression import accepts_gzip
from . import bp
from .exports import exported, file_name, last_change, zipped

PUBLIC_FILES = {
    "lieux-de-mediation-numerique.csv": "csv",
    "lieux-de-mediation-numerique.json": "json",
    "lieux-de-mediation-numerique.geojson": "geojson",
    "structures-services-data-inclusion.json": "data-inclusion",
}
# What each file is, for the open-data page.
FORMAT_NAMES = {
    "csv": _l("The national standard of places of digital mediation (v1.0.2), CSV"),
    "json": _l("The same, JSON"),
    "geojson": _l("The same as a map layer, GeoJSON"),
    "data-inclusion": _l("The data·inclusion standard (structures and services), JSON"),
}


@bp.get("/opendata/")
def index():
    """Return the open-data page: the files, their formats and licence, the date of
    the last change, and how a structure joins the guide."""
    if not current_app.config["OPEN_DATA_ENABLED"]:
        abort(404)
    files = [(name, FORMAT_NAMES[kind]) for name, kind in PUBLIC_FILES.items()]
    return render_template(
        "opendata/index.html",
        files=files,
        changed=last_change(),
        licence=current_app.config["OPEN_DATA_LICENCE"],
    )


def download(kind: str, attachment: bool):
    """Return an export as a response (a download when `attachment`), from its file:
    a client that has it already gets 304 (ETag, Last-Modified)."""
    gzipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
    for _attempt in range(3):
        file = exported(kind)
        try:  # read whole (a few MB, gzipped): no file left open by a dropped client
            body = (zipped(file.path) if gzipped else file.path).read_bytes()
            break
        except FileNotFoundError:  # the newer one written meanwhile replaced it
            continue
    else:
        abort(503)
    response = make_response(body)
    response.mimetype = file.mimetype.split(";")[0]
    response.set_etag(f"{file.etag}-gz" if gzipped else file.etag)
    response.last_modified = file.changed
    response.vary.add("Accept-Encoding")
    if gzipped:  # written once with the file: never compressed again per request
        response.headers["Content-Encoding"] = "gzip"
    response.make_conditional(request)
    if attachment:
        response.headers["Content-Disposition"] = (
            f"attachment; filename={file_name(kind)}"
        )
    return response


@bp.get("/opendata/<name>")
def public_file(name: str):
    """Return an open-data file of every place (404 when open data is off)."""
    if not current_app.config["OPEN_DATA_ENABLED"] or name not in PUBLIC_FILES:
        abort(404)
    response = download(PUBLIC_FILES[name], attachment=False)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.max_age = 300
    return response
