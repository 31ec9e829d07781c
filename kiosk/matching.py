"""Matching: the best places for a need, from a kiosk, now, for a visitor's language.

The ranking is written down in docs/decisions.md. Each place gets a cost in
"minutes of effort": its walking time, plus penalties when it is closed or its
hours are unknown, or when it only matches the need through a generic digital
service; minus a bonus when staff there speak the visitor's language. The
lowest cost wins.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

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
SEARCH_RADII_M = (5_000, 15_000, 50_000, 150_000)


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
) -> Match:
    """Return the Match of one place, its cost and reasons (pure)."""
    metres = distance_m(*origin, structure.latitude, structure.longitude)
    minutes = walking_minutes(metres)
    state = opening_state(structure.horaires, now)
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


def rank(
    candidates: list[tuple[Structure, str]],
    need: Need,
    origin: tuple[float, float],
    now: datetime,
    lang: str,
    limit: int = 4,
) -> list[Match]:
    """Return the best `limit` matches, lowest cost first, ties by distance (pure)."""
    matches = [score(s, reason, need, origin, now, lang) for s, reason in candidates]
    matches.sort(key=lambda m: (m.cost, m.distance_m, m.structure.nom))
    return matches[:limit]


def candidates_near(need: Need, origin: tuple[float, float], limit: int):
    """Return (place, rule reason) answering a need, from the nearest search radius
    that holds enough of them (a bounding box on the indexed position first)."""
    rows = []
    for radius in SEARCH_RADII_M:
        min_lat, max_lat, min_lon, max_lon = bounding_box(*origin, radius)
        query = (
            select(Structure, NeedStructure.reason)
            .join(NeedStructure, NeedStructure.structure_id == Structure.id)
            .where(
                NeedStructure.need_id == need.id,
                Structure.on_kiosk.is_(True),
                Structure.deleted_at.is_(None),
                Structure.latitude.between(min_lat, max_lat),
                Structure.longitude.between(min_lon, max_lon),
            )
        )
        rows = db.session.execute(query).all()
        if len(rows) >= limit:
            break
    return [(structure, reason) for structure, reason in rows]


def generalist_need() -> Need | None:
    """Return the "I don't know" need whose places can direct anyone."""
    return db.session.scalar(select(Need).where(Need.generalist.is_(True)).limit(1))


def best_structures_for(
    need: Need, kiosk: Kiosk, now: datetime, lang: str, limit: int = 4
) -> tuple[list[Match], bool]:
    """Return the ranked places for a need from a kiosk, and whether they are the
    generalist fallback (never an empty list while any generalist place exists)."""
    origin = (kiosk.latitude, kiosk.longitude)
    matches = rank(candidates_near(need, origin, limit), need, origin, now, lang, limit)
    if matches or need.generalist:
        return matches, False
    fallback = generalist_need()
    if fallback is None:
        return [], True
    found = candidates_near(fallback, origin, limit)
    return rank(found, fallback, origin, now, lang, limit), True
