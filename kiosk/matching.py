"""Matching: the best places for a need, from a kiosk, now, for a visitor's language.

The ranking is written down in docs/decisions.md. Each place gets a cost in
"minutes of effort": its walking time, plus penalties when it is closed or its
hours are unknown, or when it only matches the need through a generic digital
service; minus a bonus when staff there speak the visitor's language. The
lowest cost wins.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer

from .extensions import db
from .geo import bounding_box, distance_m, walking_minutes
from .hours import OpeningState, opening_state
from .models import Kiosk, Need, NeedStructure, Structure

OPENS_SOON_MINUTES = 120
PENALTY_OPENS_SOON = 10
PENALTY_UNKNOWN_HOURS = 20
PENALTY_CLOSED = 30
PENALTY_GENERIC_SERVICE = 10
BONUS_LANGUAGE = 20
BONUS_WHEELCHAIR = 1  # a tie-breaker only: the kiosk does not know who is visiting
# The search grows outward until no place farther away could rank among the best.
SEARCH_RADII_M = (1_000, 2_000, 5_000, 15_000, 50_000, 150_000)
# A bounding box's east and west edges come up to ~2.5% nearer than its radius on
# its polar side (at 150 km): the bound on what lies outside allows for it.
OUTSIDE_BOX_FACTOR = 0.97
# What ranking reads of a candidate; the whole place is loaded for the winners only.
SCORED_COLUMNS = (
    Structure.id,
    Structure.nom,
    Structure.latitude,
    Structure.longitude,
    Structure.horaires,
    Structure.languages,
    Structure.wheelchair,
)


@dataclass
class Match:
    """A place proposed for a need, with what the visitor needs to decide."""

    structure: Structure
    distance_m: float
    walk_minutes: int
    state: OpeningState
    cost: float
    reasons: list[str] = field(default_factory=list)


def score(
    structure: Structure,
    reason: str,
    need: Need,
    origin: tuple[float, float],
    now: datetime,
    lang: str,
    states: dict[str, OpeningState] | None = None,
) -> Match:
    """Return the Match of one place, its cost and reasons (pure).

    `structure` is a place, or a row of its SCORED_COLUMNS; `states` remembers the
    opening state of each hours text already seen at `now`.
    """
    metres = distance_m(*origin, structure.latitude, structure.longitude)
    minutes = walking_minutes(metres)
    state = _state(structure.horaires, now, states)
    cost, reasons = float(minutes), ["competent", "distance"]
    if not state.known:
        cost += PENALTY_UNKNOWN_HOURS
    elif state.open_now:
        reasons.append("open_now")
    elif state.opens_soon(now, OPENS_SOON_MINUTES):
        cost += PENALTY_OPENS_SOON
        reasons.append("opens_soon")
    else:
        cost += PENALTY_CLOSED
    specific = need.rule_structures or need.rule_typologies or need.rule_programmes
    if reason == "service" and specific:
        cost += PENALTY_GENERIC_SERVICE
    if lang != "fr" and lang in structure.languages:
        cost -= BONUS_LANGUAGE
        reasons.append("speaks_language")
    if structure.wheelchair:
        cost -= BONUS_WHEELCHAIR
        reasons.append("wheelchair")
    return Match(structure, metres, minutes, state, cost, reasons)


def _state(horaires: str, now: datetime, states: dict | None) -> OpeningState:
    if states is None:
        return opening_state(horaires, now)
    if horaires not in states:
        states[horaires] = opening_state(horaires, now)
    return states[horaires]


def rank(
    candidates: list[tuple[Structure, str]],
    need: Need,
    origin: tuple[float, float],
    now: datetime,
    lang: str,
    limit: int = 4,
) -> list[Match]:
    """Return the best `limit` matches, lowest cost first, ties by distance (pure).

    Places often share their hours text: each text is evaluated once.
    """
    states: dict[str, OpeningState] = {}
    matches = [
        score(s, reason, need, origin, now, lang, states) for s, reason in candidates
    ]
    matches.sort(key=lambda m: (m.cost, m.distance_m, m.structure.nom))
    return matches[:limit]


def lowest_cost_beyond(radius_m: float, lang: str) -> float:
    """Return the lowest cost a place outside the search box of `radius_m` can have:
    its walk, less every bonus it could earn (pure)."""
    bonus = BONUS_WHEELCHAIR + (BONUS_LANGUAGE if lang != "fr" else 0)
    return walking_minutes(radius_m * OUTSIDE_BOX_FACTOR) - bonus


def _candidates_statement():
    """Return the candidates query, built once: a Core statement with parameters
    (an ORM select would cost several times more to build and run, every radius)."""
    links, places = NeedStructure.__table__, Structure.__table__
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
    need: Need, origin: tuple[float, float], now: datetime, lang: str, limit: int
) -> list[Match]:
    """Return the best `limit` matches of a need, searching outward until no place
    outside the search box could rank among them (rows, not whole places)."""
    matches: list[Match] = []
    for radius in SEARCH_RADII_M:
        found = candidates_within(need, origin, radius)
        matches = rank(found, need, origin, now, lang, limit)
        if len(matches) == limit and matches[-1].cost <= lowest_cost_beyond(
            radius, lang
        ):
            break
    return matches


# The winners' places, less what a kiosk never shows (staff notes, the last import's
# snapshot: a JSON document to decode): reading those here is a bug, so it raises.
PLACES_BY_ID = (
    select(Structure)
    .where(Structure.id.in_(bindparam("ids", expanding=True)))
    .options(
        defer(Structure.import_snapshot, raiseload=True),
        defer(Structure.staff_notes, raiseload=True),
        defer(Structure.presentation_detail, raiseload=True),
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


def chosen_match(
    need: Need, kiosk: Kiosk, now: datetime, lang: str, standard_id: str
) -> Match | None:
    """Return the Match of the place `standard_id` when it answers `need` from this
    kiosk, else None: a place the visitor chose among the alternatives a moment ago
    may have left the top places since (an edit, a new place, the clock)."""
    query = (
        select(NeedStructure.reason, Structure)
        .join(Structure, Structure.id == NeedStructure.structure_id)
        .where(
            NeedStructure.need_id == need.id,
            Structure.standard_id == standard_id,
            Structure.on_kiosk.is_(True),
            Structure.deleted_at.is_(None),
        )
    )
    row = db.session.execute(query).first()
    if row is None:
        return None
    origin = (kiosk.latitude, kiosk.longitude)
    return score(row.Structure, row.reason, need, origin, now, lang)


def generalist_need() -> Need | None:
    """Return the "I don't know" need whose places can direct anyone."""
    return db.session.scalar(select(Need).where(Need.generalist.is_(True)).limit(1))


def best_structures_for(
    need: Need, kiosk: Kiosk, now: datetime, lang: str, limit: int = 4
) -> tuple[list[Match], bool]:
    """Return the ranked places for a need from a kiosk, and whether they are the
    generalist fallback (never an empty list while any generalist place exists)."""
    origin = (kiosk.latitude, kiosk.longitude)
    matches = nearest_best(need, origin, now, lang, limit)
    if matches or need.generalist:
        return with_places(matches), False
    fallback = generalist_need()
    if fallback is None:
        return [], True
    return with_places(nearest_best(fallback, origin, now, lang, limit)), True
