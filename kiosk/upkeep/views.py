"""Staff pages: what places sent (accept or decline), campaigns and who answered,
the outbox, and a place's own link (send, take back, review or not)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from ..admin import editing
from ..admin.auth import safe_next
from ..admin.pages import get_or_404, whole_number
from ..admin.values import normalize_emails
from ..extensions import db
from ..models import Campaign, Invitation, Mail, Place, PlaceProposal, PlaceUpdate
from ..revisions import snapshot
from . import bp, campaigns, links, mail, proposals, reports, updates

OUTBOX_ROWS = 50


def fresh_months() -> int:
    """Return how old a place's last check may be before a campaign asks again."""
    return max(1, int(current_app.config["FRESH_MONTHS"] or 6))


@bp.get("/")
def index():
    """Return what places sent and wait for staff, and the campaigns."""
    months = whole_number(request.args.get("mois")) or fresh_months()
    unsent = db.session.scalar(
        select(func.count()).select_from(Mail).where(Mail.sent_at.is_(None))
    )
    return render_template(
        "upkeep/index.html",
        waiting=[(u, snapshot(u.structure)) for u in updates.waiting()],
        reported=reports.open_by_place(),
        proposed=[(p, proposals.duplicates(p)) for p in proposals.waiting()],
        kinds=reports.KINDS,
        campaigns=db.session.scalars(select(Campaign).order_by(Campaign.id.desc())),
        months=months,
        due=campaigns.due_count(months),
        unsent=unsent,
        server=mail.server_configured(),
    )


@bp.post("/campagnes")
def start_campaign():
    """Start a campaign for the places not verified for the months chosen."""
    months = whole_number(request.form.get("months")) or fresh_months()
    campaign, unreachable = campaigns.start(months, current_user)
    mail.deliver()
    flash(
        _(
            "Campaign started: %(sent)d e-mails; %(none)d places have no e-mail "
            "address (phone them).",
            sent=len(campaign.invitations),
            none=len(unreachable),
        )
    )
    return redirect(url_for(".campaign", campaign_id=campaign.id))


@bp.get("/campagnes/<int:campaign_id>")
def campaign(campaign_id: int):
    """Return a campaign: each place, its e-mail, where it stands."""
    campaign = get_or_404(Campaign, campaign_id)
    query = (
        select(Invitation)
        .where(Invitation.campaign_id == campaign.id)
        .options(selectinload(Invitation.structure), selectinload(Invitation.mails))
        .order_by(Invitation.id)
    )
    rows = [(i, campaigns.status(i)) for i in db.session.scalars(query)]
    counts = {}
    for _invitation, state in rows:
        counts[state] = counts.get(state, 0) + 1
    return render_template(
        "upkeep/campaign.html",
        campaign=campaign,
        rows=rows,
        counts=counts,
        server=mail.server_configured(),
    )


@bp.post("/envoyer")
def send_again():
    """Send every e-mail not sent yet, those that failed too; go back."""
    sent, failed = mail.deliver(again=True)
    if not mail.server_configured():
        flash(_("No mail server is set: the e-mails wait in the outbox."), "error")
    elif failed:
        flash(_("%(sent)d sent, %(failed)d failed.", sent=sent, failed=failed), "error")
    else:
        flash(_("%(sent)d sent.", sent=sent))
    return redirect(safe_next(request.form.get("next")) or url_for(".index"))


@bp.get("/boite-d-envoi")
def outbox():
    """Return the e-mails, newest first: what was sent, what waits, what failed."""
    page = max(1, whole_number(request.args.get("page")) or 1)
    total = db.session.scalar(select(func.count()).select_from(Mail))
    query = (
        select(Mail)
        .order_by(Mail.id.desc())
        .limit(OUTBOX_ROWS)
        .offset((page - 1) * OUTBOX_ROWS)
    )
    return render_template(
        "upkeep/outbox.html",
        mails=db.session.scalars(query),
        total=total,
        page=page,
        size=OUTBOX_ROWS,
        server=mail.server_configured(),
    )


@bp.post("/envois/<int:update_id>")
def decide(update_id: int):
    """Accept or decline what a place sent."""
    update = get_or_404(PlaceUpdate, update_id)
    if update.status != "pending":
        flash(_("Already dealt with."))
    elif request.form.get("decision") == "accept":
        try:
            updates.accept(update, current_user)
        except editing.SaveFailed:
            flash(_("The database refused the save: nothing was changed."), "error")
        else:
            flash(_("Applied to %(name)s.", name=update.structure.nom))
    else:
        updates.decline(update, current_user)
        flash(_("Declined: %(name)s stays as it was.", name=update.structure.nom))
    return redirect(url_for(".index"))


@bp.post("/lieux/<int:place_id>/lien")
def send_link(place_id: int):
    """Send a place its update link (to the address typed, else its first)."""
    place = get_or_404(Place, place_id)
    typed = (request.form.get("email") or "").strip()
    try:
        addresses = normalize_emails(typed) if typed else place.courriels[:1]
    except ValueError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.places.edit", place_id=place.id))
    if not addresses:
        flash(_("This place has no e-mail address: type one."), "error")
        return redirect(url_for("admin.places.edit", place_id=place.id))
    campaigns.invite(place, addresses[0])
    db.session.commit()
    mail.deliver()
    flash(_("Update link sent to %(email)s.", email=addresses[0]))
    return redirect(url_for("admin.places.edit", place_id=place.id))


@bp.post("/lieux/<int:place_id>/reglages")
def place_settings(place_id: int):
    """Take back a place's links, or choose whether what it sends waits."""
    place = get_or_404(Place, place_id)
    action = request.form.get("action")
    if action == "revoke":
        links.revoke(place)
        flash(_("Every update link sent to this place is taken back."))
    elif action in ("review", "at_once"):
        reviewed = action == "review"  # a setting: the place's version stays
        db.session.execute(
            update(Place).where(Place.id == place.id).values(updates_reviewed=reviewed)
        )
        db.session.commit()
        flash(_("Saved."))
    return redirect(url_for("admin.places.edit", place_id=place.id))


@bp.post("/signalements/<int:place_id>")
def reports_handled(place_id: int):
    """Mark the errors visitors reported on a place as dealt with."""
    place = get_or_404(Place, place_id)
    count = reports.handle(place, current_user)
    flash(_("%(num)d reports on %(name)s dealt with.", num=count, name=place.nom))
    return redirect(url_for(".index") + "#s-reports")


@bp.post("/propositions/<int:proposal_id>")
def decide_proposal(proposal_id: int):
    """Accept a structure into the guide, or decline it with a reason."""
    proposal = get_or_404(PlaceProposal, proposal_id)
    name = proposal.fields.get("nom", "")
    reason = " ".join((request.form.get("reason") or "").split())[:1000]
    if proposal.status != "pending":
        flash(_("Already dealt with."))
    elif request.form.get("decision") == "accept":
        try:
            place = proposals.accept(proposal, current_user)
        except editing.SaveFailed:
            flash(_("The database refused the save: nothing was changed."), "error")
        else:
            mail.deliver()
            flash(_("%(name)s is in the guide: give it a position.", name=name))
            return redirect(url_for("admin.places.edit", place_id=place.id))
    elif not reason:
        flash(_("Say why, in a sentence: the structure receives it."), "error")
    else:
        proposals.decline(proposal, current_user, reason)
        mail.deliver()
        flash(_("Declined: %(name)s was told why.", name=name))
    return redirect(url_for(".index") + "#s-proposals")
