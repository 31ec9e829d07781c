"""Short public URLs of phone pages: PUBLIC_BASE_URL/p/<code>?l=<language>.

A code is the start of a keyed hash (HMAC-SHA256 with SECRET_KEY) of the place's
standard id and the need's slug, written in lower-case base32: it stays the same
across restarts, says nothing about the place or the visitor, and cannot be
guessed without the key. The ShortLink table, filled on first use, turns a code
back into its place and need.

A kiosk never waits to write one: while another writer holds the database (an
import), a result's first showing gets the long address of the same phone page
(LONG_PATH), which makes the short link when a phone opens it, then redirects.
"""

import hmac
from base64 import b32encode
from hashlib import sha256
from urllib.parse import quote

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from ..extensions import db, impatient
from ..models import Need, Place, ShortLink

CODE_LENGTH = 6  # 30 bits: ample for the few thousand (place, need) pairs
MAX_CODE_LENGTH = 16  # lengthened only if a shorter code is already taken
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
LONG_PATH = "/{lang}/besoin/{slug}/lieu/{place}/telephone"


def short_code(secret: str, standard_id: str, need_slug: str, length: int) -> str:
    """Return the stable code of a (place, need) pair (pure)."""
    message = f"{standard_id}\x1f{need_slug}".encode()
    digest = hmac.new(secret.encode(), message, sha256).digest()
    return b32encode(digest).decode().lower()[:length]


def short_link_code(structure: Place, need: Need, wait: bool = True) -> str | None:
    """Return the code of a place answering a need, its ShortLink made on first use;
    without `wait`, None when another writer holds the database."""
    query = select(ShortLink.code).where(
        ShortLink.structure_id == structure.id, ShortLink.need_id == need.id
    )
    code = db.session.scalar(query)
    if code is None:
        try:
            code = claim_short_code(structure, need, wait)
        except OperationalError:
            if wait:
                raise
    return code


def claim_short_code(structure: Place, need: Need, wait: bool = True) -> str:
    """Insert the ShortLink of a place and a need unless a request did already;
    return its code. Without `wait`, give up at once (OperationalError) when another
    writer holds the database.

    Two kiosks may show the same new result at the same moment: each inserts with
    ON CONFLICT DO NOTHING, then reads which pair holds the code, so neither fails
    (a plain INSERT made the second one a 500). It runs on a connection of its own:
    the view's session is neither committed nor expired.
    """
    secret = current_app.config["SECRET_KEY"]
    insert = _INSERTS[db.engine.dialect.name]
    pair = (structure.id, need.id)
    for length in range(CODE_LENGTH, MAX_CODE_LENGTH + 1):
        code = short_code(secret, structure.standard_id, need.slug, length)
        row = dict(code=code, structure_id=pair[0], need_id=pair[1])
        with db.engine.begin() as connection:
            if not wait:
                impatient(connection)
            connection.execute(insert(ShortLink).values(row).on_conflict_do_nothing())
            holder = connection.execute(
                select(ShortLink.structure_id, ShortLink.need_id).where(
                    ShortLink.code == code
                )
            ).one()
        if tuple(holder) == pair:
            return code
    raise RuntimeError("No free short code: is SECRET_KEY empty?")


def link_by_code(code: str) -> ShortLink | None:
    """Return the ShortLink with this code, or None."""
    if not code.isalnum() or len(code) > MAX_CODE_LENGTH:
        return None
    return db.session.get(ShortLink, code)


def public_base_url() -> str:
    """Return the base URL phones reach: PUBLIC_BASE_URL, else (in development
    only: the app refuses to start without it otherwise) this server's own."""
    configured = current_app.config.get("PUBLIC_BASE_URL", "").strip()
    return (configured or request.host_url).rstrip("/")


def phone_url(structure: Place, need: Need, lang: str) -> str:
    """Return the public URL of the phone page of a place for a need, in `lang`:
    the short one, or the long one while the short link cannot be written at once."""
    code = short_link_code(structure, need, wait=False)
    if code is None:
        place = quote(structure.standard_id, safe="")
        return public_base_url() + LONG_PATH.format(
            lang=lang, slug=need.slug, place=place
        )
    return f"{public_base_url()}/p/{code}?l={lang}"
