"""A place's private update link: signed with SECRET_KEY, dated (it expires after
UPDATE_LINK_DAYS, 30 by default), for one invitation of one place, and revoked with
every other link of that place by bumping the place's `update_generation`."""

from datetime import UTC

from flask import current_app, url_for
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeTimedSerializer,
)

from .. import clock
from ..extensions import bump, db
from ..models import Invitation, Place
from ..takehome.shortlinks import public_base_url

SALT = "place-update-link"


class LinkRefused(Exception):
    """An update link that opens nothing: `reason` is "tampered", "expired" or
    "revoked" (a newer link, or staff took it back, or the place left the guide)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _ClockSigner(TimestampSigner):
    """Dates links by the app's clock (FROZEN_NOW in tests and demos)."""

    def get_timestamp(self) -> int:
        return int(clock.now().astimezone(UTC).timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockSigner
    )


def link_days() -> int:
    return max(1, int(current_app.config["UPDATE_LINK_DAYS"] or 30))


def update_token(invitation: Invitation) -> str:
    """Return the token of an invitation's link, dated now."""
    return _serializer().dumps([invitation.id, invitation.generation])


def update_url(invitation: Invitation) -> str:
    """Return the public address of an invitation's update form."""
    path = url_for("selfupdate.form", token=update_token(invitation))
    return public_base_url() + path


def read(token: str) -> Invitation:
    """Return the invitation a token opens; raise LinkRefused otherwise."""
    try:
        payload = _serializer().loads(token, max_age=link_days() * 86_400)
    except SignatureExpired:
        raise LinkRefused("expired") from None
    except (BadSignature, ValueError, TypeError):
        raise LinkRefused("tampered") from None
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and all(type(n) is int for n in payload)
    ):
        raise LinkRefused("tampered")
    invitation = db.session.get(Invitation, payload[0])
    if invitation is None:
        raise LinkRefused("revoked")
    if not live(invitation) or invitation.generation != payload[1]:
        raise LinkRefused("revoked")
    return invitation


def live(invitation: Invitation) -> bool:
    """Return True while an invitation's links open: its place is in the guide and
    staff have not taken its links back since."""
    place = invitation.structure
    return place.deleted_at is None and place.update_generation == invitation.generation


def revoke(place: Place) -> None:
    """Take back every update link of a place sent so far (committed)."""
    bump(Place.update_generation, place.id)
