"""The update form a place opens from its link, its hours editor's live parts,
and the pages that say a link opens nothing (tampered, expired, revoked)."""

from flask import render_template, request, url_for

from .. import clock
from ..admin import editing
from ..admin.hours_editor import grid_data
from ..admin.previews import hours_live, hours_preview_context
from ..extensions import db
from ..models import Invitation
from ..ranking.closures import from_stored, ongoing, to_stored
from ..upkeep import links, proposals, updates
from ..web import limiter
from . import bp
from .forms import JoinForm, PlaceUpdateForm, UpdateClosureForm

# Proposals a client address may send an hour (a structure sends one), and what one
# update link may send an hour (a place sends one or two).
JOINS_PER_HOUR = 3
SENDS_PER_HOUR = 10

REFUSED_STATUS = {"tampered": 404, "expired": 410, "revoked": 410}


def _invitation(token: str) -> Invitation | tuple:
    """Return the invitation a link opens, or the page saying why it does not."""
    try:
        return links.read(token)
    except links.LinkRefused as refused:
        page = render_template("selfupdate/refused.html", reason=refused.reason)
        return page, REFUSED_STATUS[refused.reason]


@bp.route("/mise-a-jour/<token>", methods=["GET", "POST"])
def form(token: str):
    """Return a place's update form; on POST record what it sends."""
    invitation = _invitation(token)
    if isinstance(invitation, tuple):
        return invitation
    place = invitation.structure
    if request.method == "GET" and invitation.opened_at is None:
        invitation.opened_at = clock.now_utc()
        db.session.commit()
    form = PlaceUpdateForm.of(place)
    closure = UpdateClosureForm(prefix="closure")
    if request.method == "POST":
        nothing = "nothing_changed" in request.form  # its own form: CSRF checked
        values = {} if nothing else _sent(form, closure, place)
        if values is not None and not limiter.allow(
            "update", f"invitation:{invitation.id}", SENDS_PER_HOUR, 3600
        ):
            return _page(token, place, form, closure, limited=True), 429
        if values is not None:
            try:
                update = updates.submit(invitation, values)
            except editing.SaveFailed:
                page = _page(token, place, form, closure, failed=True)
                return page, 503
            if nothing:
                return _thanks(place, confirmed=True)
            return _thanks(place, waiting=update.status == "pending")
    status = 422 if request.method == "POST" else 200
    return _page(token, place, form, closure), status


def _sent(form, closure, place) -> dict | None:
    """Return the values the form sends (a closure added to the place's), or None
    after putting a message on each field that is wrong."""
    valid = form.validate_on_submit()
    added = None
    if not closure.blank():
        added = closure.closure(clock.now().date()) if closure.validate() else None
        valid = valid and added is not None
    if not valid:
        return None
    values = form.update_values(place)
    if added is not None:
        values["closures"] = to_stored([*from_stored(place.closures), added])
    return values


def _page(token: str, place, form, closure, failed=False, limited=False) -> str:
    today = clock.now().date()
    return render_template(
        "selfupdate/form.html",
        failed=failed,
        limited=limited,
        place=place,
        form=form,
        closure_form=closure,
        closures=ongoing(from_stored(place.closures), today),
        hours=hours_preview_context(form.horaires.data, place.closures),
        hours_preview_url=url_for(".hours_preview", token=token),
        today=today,
    )


def _thanks(place, confirmed: bool = False, waiting: bool = False) -> str:
    return render_template(
        "selfupdate/thanks.html", place=place, confirmed=confirmed, waiting=waiting
    )


@bp.get("/mise-a-jour/<token>/horaires")
def hours_preview(token: str):
    """Return the live parts of the form's hours editor (nothing is saved)."""
    invitation = _invitation(token)
    if isinstance(invitation, tuple):
        return invitation
    form = PlaceUpdateForm(formdata=request.args, meta={"csrf": False})
    return hours_live(
        form,
        invitation.structure,
        hours_preview_url=url_for(".hours_preview", token=token),
    )


@bp.route("/referencer-ma-structure", methods=["GET", "POST"])
def join():
    """Return the form where a structure proposes itself for the guide; queue what
    it sends for staff."""
    form = JoinForm(data=grid_data(""))  # the week grid, empty, ready to fill
    status, limited = 200, False
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        elif not limiter.allow(
            "join", f"address:{request.remote_addr}", JOINS_PER_HOUR, 3600
        ):
            status, limited = 429, True
        else:
            proposals.add(form.proposal_values(), form.contact_email.data)
            return render_template("selfupdate/joined.html")
    page = render_template(
        "selfupdate/join.html",
        form=form,
        limited=limited,
        hours=hours_preview_context(form.horaires.data, None),
        hours_preview_url=url_for(".join_hours"),
        today=clock.now().date(),
    )
    return page, status


@bp.get("/referencer-ma-structure/horaires")
def join_hours():
    """Return the live parts of the join form's hours editor (nothing is saved)."""
    form = JoinForm(formdata=request.args, meta={"csrf": False})
    return hours_live(form, None, hours_preview_url=url_for(".join_hours"))
