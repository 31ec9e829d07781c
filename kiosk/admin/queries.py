"""What the admin lists: places found by search and filters, staleness, completeness."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, Text, func, or_, select, type_coerce

from ..extensions import db
from ..languages import localized
from ..models import Need, NeedPlace, Place
from ..ranking.hours import hours_problem
from ..ranking.matching import STALE_AFTER
from .pages import whole_number

PAGE_SIZE = 50


@dataclass
class PlaceFilters:
    """What a person asked the place list for."""

    q: str = ""
    commune: str = ""
    typologie: str = ""
    need: str = ""  # a need's slug
    stale: bool = False
    problem: str = ""  # "hours" (cannot be read) or "position" (none)
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "PlaceFilters":
        """Return the filters read from a query string (bad numbers ignored)."""
        page = whole_number(args.get("page"), limit=100_000) or 1
        return cls(
            q=args.get("q", "").strip(),
            commune=args.get("commune", ""),
            typologie=args.get("typologie", ""),
            need=args.get("need", ""),
            stale=args.get("stale") == "1",
            problem=args.get("problem", ""),
            page=max(page, 1),
        )


def is_stale(structure: Place, today: date) -> bool:
    """Return True when a place was never verified or not for 6 months."""
    return structure.verified_on is None or structure.verified_on < today - STALE_AFTER


def place_query(filters: PlaceFilters, today: date, in_bin: bool = False) -> Select:
    """Return the query of the places matching the filters, by name."""
    query = select(Place).order_by(Place.nom, Place.id)
    query = query.where(
        Place.deleted_at.is_not(None) if in_bin else Place.deleted_at.is_(None)
    )
    if filters.q:
        like = f"%{filters.q}%"
        query = query.where(
            or_(
                Place.nom.ilike(like),
                Place.adresse.ilike(like),
                Place.commune.ilike(like),
                Place.standard_id.ilike(like),
            )
        )
    if filters.commune:
        query = query.where(Place.commune == filters.commune)
    if filters.typologie:  # stored "A|B|C": match a whole value only
        stored = type_coerce(Place.typologie, Text)
        query = query.where(("|" + stored + "|").contains(f"|{filters.typologie}|"))
    if filters.need:
        query = (
            query.join(NeedPlace, NeedPlace.structure_id == Place.id)
            .join(Need, Need.id == NeedPlace.need_id)
            .where(Need.slug == filters.need)
        )
    if filters.problem == "position":
        query = query.where(Place.latitude.is_(None))
    elif filters.problem == "hours":
        query = query.where(Place.id.in_(unreadable_hours_ids()))
    if filters.stale:
        query = query.where(
            or_(
                Place.verified_on.is_(None),
                Place.verified_on < today - STALE_AFTER,
            )
        )
    return query


def page_of(
    query: Select, page: int, size: int | None = PAGE_SIZE
) -> tuple[list[Place], int]:
    """Return one page of a query's places (all when size is None) and the total."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if size:
        query = query.limit(size).offset((page - 1) * size)
    return list(db.session.scalars(query)), total or 0


def communes() -> list[str]:
    """Return the towns that have places, sorted."""
    query = select(Place.commune).where(Place.commune != "").distinct()
    return sorted(db.session.scalars(query))


# What a visitor needs on the result screen, in the order staff should fill it.
VISITOR_FIELDS = (
    "horaires",
    "telephone",
    "position",
    "adresse",
    "modalites_acces",
    "getting_there",
    "to_bring",
    "languages",
    "wheelchair",
)


def missing_fields(structure: Place) -> list[str]:
    """Return the fields a visitor needs that are empty for a place."""
    present = {
        "horaires": bool(structure.horaires.strip()),
        "telephone": bool(structure.telephone),
        "position": structure.latitude is not None and structure.longitude is not None,
        "adresse": bool(structure.adresse.strip()),
        "modalites_acces": bool(structure.modalites_acces),
        "getting_there": bool((structure.getting_there or {}).get("fr")),
        "to_bring": bool((structure.to_bring or {}).get("fr")),
        "languages": bool(structure.languages),
        "wheelchair": structure.wheelchair is not None,
    }
    return [name for name in VISITOR_FIELDS if not present[name]]


def incomplete_places(today: date, most: int) -> tuple[list[tuple], int]:
    """Return the `most` listed places lacking the most of what visitors need
    (least complete first, then by name) as (place, missing fields, percent), and
    how many places lack something. Reads only the columns it judges: a region's
    25,000 places are not loaded whole."""
    columns = [Place.id, Place.nom, Place.latitude, Place.longitude]  # + "position"
    columns += [getattr(Place, name) for name in VISITOR_FIELDS if hasattr(Place, name)]
    query = place_query(PlaceFilters(), today).with_only_columns(*columns)
    lacking = [
        (row.id, row.nom, missing, _percent(missing))
        for row in db.session.execute(query)
        if (missing := missing_fields(row))
    ]
    lacking.sort(key=lambda row: (row[3], row[1]))
    first = [
        (db.session.get(Place, place_id), missing, percent)
        for place_id, _name, missing, percent in lacking[:most]
    ]
    return first, len(lacking)


def completeness(structure: Place) -> int:
    """Return the share of visitor fields filled in, in percent."""
    return _percent(missing_fields(structure))


def _percent(missing: list[str]) -> int:
    return round(100 * (len(VISITOR_FIELDS) - len(missing)) / len(VISITOR_FIELDS))


def to_verify(today: date, most: int | None = None) -> tuple[list[Place], int]:
    """Return the listed places never verified or not for 6 months, oldest first
    (the `most` first), and how many there are."""
    query = place_query(PlaceFilters(stale=True), today).order_by(None)
    query = query.order_by(Place.verified_on.is_not(None), Place.verified_on)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return list(db.session.scalars(query.limit(most))), total or 0


def need_choices() -> list[tuple[str, str]]:
    """Return (slug, French label) of every need a visitor can pick for a result
    (those without sub-needs), in the kiosk's order: "under Papiers: Passeport"."""
    needs = db.session.scalars(select(Need).order_by(Need.sort_order)).all()
    by_id = {need.id: need for need in needs}
    leaves = [need for need in needs if not need.children]

    def label(need: Need) -> str:
        own = localized(need.label, "fr")[0] or need.slug
        parent = by_id.get(need.parent_id)
        return f"{localized(parent.label, 'fr')[0]} › {own}" if parent else own

    def order(need: Need):
        parent = by_id.get(need.parent_id)
        return (parent.sort_order if parent else need.sort_order, need.sort_order)

    return [(need.slug, label(need)) for need in sorted(leaves, key=order)]


def unreadable_hours_ids() -> list[int]:
    """Return the ids of the places (not in the bin) whose hours cannot be read."""
    rows = db.session.execute(
        select(Place.id, Place.horaires).where(
            Place.deleted_at.is_(None), Place.horaires != ""
        )
    )
    return [place_id for place_id, text in rows if hours_problem(text)]
