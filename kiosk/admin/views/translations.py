"""Texts visitors read, language by language: every need's label in the nine
languages side by side, and each text staff wrote that lacks a language (needs,
places, kiosks). A text shown in French on a screen in another language says
"(in French)" there; this page says where to write the missing words."""

from dataclasses import dataclass

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...htmx import render
from ...languages import DEFAULT_LANGUAGE, LANGUAGES
from ...models import Kiosk, Need, Place

bp = Blueprint("translations", __name__, url_prefix="/translations")
SHOWN = 100  # rows of one kind of text listed; the count says how many there are

NEED_TEXTS = {"description": _l("Description"), "to_bring": _l("What to bring")}
PLACE_TEXTS = {
    "getting_there": _l("How to get there"),
    "to_bring": _l("What to bring"),
}
KIOSK_TEXTS = {
    "desk_location": _l("Where the reception desk is"),
    "printer_location": _l("Where the printed slip comes out"),
    "transport": _l("Trams and buses at the door"),
}


@dataclass(frozen=True)
class Lacking:
    """A text written in French that some languages lack."""

    name: str  # the need, place or kiosk it belongs to
    url: str  # its edit page
    languages: tuple[str, ...]  # codes of the languages it lacks


@dataclass(frozen=True)
class Kind:
    """One kind of text (e.g. places' "How to get there") and those lacking words."""

    owner: str
    field: str
    rows: list[Lacking]

    @property
    def shown(self) -> list[Lacking]:
        return self.rows[:SHOWN]


def lacking_languages(texts: dict | None) -> tuple[str, ...]:
    """Return the languages a text lacks; none for a text not written at all (the
    screen leaves it out: nothing to translate)."""
    texts = texts or {}
    if not texts.get(DEFAULT_LANGUAGE, "").strip():
        return ()
    return tuple(code for code in LANGUAGES if not texts.get(code, "").strip())


@bp.get("/")
def index():
    """Return the needs' labels side by side, then the texts that lack a language."""
    needs = _needs_in_order()
    return render(
        "admin/translations/index.html",
        needs=needs,
        kinds=_kinds(needs),
        languages=LANGUAGES,
    )


def _needs_in_order() -> list[Need]:
    """Return the needs as the kiosk shows them: each top need, then its sub-needs."""
    needs = db.session.scalars(select(Need).order_by(Need.sort_order)).all()
    ordered = []
    for need in (n for n in needs if n.parent_id is None):
        ordered.append(need)
        ordered.extend(n for n in needs if n.parent_id == need.id)
    return ordered


def _kinds(needs: list[Need]) -> list[Kind]:
    """Return each kind of text with the rows that lack a language."""
    kinds = []
    for field, label in NEED_TEXTS.items():
        rows = [
            Lacking(
                n.label.get("fr", n.slug),
                url_for("admin.needs.edit", need_id=n.id),
                langs,
            )
            for n in needs
            if (langs := lacking_languages(getattr(n, field)))
        ]
        kinds.append(Kind(str(_l("Needs")), str(label), rows))
    places = db.session.execute(
        select(Place.id, Place.nom, Place.commune, Place.getting_there, Place.to_bring)
        .where(Place.deleted_at.is_(None))
        .order_by(Place.nom)
    ).all()
    for field, label in PLACE_TEXTS.items():
        rows = [
            Lacking(
                f"{row.nom} ({row.commune})",
                url_for("admin.places.edit", place_id=row.id),
                langs,
            )
            for row in places
            if (langs := lacking_languages(getattr(row, field)))
        ]
        kinds.append(Kind(str(_l("Places")), str(label), rows))
    kiosks = db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all()
    for field, label in KIOSK_TEXTS.items():
        rows = [
            Lacking(k.name, url_for("admin.kiosks.edit", kiosk_id=k.id), langs)
            for k in kiosks
            if (langs := lacking_languages(getattr(k, field)))
        ]
        kinds.append(Kind(str(_l("Kiosks")), str(label), rows))
    return kinds
