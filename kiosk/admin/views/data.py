"""Import and export (/admin/donnees): upload a file, read its preview report,
confirm it; download every place in the national standards."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ...opendata import coverage, uploads
from ...opendata.exports import KINDS
from ...opendata.formats import read_file
from ...opendata.forms import ConfirmForm, UploadForm
from ...opendata.importer import ChangedSincePreview, import_places
from ...opendata.report import BadFile, where_text
from ...opendata.views import download as export_response
from ..pages import is_editor, too_large_message

bp = Blueprint("data", __name__, url_prefix="/donnees")


@bp.context_processor
def report_words() -> dict:
    """Give the import report's template its sentences."""
    return {"coverage_lines": coverage.lines, "where_text": where_text}


@bp.get("/")
def index():
    """Return the data page: import form, export buttons, guide and search links."""
    return render_template("admin/donnees/index.html", form=UploadForm(), kinds=KINDS)


@bp.post("/import")
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


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Return the data page, the file refused in its field (413)."""
    if not is_editor():
        return error
    form = UploadForm(formdata=None)
    form.file.errors = [too_large_message()]
    return _index_with_errors(form, 413, too_large=True)


@bp.post("/import/<token>")
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


@bp.get("/export/<kind>")
def download(kind: str):
    """Return an export of every place as a file to save."""
    if kind not in KINDS:
        abort(404)
    return export_response(kind, attachment=True)
