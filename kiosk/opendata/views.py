"""Open data pages: public downloads, and the staff's import, exports, guide, search."""

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block
from werkzeug.exceptions import RequestEntityTooLarge

from .. import clock
from ..admin.pages import is_editor, too_large_message
from ..htmx import is_swap
from ..web.templating import current_language
from . import coverage, guide, uploads
from .exports import KINDS, all_places, export
from .formats import read_file
from .forms import ConfirmForm, UploadForm
from .importer import ChangedSincePreview, import_places
from .report import BadFile, where_text

public_bp = Blueprint("opendata", __name__)
admin_bp = Blueprint("opendata_admin", __name__)
PUBLIC_FILES = {
    "lieux-de-mediation-numerique.csv": "csv",
    "lieux-de-mediation-numerique.json": "json",
    "lieux-de-mediation-numerique.geojson": "geojson",
    "structures-services-data-inclusion.json": "data-inclusion",
}


def _download(kind: str, attachment: bool):
    """Return an export as a response (a download when `attachment`)."""
    file = export(kind)
    response = make_response(file.text)
    response.mimetype = file.mimetype.split(";")[0]
    if attachment:
        response.headers["Content-Disposition"] = (
            f"attachment; filename={file.filename}"
        )
    return response


@admin_bp.context_processor
def report_words() -> dict:
    """Give the import report's template its sentences."""
    return {"coverage_lines": coverage.lines, "where_text": where_text}


@public_bp.get("/opendata/<name>")
def public_file(name: str):
    """Return an open-data file of every place (404 when open data is off)."""
    if not current_app.config["OPEN_DATA_ENABLED"] or name not in PUBLIC_FILES:
        abort(404)
    response = _download(PUBLIC_FILES[name], attachment=False)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.max_age = 300
    return response


@admin_bp.get("/")
def index():
    """Return the data page: import form, export buttons, guide and search links."""
    return render_template("admin/donnees/index.html", form=UploadForm(), kinds=KINDS)


@admin_bp.post("/import")
def upload():
    """Keep the uploaded file and return its preview report (nothing written yet)."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _index_with_errors(form)
    data = form.file.data.read()
    try:
        parsed = read_file(data, form.format.data or None)
    except BadFile as error:
        form.file.errors.append(error.message)
        return _index_with_errors(form)
    report = import_places(parsed, dry_run=True, overwrite=form.overwrite.data)
    token = uploads.save(data)
    pending = uploads.Pending(
        form.file.data.filename,
        parsed.format,
        form.overwrite.data,
        report.fingerprint(),
    )
    uploads.remember(token, pending)
    return render_template(
        "admin/donnees/report.html", report=report, token=token, form=ConfirmForm()
    )


def _index_with_errors(form: UploadForm, status: int = 422, **context):
    html = render_template(
        "admin/donnees/index.html", form=form, kinds=KINDS, **context
    )
    return html, status


@admin_bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Return the data page, the file refused in its field (413)."""
    if not is_editor():
        return error
    form = UploadForm(formdata=None)
    form.file.errors = [too_large_message()]
    return _index_with_errors(form, 413, too_large=True)


@admin_bp.post("/import/<token>")
def confirm(token: str):
    """Apply the previewed import; show the new preview if the data changed since."""
    found = uploads.load(token)
    if found is None or not ConfirmForm().validate_on_submit():
        flash(_("This import preview has expired: upload the file again."))
        return redirect(url_for(".index"))
    data, pending = found
    try:
        report = import_places(
            read_file(data, pending.format),
            overwrite=pending.overwrite,
            expect=pending.fingerprint,
            user=current_user,
        )
    except ChangedSincePreview as changed:
        pending.fingerprint = changed.report.fingerprint()
        uploads.remember(token, pending)
        flash(_("The data changed since this preview. Check the new preview."))
        context = {"report": changed.report, "token": token, "form": ConfirmForm()}
        return render_template("admin/donnees/report.html", **context), 409
    uploads.forget(token)
    return render_template("admin/donnees/report.html", report=report, token=None)


@admin_bp.get("/export/<kind>")
def download(kind: str):
    """Return an export of every place as a file to save."""
    if kind not in KINDS:
        abort(404)
    return _download(kind, attachment=True)


@admin_bp.get("/guide")
def printable_guide():
    """Return the printable guide of every place, with staff-only details."""
    now = clock.now()
    entries = guide.guide_places(all_places(), now.date(), current_language())
    return render_template(
        "admin/donnees/guide.html",
        sections=guide.sections(entries),
        index=guide.need_index(entries),
        produced=now,
    )


@admin_bp.get("/recherche")
def search():
    """Return the staff search page, or only its results for an htmx request."""
    criteria = _criteria(request.args)
    now = clock.now()
    places = guide.search_places(criteria)
    entries = guide.guide_places(places, now.date(), current_language())
    context = {"criteria": criteria, "entries": entries, **guide.choices()}
    if is_swap():
        response = make_response(
            render_block("admin/donnees/search.html", "results", **context)
        )
    else:
        response = make_response(
            render_template("admin/donnees/search.html", **context)
        )
    response.vary.add("HX-Request")
    return response


def _criteria(args) -> guide.Search:
    """Return the search criteria from the query string (a bad date is ignored)."""
    open_at = None
    try:
        if args.get("open_at"):
            open_at = datetime.fromisoformat(args["open_at"])
    except ValueError:
        open_at = None
    return guide.Search(
        q=args.get("q", "").strip()[:100],
        need=args.get("need", ""),
        commune=args.get("commune", ""),
        language=args.get("language", ""),
        open_at=open_at,
    )
