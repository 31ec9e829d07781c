"""Report an error from a phone page: a few big choices and a short text, no
account, a few a client may send, nothing about the visitor kept."""

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..takehome.shortlinks import link_by_code
from ..upkeep import reports
from ..web import limiter
from . import bp
from .take_home import listed

# Reports a client address may send an hour, and a place may get a day.
PER_CLIENT_HOUR = 5
PER_PLACE_DAY = 50


class ReportForm(FlaskForm):
    kind = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(code, label) for code, label in reports.KINDS.items()],
        validators=[DataRequired(_l("Choose what is wrong."))],
    )
    text = TextAreaField(
        _l("Tell us more (optional)"),
        validators=[
            Length(
                max=reports.MAX_TEXT,
                message=_l("At most %(max)d characters.", max=reports.MAX_TEXT),
            )
        ],
    )

    def validate_text(self, field):
        if reports.CODE.search(field.data or ""):
            raise ValidationError(_l("Please write plain words, without code."))


@bp.route("/p/<code>/signaler", methods=["GET", "POST"])
def report_error(code: str):
    """Return the form to report an error on a phone page's place; record it."""
    link = link_by_code(code)
    if link is None:
        return render_template("public/phone_missing.html"), 404
    if not listed(link.structure):
        return render_template("public/phone_missing.html", gone=True), 410
    form = ReportForm()
    back = url_for(".phone_page", code=code, l=request.args.get("l"))
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        elif not _may_report(link.structure.id):
            status = 429
        else:
            reports.add(link.structure, form.kind.data, form.text.data or "")
            return render_template(
                "public/report.html", link=link, done=True, back=back
            )
    page = render_template(
        "public/report.html", link=link, form=form, back=back, limited=status == 429
    )
    return page, status


def _may_report(place_id: int) -> bool:
    """Return True (and count it) when this client and this place may have one
    more report now."""
    client = f"address:{request.remote_addr}"
    return limiter.allow("report", client, PER_CLIENT_HOUR, 3600) and limiter.allow(
        "report-place", str(place_id), PER_PLACE_DAY, 86_400
    )
