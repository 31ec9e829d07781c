"""The workshops' staff pages."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select

from ...extensions import db
from ...kiosks import kiosk_by_slug
from ...models import Kiosk, Place, Workshop, WorkshopSession
from ...takehome.qr import qr_svg
from ...takehome.shortlinks import public_base_url
from .. import nearby
from ..calendar import CalendarError, import_feed
from ..fetch import FetchError, read_url
from ..themes import REGISTRATIONS, THEMES
from . import bp

MAX_FILE = 5 * 1024 * 1024
FORMATS = ("A4", "A3")


@bp.get("/")
def index():
    """Return the workshops (each with its next date), the import form, posters."""
    next_dates = (
        select(
            WorkshopSession.workshop_id,
            func.min(WorkshopSession.starts_at).label("next"),
            func.count(WorkshopSession.id).label("dates"),
        )
        .group_by(WorkshopSession.workshop_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Workshop, next_dates.c.next, next_dates.c.dates)
        .outerjoin(next_dates, next_dates.c.workshop_id == Workshop.id)
        .order_by(next_dates.c.next, Workshop.title)
    ).all()
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all()
    return render_template(
        "workshops/staff/index.html", rows=rows, kiosks=kiosks, themes=THEMES
    )


@bp.post("/import")
def import_calendar():
    """Import a place's calendar, from a file or from its address."""
    upload, url = request.files.get("feed"), (request.form.get("url") or "").strip()
    place_id = (request.form.get("place") or "").strip()
    place = None
    if place_id:
        place = db.session.scalar(select(Place).where(Place.standard_id == place_id))
        if place is None:
            flash(_("No place has the identifier “%(id)s”.", id=place_id), "error")
            return redirect(url_for(".index"))
    try:
        if upload and upload.filename:
            data, source = upload.read(MAX_FILE + 1), upload.filename
            if len(data) > MAX_FILE:
                raise FetchError(_("larger than 5 MB"))
        elif url:
            data, source = read_url(url), url
        else:
            flash(_("Choose a calendar file (.ics) or type its address."), "error")
            return redirect(url_for(".index"))
        report = import_feed(data, source, place)
    except (FetchError, CalendarError) as error:
        flash(_("This is not a calendar that can be read: %(why)s", why=error), "error")
        return redirect(url_for(".index"))
    flash(
        _(
            "Calendar imported: %(new)d new workshops, %(changed)d changed, "
            "%(same)d unchanged, %(dates)d dates.",
            new=report.created,
            changed=report.updated,
            same=report.unchanged,
            dates=report.sessions,
        )
    )
    for why in report.left_out[:20]:
        flash(_("Left out: %(why)s", why=why), "error")
    return redirect(url_for(".index"))


@bp.get("/affiche")
def poster():
    """Return the "Ateliers du mois" poster of a kiosk's area (?kiosk=) or of a
    place (?lieu=), A4 or A3 (?format=), to print."""
    paper = request.args.get("format", "A4")
    paper = paper if paper in FORMATS else "A4"
    kiosk = kiosk_by_slug(request.args.get("kiosk", ""))
    place = db.session.scalar(
        select(Place).where(Place.standard_id == request.args.get("lieu", ""))
    )
    if kiosk is None and place is None:
        kiosk = db.session.scalar(select(Kiosk).order_by(Kiosk.is_default.desc()))
    if kiosk is None and place is None:
        abort(404)
    if place is not None:
        items = nearby.of_place(place)
        url = f"{public_base_url()}/a/lieu/{place.standard_id}"
        where = place.nom
    else:
        items = nearby.upcoming(kiosk, most=40)
        url = f"{public_base_url()}/a/pres-de/{kiosk.slug}"
        where = kiosk.name
    return render_template(
        "workshops/staff/poster.html",
        items=items,
        where=where,
        paper=paper,
        qr=Markup(qr_svg(url)),
        url=url,
        themes=THEMES,
        registrations=REGISTRATIONS,
    )
