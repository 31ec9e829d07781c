"""Campaigns: every place not verified for some months gets its update link by
e-mail, and reminders after REMINDER_DAYS (7 and 21 by default) while it has not
answered. A staff page shows who opened, answered, confirmed, or did not."""

from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, or_, select

from .. import clock
from ..extensions import db
from ..models import Campaign, Invitation, Place, User
from . import mail
from .links import link_days, live, update_url


def reminder_days() -> list[int]:
    """Return the days after the first e-mail when a reminder goes (REMINDER_DAYS)."""
    text = current_app.config["REMINDER_DAYS"] or ""
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part})


def stale_since(months: int) -> date:
    """Return the day before which a place's last check is too old (1 to 120
    months)."""
    months = min(max(months, 1), 120)
    return clock.now().date() - timedelta(days=round(months * 30.44))


def _due(months: int):
    return (
        Place.deleted_at.is_(None),
        or_(Place.verified_on.is_(None), Place.verified_on < stale_since(months)),
    )


def due_places(months: int) -> list[Place]:
    """Return the places in the guide not verified for `months` months."""
    query = select(Place).where(*_due(months)).order_by(Place.nom, Place.id)
    return list(db.session.scalars(query))


def due_count(months: int) -> int:
    """Return how many places in the guide are not verified for `months` months."""
    return db.session.scalar(select(func.count(Place.id)).where(*_due(months)))


def start(months: int, user: User | None) -> tuple[Campaign, list[Place]]:
    """Start a campaign: an invitation and its e-mail for every due place that has
    an e-mail address (committed); return it and the due places without one."""
    campaign = Campaign(
        months=months, created_at=clock.now_utc(), created_by=user.email if user else ""
    )
    db.session.add(campaign)
    unreachable = []
    for place in due_places(months):
        if place.courriels:
            invite(place, place.courriels[0], campaign)
        else:
            unreachable.append(place)
    db.session.commit()
    return campaign, unreachable


def invite(place: Place, email: str, campaign: Campaign | None = None) -> Invitation:
    """Add an invitation for a place and queue its e-mail (caller commits)."""
    invitation = Invitation(
        campaign=campaign,
        structure=place,
        email=email,
        created_at=clock.now_utc(),
        confirmed=False,
        reminders=0,
        generation=place.update_generation,
    )
    db.session.add(invitation)
    db.session.flush()  # its id is in the link
    _mail(invitation, "link")
    return invitation


def _mail(invitation: Invitation, kind: str) -> None:
    """Queue the e-mail (first or reminder) holding a fresh link, in French."""
    with force_locale("fr"):
        body = render_template(
            "upkeep/mail.txt",
            place=invitation.structure,
            url=update_url(invitation),
            days=link_days(),
            reminder=kind == "reminder",
        )
    name = invitation.structure.nom
    subject = f"Aiguillage : votre fiche « {name} » est-elle juste ?"
    if kind == "reminder":
        subject = "Rappel — " + subject
    mail.queue(invitation.email, subject[:300], body, kind, invitation)


def remind_due() -> int:
    """Queue the reminders due now to the campaigns' places that have not answered
    (committed); return how many."""
    days, now = reminder_days(), clock.now_utc()
    query = select(Invitation).where(
        Invitation.campaign_id.is_not(None), Invitation.answered_at.is_(None)
    )
    queued = 0
    for invitation in db.session.scalars(query).all():
        if invitation.reminders >= len(days) or not live(invitation):
            continue  # reminded enough, or its links taken back
        if now >= invitation.created_at + timedelta(days=days[invitation.reminders]):
            invitation.reminders += 1
            _mail(invitation, "reminder")
            queued += 1
    db.session.commit()
    return queued


def status(invitation: Invitation) -> str:
    """Return where an invitation stands: confirmed, answered, opened, failed (its
    last e-mail could not be sent), sent, or waiting (in the outbox)."""
    if invitation.answered_at:
        return "confirmed" if invitation.confirmed else "answered"
    if invitation.opened_at:
        return "opened"
    last = invitation.mails[-1] if invitation.mails else None
    if last is not None and last.sent_at is None and last.last_error:
        return "failed"
    return "sent" if last is not None and last.sent_at else "waiting"
