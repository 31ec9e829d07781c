"""Invitation links for partner accounts: a signed, dated token that names an
e-mail; nothing is stored until the person chooses a password."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "partner-invitation"
VALID_DAYS = 14


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def invitation_token(email: str) -> str:
    """Return the token of an invitation for this e-mail (a partner account)."""
    return _serializer().dumps({"email": email})


def invited_email(token: str) -> str | None:
    """Return the e-mail an invitation names, None when it is forged or too old."""
    try:
        data = _serializer().loads(token, max_age=VALID_DAYS * 24 * 3600)
    except (BadSignature, SignatureExpired):
        return None
    email = data.get("email") if isinstance(data, dict) else None
    return email if isinstance(email, str) else None
