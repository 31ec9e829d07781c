"""Need rules: which places answer a need, resolved into the need_structure table."""

from sqlalchemy import delete, select

from .extensions import db
from .models import Need, NeedStructure, Structure

# A place in the bin answers no need (the kiosk never shows it).
LISTED = Structure.deleted_at.is_(None)


def rule_reason(need: Need, structure: Structure) -> str | None:
    """Return how a place answers a need's rule (most specific first), or None."""
    if structure.standard_id in need.rule_structures:
        return "structure"
    if set(structure.typologie) & set(need.rule_typologies):
        return "typologie"
    if set(structure.dispositif_programmes_nationaux) & set(need.rule_programmes):
        return "programme"
    if set(structure.services) & set(need.rule_services):
        return "service"
    return None


def link_needs() -> int:
    """Rewrite the need_structure table from every need rule; return the link count.

    Runs inside the caller's transaction: the caller commits once.
    """
    db.session.execute(delete(NeedStructure))
    needs = db.session.scalars(select(Need)).all()
    links = []
    for structure in db.session.scalars(select(Structure).where(LISTED)):
        for need in needs:
            reason = rule_reason(need, structure)
            if reason:
                links.append(
                    {"need_id": need.id, "structure_id": structure.id, "reason": reason}
                )
    if links:
        db.session.execute(NeedStructure.__table__.insert(), links)
    return len(links)


def link_structure(structure: Structure) -> int:
    """Rewrite the need links of one place after it changed; return its link count.

    Runs inside the caller's transaction (the caller commits once). A place in the
    bin gets no link.
    """
    db.session.flush()
    db.session.execute(
        delete(NeedStructure).where(NeedStructure.structure_id == structure.id)
    )
    if structure.deleted_at is not None:
        return 0
    links = [
        {"need_id": need.id, "structure_id": structure.id, "reason": reason}
        for need in db.session.scalars(select(Need))
        if (reason := rule_reason(need, structure))
    ]
    if links:
        db.session.execute(NeedStructure.__table__.insert(), links)
    return len(links)
