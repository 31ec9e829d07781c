"""Kiosks (administrators only): name, position, language, idle time."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from ...extensions import db
from ...models import Kiosk
from ..pages import get_or_404, render_page
from ..setup_forms import KioskForm

bp = Blueprint("kiosks", __name__, url_prefix="/kiosks")
FIELDS = (
    "slug",
    "name",
    "address",
    "latitude",
    "longitude",
    "default_language",
    "idle_seconds",
    "is_default",
    "attract_screen",
    "print_route",
    "printer_host",
    "printer_port",
    "paper_width_mm",
)


@bp.get("/")
def index():
    """Return the kiosks."""
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name))
    return render_page("admin/kiosks/list.html", kiosks=kiosks)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:kiosk_id>", methods=["GET", "POST"])
def edit(kiosk_id: int | None = None):
    """Return a kiosk's form (empty for a new one); on a valid POST save it."""
    kiosk = get_or_404(Kiosk, kiosk_id) if kiosk_id else None
    form = KioskForm(obj=kiosk, data=None if kiosk else {"idle_seconds": 120})
    if form.validate_on_submit():
        clash = db.session.scalar(select(Kiosk).where(Kiosk.slug == form.slug.data))
        if clash is not None and clash is not kiosk:
            form.slug.errors.append(_("Another kiosk already has this short name."))
        elif _save(kiosk or Kiosk(), form):
            flash(_("Kiosk saved."))
            return redirect(url_for(".index"))
        else:
            form.form_errors.append(
                _("The database refused the change: nothing was changed.")
            )
    status = 422 if request.method == "POST" else 200
    return render_page("admin/kiosks/edit.html", status=status, form=form, kiosk=kiosk)


def _save(kiosk: Kiosk, form: KioskForm) -> bool:
    """Write the form onto a kiosk in one transaction; return False if refused."""
    try:
        for name in FIELDS:
            setattr(kiosk, name, getattr(form, name).data)
        if kiosk.id is None:
            db.session.add(kiosk)
        db.session.flush()
        if kiosk.is_default:  # one default kiosk only
            db.session.execute(
                update(Kiosk).where(Kiosk.id != kiosk.id).values(is_default=False)
            )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
