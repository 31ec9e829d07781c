"""Structures that propose themselves for the guide ("Référencer ma structure"):
each waits in a staff queue, shown with the places it may duplicate (same SIRET,
name or address), then is accepted into the guide or declined with a reason; the
answer goes to the address it gave, in French."""

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import or_, select

from .. import clock
from ..admin import editing
from ..admin.previews import new_place_id, text_key
from ..extensions import db
from ..models import Place, PlaceProposal, User
from ..revisions import apply
from . import mail


def add(values: dict, email: str) -> PlaceProposal:
    """Queue a structure's proposal (committed)."""
    proposal = PlaceProposal(
        fields=values,
        contact_email=email,
        created_at=clock.now_utc(),
        status="pending",
        reason="",
        decided_by="",
    )
    db.session.add(proposal)
    db.session.commit()
    return proposal


def waiting() -> list[PlaceProposal]:
    """Return the proposals waiting for staff, oldest first."""
    query = (
        select(PlaceProposal)
        .where(PlaceProposal.status == "pending")
        .order_by(PlaceProposal.created_at, PlaceProposal.id)
    )
    return list(db.session.scalars(query))


def duplicates(proposal: PlaceProposal) -> list[Place]:
    """Return the places in the guide this proposal may be: the same SIRET, the
    same name or the same address in the same postcode (only letters and digits
    compared: accents, case, spaces and punctuation aside)."""
    values = proposal.fields
    siret = "".join((values.get("pivot") or "").split())
    name, address = text_key(values.get("nom")), text_key(values.get("adresse"))
    postcode = (values.get("code_postal") or "").strip()
    query = select(Place).where(Place.deleted_at.is_(None))
    if postcode:
        near = or_(Place.code_postal == postcode, Place.pivot == siret)
        query = (
            query.where(near) if siret else query.where(Place.code_postal == postcode)
        )
    found = []
    for place in db.session.scalars(query):
        same_siret = bool(siret) and place.pivot == siret
        same_name = bool(name) and text_key(place.nom) == name
        same_address = bool(address) and text_key(place.adresse) == address
        if same_siret or same_name or same_address:
            found.append(place)
    if siret and not any(p.pivot == siret for p in found):  # elsewhere in France
        found += db.session.scalars(
            select(Place).where(Place.pivot == siret, Place.deleted_at.is_(None))
        ).all()
    return found


def accept(proposal: PlaceProposal, user: User) -> Place:
    """Add the proposed place to the guide (its first revision), tell the
    structure (committed); raise editing.SaveFailed when the database refuses."""
    place = Place()
    values = dict(proposal.fields)
    values["standard_id"] = new_place_id("", values.get("nom") or "lieu")
    values["source"] = "Référencer ma structure"
    apply(place, values)
    place.on_kiosk = True
    proposal.status, proposal.decided_at = "accepted", clock.now_utc()
    proposal.decided_by = user.email
    editing.create(place, user)
    proposal.structure_id = place.id
    _answer(proposal, "upkeep/mail_accepted.txt")
    db.session.commit()
    return place


def decline(proposal: PlaceProposal, user: User, reason: str) -> None:
    """Set a proposal aside with the reason, sent to the structure (committed)."""
    proposal.status, proposal.decided_at = "declined", clock.now_utc()
    proposal.decided_by, proposal.reason = user.email, reason
    _answer(proposal, "upkeep/mail_declined.txt")
    db.session.commit()


def _answer(proposal: PlaceProposal, template: str) -> None:
    with force_locale("fr"):
        body = render_template(template, proposal=proposal)
    name = proposal.fields.get("nom") or ""
    subject = f"Aiguillage : votre demande de référencement « {name} »"
    mail.queue(proposal.contact_email, subject[:300], body, "answer")
