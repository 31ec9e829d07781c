"""What needs staff's attention, for the dashboard: places to verify, hours that
cannot be read, places without a position, needs missing a language, kiosks that
are offline or cannot print, where QR codes point. Each with where to fix it."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from ..fleet.status import fleet
from ..languages import LANGUAGES
from ..models import Need, Place, PlaceProposal, PlaceUpdate
from ..upkeep import reports
from ..upkeep.updates import PLACE_ITSELF
from .queries import to_verify, unreadable_hours_ids


@dataclass
class Attention:
    """One thing to look at: a sentence, where to fix it, the first rows."""

    text: str
    url: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (name, url)


def attention(today: date) -> list[Attention]:
    """Return what needs attention now, most urgent first (empty when all is well)."""
    return [*_kiosks(), *_sent_by_places(), *_places(today), *_needs()]


def _sent_by_places() -> list[Attention]:
    """What places sent through their update link: waiting, or applied this month."""
    since = clock.now_utc() - timedelta(days=30)
    pending = PlaceUpdate.status == "pending"
    waiting = db.session.scalar(select(func.count(PlaceUpdate.id)).where(pending))
    applied = db.session.scalar(
        select(func.count(PlaceUpdate.id)).where(
            PlaceUpdate.status == "applied",
            PlaceUpdate.decided_by == PLACE_ITSELF,
            PlaceUpdate.created_at >= since,
        )
    )
    found = []
    proposed = db.session.scalar(
        select(func.count(PlaceProposal.id)).where(PlaceProposal.status == "pending")
    )
    if proposed:
        text = ngettext(
            "%(num)d structure asks to join the guide.",
            "%(num)d structures ask to join the guide.",
            proposed,
        )
        found.append(Attention(text, url_for("upkeep.index") + "#s-proposals"))
    reported = reports.places_reported()
    if reported:
        text = ngettext(
            "Visitors reported an error on %(num)d place.",
            "Visitors reported errors on %(num)d places.",
            reported,
        )
        found.append(Attention(text, url_for("upkeep.index") + "#s-reports"))
    if waiting:
        text = ngettext(
            "%(num)d place sent changes to its record: apply or decline them.",
            "%(num)d places sent changes to their record: apply or decline them.",
            waiting,
        )
        first = db.session.scalars(
            select(Place.nom)
            .join(PlaceUpdate, PlaceUpdate.structure_id == Place.id)
            .where(pending)
            .order_by(PlaceUpdate.created_at, PlaceUpdate.id)
            .limit(5)
        )
        names = [(name, "") for name in first]
        found.append(Attention(text, url_for("upkeep.index"), names))
    if applied:
        text = ngettext(
            "%(num)d change sent by a place was applied at once in the last 30 days.",
            "%(num)d changes sent by places were applied at once in the last 30 days.",
            applied,
        )
        found.append(Attention(text, url_for("upkeep.index")))
    return found


def _kiosks() -> list[Attention]:
    rows = [row for row in fleet() if row.needs_attention]
    if not rows:
        return []
    text = ngettext(
        "%(num)d kiosk is offline or cannot print.",
        "%(num)d kiosks are offline or cannot print.",
        len(rows),
    )
    names = [(row.kiosk.name, "") for row in rows]
    return [Attention(text, url_for("fleet.index"), names)]


def _places(today: date) -> list[Attention]:
    hours = len(unreadable_hours_ids())
    unplaced = db.session.scalar(
        select(func.count(Place.id)).where(
            Place.deleted_at.is_(None), Place.latitude.is_(None)
        )
    )
    _first, stale = to_verify(today, 0)
    found = [
        (hours, {"problem": "hours"}, ngettext(
            "%(num)d place has hours that cannot be read (often from an import): "
            "the kiosk tells visitors to call.",
            "%(num)d places have hours that cannot be read (often from an "
            "import): the kiosk tells visitors to call.",
            hours,
        )),
        (unplaced, {"problem": "position"}, ngettext(
            "%(num)d place has no position (often from an import): no kiosk "
            "proposes it.",
            "%(num)d places have no position (often from an import): no kiosk "
            "proposes them.",
            unplaced,
        )),
        (stale, {"stale": "1"}, ngettext(
            "%(num)d place was never verified, or not for 6 months.",
            "%(num)d places were never verified, or not for 6 months.",
            stale,
        )),
    ]  # fmt: skip
    return [
        Attention(text, url_for("admin.places.index", **args))
        for count, args, text in found
        if count
    ]


def _needs() -> list[Attention]:
    needs = db.session.scalars(select(Need).order_by(Need.sort_order)).all()
    missing = [n for n in needs if set(LANGUAGES) - set(n.label or {})]
    if not missing:
        return []
    text = ngettext(
        "%(num)d need lacks its label in a kiosk language: visitors read it in French.",
        "%(num)d needs lack their label in a kiosk language: visitors read them "
        "in French.",
        len(missing),
    )
    rows = [
        (n.label.get("fr", n.slug), url_for("admin.needs.edit", need_id=n.id))
        for n in missing[:5]
    ]
    return [Attention(text, url_for("admin.needs.index"), rows)]


def base_url_warning() -> str | None:
    """Return what is wrong with the address QR codes point to, or None."""
    configured = current_app.config.get("PUBLIC_BASE_URL", "").strip()
    if not configured:
        return _(
            "The QR codes point to this server's own address, which visitors' "
            "phones may not reach. Ask whoever installed Aiguillage to set the "
            "public https address of the service."
        )
    if not configured.startswith("https://"):
        return _(
            "The QR codes point to an address starting with http://, not https://: "
            "some phones refuse to open it. Ask whoever installed Aiguillage to "
            "use the https address."
        )
    return None
