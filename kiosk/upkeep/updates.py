"""What a place sends through its update link: the fields it may change, recorded
as a revision by "the place itself" at once, or waiting for staff to accept it
(per place: `updates_reviewed`). "Nothing changed" marks it verified today."""

from sqlalchemy import select

from .. import clock
from ..admin import editing
from ..extensions import db
from ..models import Invitation, Place, PlaceUpdate, User
from ..revisions import apply, snapshot

# What a place may change about itself; the rest (name, address, position, what
# the kiosk shows it for) stays staff's.
FIELDS = (
    "horaires",
    "closures",
    "telephone",
    "courriels",
    "services",
    "languages",
    "wheelchair",
    "to_bring",
)
PLACE_ITSELF = "la structure (lien de mise à jour)"


def changes_of(place: Place, values: dict) -> dict:
    """Return the values among FIELDS that differ from the place's."""
    current = snapshot(place)
    return {k: values[k] for k in FIELDS if k in values and values[k] != current[k]}


def submit(invitation: Invitation, values: dict) -> PlaceUpdate:
    """Record what a place sent (committed): verified today when nothing changed;
    otherwise its changes, applied now or waiting for staff. Raise
    editing.SaveFailed when the database refused (nothing recorded then)."""
    place = invitation.structure
    changes = changes_of(place, values)
    waits = bool(changes) and place.updates_reviewed
    if not waits:  # first: its own transaction, which nothing else rides on
        _apply(place, changes, None, PLACE_ITSELF)
    now = clock.now_utc()
    invitation.opened_at = invitation.opened_at or now
    invitation.answered_at, invitation.confirmed = now, not changes
    update = PlaceUpdate(
        structure_id=place.id,
        invitation_id=invitation.id,
        created_at=now,
        changes=changes,
        status="pending" if waits else "applied",
        decided_by="" if waits else PLACE_ITSELF,
        decided_at=None if waits else now,
    )
    db.session.add(update)
    db.session.commit()
    return update


def _apply(place: Place, changes: dict, user: User | None, who: str) -> None:
    """Write changes and today's check onto the place: one revision, one commit
    (none when the place already says all that). Raise editing.SaveFailed when the
    database refused or someone saved the place at the same moment."""
    today = clock.now().date()
    if not changes and place.verified_on == today:
        return

    def mutate(row: Place) -> None:
        apply(row, changes)
        row.verified_on = today

    action = "update" if changes else "verify"
    try:
        editing.change(place, mutate, user, action=action, who=who)
    except editing.Conflict:
        raise editing.SaveFailed("the place was saved at the same moment") from None


def accept(update: PlaceUpdate, user: User) -> None:
    """Apply a waiting update as staff accept it: a revision by the place itself,
    applied by them (raise editing.SaveFailed; the update then still waits)."""
    who = f"{PLACE_ITSELF}, appliqué par {user.email}"[:254]
    _apply(update.structure, update.changes, None, who)
    update.status, update.decided_at = "applied", clock.now_utc()
    update.decided_by = user.email
    db.session.commit()


def decline(update: PlaceUpdate, user: User) -> None:
    """Set a waiting update aside; the place stays as it was."""
    update.status, update.decided_at = "declined", clock.now_utc()
    update.decided_by = user.email
    db.session.commit()


def waiting() -> list[PlaceUpdate]:
    """Return the updates waiting for staff, oldest first."""
    query = (
        select(PlaceUpdate)
        .where(PlaceUpdate.status == "pending")
        .order_by(PlaceUpdate.created_at, PlaceUpdate.id)
    )
    return list(db.session.scalars(query))
