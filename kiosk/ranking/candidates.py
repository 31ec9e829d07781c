"""The places of a need, read from the database for the pure ranking of
kiosk/ranking/matching.py: the candidates near a kiosk, the places staff pinned, the
winners' whole places, a place the visitor chose, the generalist need.

Only the need_structure table (kiosk/ranking/need_rules.py keeps it) says which places
answer a need; its position columns let one index range find those near a kiosk.
"""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer

from ..extensions import db
from ..models import Kiosk, Need, NeedPin, NeedPlace, Place
from . import matching
from .geo import bounding_box, distance_m
from .matching import Match, score

# What ranking reads of a candidate; the whole place is loaded for the winners only.
SCORED_COLUMNS = (
    Place.id,
    Place.nom,
    Place.latitude,
    Place.longitude,
    Place.horaires,
    Place.closures,
    Place.languages,
    Place.wheelchair,
    Place.typologie,
    Place.dispositif_programmes_nationaux,
    Place.formations_labels,
    Place.services,
    Place.prise_en_charge_specifique,
    Place.frais_a_charge,
    Place.publics_specifiquement_adresses,
    Place.verified_on,
)
# A pin for every kiosk is a local choice: a kiosk farther away does not show it.
PIN_RADIUS_M = 50_000


def _candidates_statement():
    """Return the candidates query, built once: a Core statement with parameters
    (an ORM select would cost several times more to build and run, every radius)."""
    links, places = NeedPlace.__table__, Place.__table__
    return (
        select(links.c.reason, *(places.c[column.key] for column in SCORED_COLUMNS))
        .join_from(links, places, places.c.id == links.c.structure_id)
        .where(
            links.c.need_id == bindparam("need_id"),
            links.c.latitude.between(bindparam("min_lat"), bindparam("max_lat")),
            links.c.longitude.between(bindparam("min_lon"), bindparam("max_lon")),
            places.c.on_kiosk.is_(True),
            places.c.deleted_at.is_(None),
        )
    )


CANDIDATES = _candidates_statement()


