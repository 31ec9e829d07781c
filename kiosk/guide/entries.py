"""The professionals' guide: every place grouped by town and type, an index by need,
and the search over the same data (by words, need, town, language, audience, open)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..languages import DEFAULT_LANGUAGE, localized
from ..models import Need, NeedPlace, Place
from ..opendata.schema import fold
from ..ranking.closures import from_stored, ongoing, place_state, with_closures
from ..ranking.hours import week_table
from ..taxonomy import in_order

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
    """A place as the guide shows it: the place, its week (closures counted), the
    needs it answers, its closures and notices not over yet."""

    place: Place
    week: list = field(default_factory=list)  # DaySchedule, Monday first
    needs: list[str] = field(default_factory=list)
    closures: tuple = ()


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
    """Return the places with their week (from Monday), the needs they answer and
    their closures and notices not over yet."""
    monday = monday_of(today)
    needs = needs_by_place(lang)
    return [
        GuidePlace(
            p,
            with_closures(week_table(p.horaires, monday), p.closures),
            needs.get(p.id, []),
            ongoing(from_stored(p.closures), today),
        )
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
    """What a professional looks for: words, a need, a town, a language spoken, an
    audience, a moment the place must be open at."""

    q: str = ""
    need: str = ""
    commune: str = ""
    language: str = ""
    public: str = ""
    open_at: datetime | None = None


def search_places(search: Search, lang: str = DEFAULT_LANGUAGE) -> list[Place]:
    """Return the places matching every criterion given, by town then name. Words
    are looked for, accents and case aside, in the name, address, town, services
    and the needs a place answers ("carte grise", "impots").

    Places in the bin are left out, as from the guide and every export.
    """
    query = select(Place).where(Place.deleted_at.is_(None))
    if search.commune:
        query = query.where(Place.commune == search.commune)
    if search.need:
        need = db.session.scalar(select(Need).where(Need.slug == search.need))
        ids = [need.id, *(c.id for c in need.children)] if need else [-1]
        linked = select(NeedPlace.structure_id).where(NeedPlace.need_id.in_(ids))
        query = query.where(Place.id.in_(linked))
    places = sorted(db.session.scalars(query), key=place_key)
    words = [fold(word) for word in search.q.split() if fold(word)]
    if words:
        needs = needs_by_place(lang)
        places = [p for p in places if _has_words(p, needs.get(p.id, []), words)]
    if search.language:
        places = [p for p in places if search.language in p.languages]
    if search.public:
        places = [
            p for p in places if search.public in p.publics_specifiquement_adresses
        ]
    if search.open_at is not None:
        places = [
            p
            for p in places
            if place_state(p.horaires, p.closures, search.open_at).open_now
        ]
    return places


def _has_words(place: Place, needs: list[str], words: list[str]) -> bool:
    """Return True when every word is in what the place says of itself."""
    said = [place.nom, place.adresse, place.commune, *place.services, *needs]
    text = fold(" ".join(said))
    return all(word in text for word in words)


def choices() -> dict[str, list]:
    """Return the values one can pick: needs (each tile and its sub-needs under
    it), towns, languages spoken and audiences (of the places not in the bin)."""
    needs = db.session.scalars(select(Need)).all()
    query = select(Place).where(Place.deleted_at.is_(None))
    places = db.session.scalars(query).all()
    return {
        "needs": in_order(needs),
        "communes": sorted({p.commune for p in places if p.commune}, key=sort_key),
        "languages": sorted({code for p in places for code in p.languages}),
        "publics": sorted(
            {value for p in places for value in p.publics_specifiquement_adresses},
            key=sort_key,
        ),
    }
