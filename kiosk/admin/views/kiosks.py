"""Kiosks (administrators only): name, position, language, idle time."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select, update

from ...extensions import db
from ...htmx import render
from ...kiosks import device_token, revoke_devices
from ...models import Kiosk
from ...takehome.qr import qr_svg
from .. import editing
from ..attention import base_url_warning
from ..fields import texts
from ..pages import get_or_404, keeps_typing
from ..previews import position_context
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
    "print_gap_seconds",
    "prints_per_hour",
    "workshop_radius_m",
)
# Staff's words per language, shown to visitors: the desk, the printer, the stops.
TEXTS = ("desk_location", "printer_location", "transport")


@bp.get("/")
def index():
    """Return the kiosks."""
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name))
    return render(
        "admin/kiosks/list.html",
        kiosks=kiosks,
        base_url_warning=base_url_warning(),
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:kiosk_id>", methods=["GET", "POST"])
@keeps_typing
def edit(kiosk_id: int | None = None):
    """Return a kiosk's form (empty for a new one); on a valid POST save it, unless
    someone else saved it since the form was read (then the form again, 409)."""
    kiosk = get_or_404(Kiosk, kiosk_id) if kiosk_id else None
    form = KioskForm(obj=kiosk, data=None if kiosk else {"idle_seconds": 120})
    if not form.validate_on_submit():
        return _page(form, kiosk, 422 if request.method == "POST" else 200)
    clash = db.session.scalar(select(Kiosk).where(Kiosk.slug == form.slug.data))
    if clash is not None and clash is not kiosk:
        form.slug.errors.append(_("Another kiosk already has this short name."))
        return _page(form, kiosk, 422)
    try:
        _save(kiosk, form)
    except editing.Conflict:
        saved = editing.saved_meanwhile(form, kiosk, FIELDS + TEXTS)
        return _page(form, kiosk, 409, saved=saved)
    except editing.SaveFailed:
        form.form_errors.append(
            _("The database refused the change: nothing was changed.")
        )
        return _page(form, kiosk, 422)
    flash(_("Kiosk saved."))
    return redirect(url_for(".index"))


@bp.post("/<int:kiosk_id>/tablettes")
def new_tablet_link(kiosk_id: int):
    """Make a new enrolment link: the tablets enrolled with the old one stop
    printing and reporting until enrolled again (a lost or stolen tablet)."""
    kiosk = get_or_404(Kiosk, kiosk_id)
    revoke_devices(kiosk)
    flash(_("A new link is ready. Open it on each tablet of this kiosk again."))
    return redirect(url_for(".edit", kiosk_id=kiosk.id) + "#tablets")


def _page(form: KioskForm, kiosk: Kiosk | None, status: int, saved=None):
    position = position_context(form.latitude.raw_data, form.longitude.raw_data, kiosk)
    link = (
        url_for(
            "public.enrol_tablet",
            slug=kiosk.slug,
            token=device_token(kiosk),
            _external=True,
        )
        if kiosk
        else None
    )
    return render(
        "admin/kiosks/edit.html",
        status=status,
        form=form,
        kiosk=kiosk,
        saved=saved,
        position=position,
        tablet_link=link,
        tablet_qr=Markup(qr_svg(link)) if link else None,
    )


def _save(kiosk: Kiosk | None, form: KioskForm) -> None:
    """Write the form onto a kiosk (a new one if None) in one transaction.

    Raise Conflict when the kiosk moved past the form's version, SaveFailed when the
    database refuses; either way nothing is written.
    """
    editing.check_version(kiosk, form)
    kiosk = kiosk or Kiosk()
    with editing.transaction():
        for name in FIELDS:
            setattr(kiosk, name, getattr(form, name).data)
        for name in TEXTS:
            setattr(kiosk, name, texts(getattr(form, name).data))
        db.session.add(kiosk)
        db.session.flush()
        if kiosk.is_default:  # one default only; the one that loses it moves on
            db.session.execute(
                update(Kiosk)
                .where(Kiosk.id != kiosk.id, Kiosk.is_default)
                .values(is_default=False, version=Kiosk.version + 1)
            )
