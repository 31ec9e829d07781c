"""Matching: the best places for a need, from a kiosk, now, for a visitor's language.

The ranking is written down in docs/decisions.md. Each place gets a cost in
"minutes of effort": its walking time, plus penalties when it is closed or its
hours are unknown, or when it only matches the need through a generic digital
service; minus a bonus when staff there speak the visitor's language. The
lowest cost wins.

Pure: nothing here reads the database. kiosk/ranking/candidates.py reads the places and
hands the functions below what they need: rows, or a function that fetches the
candidates within a radius.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..models import Need, Structure
from .geo import distance_m, walking_minutes
from .hours import OpeningState, opening_state

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


# Places that answer a need, each with how its rule matched (need_rules.REASONS).
Candidates = list[tuple[Structure, str]]


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

    `structure` is a place, or a row of candidates.SCORED_COLUMNS; `states`
    remembers the opening state of each hours text already seen at `now`.
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
    candidates: Candidates,
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


def nearest_best(
    fetch: Callable[[float], Candidates],
    need: Need,
    origin: tuple[float, float],
    now: datetime,
    lang: str,
    limit: int,
) -> list[Match]:
    """Return the best `limit` matches of a need, asking `fetch(radius)` for the
    candidates within each of SEARCH_RADII_M in turn until no place outside the
    search box could rank among them."""
    matches: list[Match] = []
    for radius in SEARCH_RADII_M:
        matches = rank(fetch(radius), need, origin, now, lang, limit)
        if len(matches) == limit and matches[-1].cost <= lowest_cost_beyond(
            radius, lang
        ):
            break
    return matches


def best_or_fallback(
    need: Need,
    search: Callable[[Need], list[Match]],
    generalist: Callable[[], Need | None],
) -> tuple[list[Match], bool]:
    """Return the matches `search` finds for a need, else those of the generalist
    need `generalist()` returns, and whether they are that fallback: never an empty
    list while a generalist place can be found. The generalist need is looked for
    only when the need found nothing (it is a query)."""
    matches = search(need)
    if matches or need.generalist:
        return matches, False
    fallback = generalist()
    if fallback is None:
        return [], True
    return search(fallback), True