def candidates_within(need: Need, origin: tuple[float, float], radius_m: float):
    """Return (row of SCORED_COLUMNS, rule reason) of the places answering a need
    in the box of `radius_m` around `origin`: one range of the need's position
    index, however many places there are elsewhere."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(*origin, radius_m)
    rows = db.session.execute(
        CANDIDATES,
        {
            "need_id": need.id,
            "min_lat": min_lat,
            "max_lat": max_lat,
            "min_lon": min_lon,
            "max_lon": max_lon,
        },
    )
    return [(row, row.reason) for row in rows]


def nearest_best(
    need: Need,
    origin: tuple[float, float],
    now: datetime,
    lang: str,
    limit: int,
    within_m: float = matching.NEAR_M,
) -> list[Match]:
    """Return the best `limit` matches of a need within `within_m` of `origin`
    (scoring rows, not whole places): the search box grows radius by radius until
    no place outside it could rank among the best (matching.settled)."""
    matches: list[Match] = []
    for radius in matching.radii(within_m):
        found = matching.within(
            candidates_within(need, origin, radius), origin, within_m
        )
        matches = matching.rank(found, need, origin, now, lang, limit)
        if matching.settled(matches, radius, lang, need, limit):
            break
    return matches


# The winners' places, less what a kiosk never shows (staff notes, the last import's
# snapshot: a JSON document to decode): reading those here is a bug, so it raises.
PLACES_BY_ID = (
    select(Place)
    .where(Place.id.in_(bindparam("ids", expanding=True)))
    .options(
        defer(Place.import_snapshot, raiseload=True),
        defer(Place.staff_notes, raiseload=True),
        defer(Place.presentation_detail, raiseload=True),
    )
)


def with_places(matches: list[Match]) -> list[Match]:
    """Return the matches with their places loaded (one query)."""
    ids = [m.structure.id for m in matches]
    if not ids:
        return []
    places = db.session.scalars(PLACES_BY_ID, {"ids": ids})
    by_id = {place.id: place for place in places}
    return [replace(m, structure=by_id[m.structure.id]) for m in matches]


PINS = (
    select(NeedPin.kiosk_id, NeedPlace.reason, Place)
    .join(Place, Place.id == NeedPin.structure_id)
    .outerjoin(
        NeedPlace,
        (NeedPlace.need_id == NeedPin.need_id)
        & (NeedPlace.structure_id == NeedPin.structure_id),
    )
    .where(
        NeedPin.need_id == bindparam("need_id"),
        (NeedPin.kiosk_id == bindparam("kiosk_id")) | NeedPin.kiosk_id.is_(None),
        Place.on_kiosk.is_(True),
        Place.deleted_at.is_(None),
        Place.latitude.is_not(None),
    )
)


def pinned(need: Need, kiosk: Kiosk, now: datetime, lang: str) -> list[Match]:
    """Return the places staff pinned for a need at this kiosk (or at every kiosk
    within PIN_RADIUS_M), nearest first."""
    origin = (kiosk.latitude, kiosk.longitude)
    matches = []
    for kiosk_id, reason, place in db.session.execute(
        PINS, {"need_id": need.id, "kiosk_id": kiosk.id}
    ):
        metres = distance_m(*origin, place.latitude, place.longitude)
        if kiosk_id is None and metres > PIN_RADIUS_M:
            continue
        match = score(place, reason or "pin", need, origin, now, lang)
        matches.append(replace(match, pinned=True))
    return sorted(matches, key=lambda m: m.distance_m)


def chosen_match(
    need: Need, kiosk: Kiosk, now: datetime, lang: str, standard_id: str
) -> Match | None:
    """Return the Match of the place `standard_id` when it answers `need` from this
    kiosk (by the rule, or pinned), else None: a place the visitor chose among the
    alternatives a moment ago may have left the top places since (an edit, a new
    place, the clock)."""
    query = (
        select(NeedPlace.reason, Place)
        .join(Place, Place.id == NeedPlace.structure_id)
        .where(
            NeedPlace.need_id == need.id,
            Place.standard_id == standard_id,
            Place.on_kiosk.is_(True),
            Place.deleted_at.is_(None),
        )
    )
    row = db.session.execute(query).first()
    if row is None:
        pins = pinned(need, kiosk, now, lang)
        return next((m for m in pins if m.structure.standard_id == standard_id), None)
    origin = (kiosk.latitude, kiosk.longitude)
    return score(row.Place, row.reason, need, origin, now, lang)


def may_answer(structure: Place, need: Need) -> bool:
    """Return True when some kiosk may show `structure` for `need`: by the need's
    rule, pinned, or as a place that directs anyone (the generalist need's)."""
    needs = [need.id]
    general = generalist_need()
    if general is not None:
        needs.append(general.id)
    by_rule = select(NeedPlace.need_id).where(
        NeedPlace.structure_id == structure.id, NeedPlace.need_id.in_(needs)
    )
    pinned_here = select(NeedPin.id).where(
        NeedPin.structure_id == structure.id, NeedPin.need_id == need.id
    )
    found = (db.session.scalar(q.limit(1)) for q in (by_rule, pinned_here))
    return any(row is not None for row in found)


def generalist_need() -> Need | None:
    """Return the "I don't know" need whose places can direct anyone."""
    return db.session.scalar(select(Need).where(Need.generalist.is_(True)).limit(1))


def best_places_for(
    need: Need, kiosk: Kiosk, now: datetime, lang: str, limit: int = 4
) -> tuple[list[Match], bool]:
    """Return the ranked places for a need from a kiosk (pinned ones first), and
    whether they are the generalist fallback, whole places loaded.

    Never an empty list while a generalist place exists: when no place answers the
    need nearby, the generalist desks are searched, however far.
    """
    origin = (kiosk.latitude, kiosk.longitude)
    found = nearest_best(need, origin, now, lang, limit)
    matches = matching.pinned_first(pinned(need, kiosk, now, lang), found, limit)
    if matches or need.generalist:
        return with_places(matches), False
    general = generalist_need()
    if general is None:
        return [], True
    far = nearest_best(general, origin, now, lang, limit, matching.FAR_M)
    return with_places(far), True
