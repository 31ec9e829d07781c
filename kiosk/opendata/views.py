"""The open data anyone may read: every place, in the national standards."""

from flask import abort, current_app, make_response

from . import bp
from .exports import export

PUBLIC_FILES = {
    "lieux-de-mediation-numerique.csv": "csv",
    "lieux-de-mediation-numerique.json": "json",
    "lieux-de-mediation-numerique.geojson": "geojson",
    "structures-services-data-inclusion.json": "data-inclusion",
}


def download(kind: str, attachment: bool):
    """Return an export as a response (a download when `attachment`)."""
    file = export(kind)
    response = make_response(file.text)
    response.mimetype = file.mimetype.split(";")[0]
    if attachment:
        response.headers["Content-Disposition"] = (
            f"attachment; filename={file.filename}"
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
