"""The professionals' guide: every place grouped by town and type, an index by need,
and the staff search over the same data."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..languages import localized
from ..models import Need, NeedPlace, Place
from ..opendata.schema import fold
from ..ranking.hours import opening_state, week_table

# Plain names of the standard's typologie codes met in a city's guide.
TYPE_NAMES = {
    "MUNI": _l("Town halls"),
    "RFS": _l("France Services"),
    "CCAS": _l("Social action centres (CCAS)"),
    "CIAS": _l("Social action centres (CCAS)"),
    "CS": _l("Social centres"),
    "CSC": _l("Social centres"),
    "EVS": _l("Social centres"),
    "MDH": _l("Neighbourhood centres"),
    "MQ": _l("Neighbourhood centres"),
    "BIB": _l("Libraries"),
    "EPN": _l("Public digital spaces"),
    "ASSO": _l("Associations"),
    "CAF": _l("Family benefits (CAF)"),
    "CPAM": _l("Health insurance (CPAM)"),
    "CFP": _l("Tax offices"),
    "FT": _l("Employment (France Travail)"),
    "ML": _l("Employment (France Travail)"),
    "PIMMS": _l("Mediation points (PIMMS)"),
    "PAD": _l("Legal aid points"),
    "LA_POSTE": _l("Post offices"),
}
OTHER_TYPE = _l("Other places")


@dataclass
class GuidePlace:
    """A place as the guide shows it: the place, its week, the needs it answers."""

    place: Place
    week: list = field(default_factory=list)  # DaySchedule, Monday first
    needs: list[str] = field(default_factory=list)


def type_name(place: Place) -> str:
    """Return the plain name of a place's first type, or "Other places"."""
    for code in place.typologie:
        if code in TYPE_NAMES:
            return str(TYPE_NAMES[code])
    return str(OTHER_TYPE)


def sort_key(text: str | None) -> tuple[str, str]:
    """Return the key that sorts names as a reader expects: Bègles before Bruges
    (accents and case folded; code-point order would put Bruges first)."""
    return (fold(text or ""), text or "")


def place_key(place: Place) -> tuple:
    """Return the key that sorts places by town, then name."""
    return (sort_key(place.commune), sort_key(place.nom), place.standard_id)


def monday_of(day: date) -> date:
    """Return the Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def need_label(need: Need, lang: str) -> str:
    """Return "Parent › Need" in `lang` (French when missing)."""
    label = localized(need.label, lang)[0]
    if need.parent is not None:
        return f"{localized(need.parent.label, lang)[0]} › {label}"
    return label


def needs_by_place(lang: str) -> dict[int, list[str]]:
    """Return, for each place id, the labels of the needs it answers."""
    needs = {n.id: n for n in db.session.scalars(select(Need))}
    labels: dict[int, list[str]] = {}
    for link in db.session.scalars(select(NeedPlace)):
        need = needs[link.need_id]
        if not need.children:
            labels.setdefault(link.structure_id, []).append(need_label(need, lang))
    return {k: sorted(v) for k, v in labels.items()}


def guide_places(places: list[Place], today: date, lang: str) -> list[GuidePlace]:
    """Return the places with their week (from Monday) and the needs they answer."""
    monday = monday_of(today)
    needs = needs_by_place(lang)
    return [
        GuidePlace(p, week_table(p.horaires, monday), needs.get(p.id, []))
        for p in places
    ]


def sections(entries: list[GuidePlace]) -> list[tuple[str, list]]:
    """Return [(town, [(type, [places])])], towns and types in alphabetical order."""
    towns: dict[str, dict[str, list[GuidePlace]]] = {}
    for entry in entries:
        town = entry.place.commune or "—"
        towns.setdefault(town, {}).setdefault(type_name(entry.place), []).append(entry)
    return [
        (
            town,
            [
                (kind, sorted(items, key=lambda e: sort_key(e.place.nom)))
                for kind, items in sorted(types.items(), key=lambda t: sort_key(t[0]))
            ],
        )
        for town, types in sorted(towns.items(), key=lambda t: sort_key(t[0]))
    ]


def need_index(entries: list[GuidePlace]) -> list[tuple[str, list[Place]]]:
    """Return [(need label, [places])], sorted by label: the guide's index."""
    index: dict[str, list[Place]] = {}
    for entry in entries:
        for label in entry.needs:
            index.setdefault(label, []).append(entry.place)
    return [
        (label, sorted(places, key=place_key))
        for label, places in sorted(index.items(), key=lambda t: sort_key(t[0]))
    ]


@dataclass
class Search:
    """What staff look for: words, a need, a town, a language, a moment."""

    q: str = ""
    need: str = ""
    commune: str = ""
    language: str = ""
    open_at: datetime | None = None


def search_places(search: Search) -> list[Place]:
    """Return the places matching every criterion given, by town then name.

    Places in the bin are left out, as from the guide and every export.
    """
    query = select(Place).where(Place.deleted_at.is_(None))
    if search.q:
        words = f"%{search.q.strip()}%"
        query = query.where(Place.nom.ilike(words) | Place.adresse.ilike(words))
    if search.commune:
        query = query.where(Place.commune == search.commune)
    if search.need:
        need = db.session.scalar(select(Need).where(Need.slug == search.need))
        ids = [need.id, *(c.id for c in need.children)] if need else [-1]
        linked = select(NeedPlace.structure_id).where(NeedPlace.need_id.in_(ids))
        query = query.where(Place.id.in_(linked))
    places = sorted(db.session.scalars(query), key=place_key)
    if search.language:
        places = [p for p in places if search.language in p.languages]
    if search.open_at is not None:
        places = [
            p for p in places if opening_state(p.horaires, search.open_at).open_now
        ]
    return places


def choices() -> dict[str, list]:
    """Return the values staff can pick: needs, towns and languages spoken (of the
    places not in the bin)."""
    needs = db.session.scalars(select(Need).order_by(Need.sort_order)).all()
    query = select(Place).where(Place.deleted_at.is_(None))
    places = db.session.scalars(query).all()
    return {
        "needs": needs,
        "communes": sorted({p.commune for p in places if p.commune}, key=sort_key),
        "languages": sorted({code for p in places for code in p.languages}),
    }
