"""Matching: the best places for a need, from a kiosk, now, for a visitor's language.

The ranking is written down in docs/decisions.md. Each place gets a cost in
"minutes of effort": its walking time, plus penalties when it is closed or its hours
are unknown, when it only matches the need through a fallback service, when it is
paying, or when no staff ever checked it; minus a bonus when staff there speak the
visitor's language or the place is meant for the need's publics (seniors). The
lowest cost wins.

Pure: nothing here reads the database. kiosk/ranking/candidates.py reads the places,
widening its search radius by radius, and hands the functions below the rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..models import Need, Place
from . import place_facts
from .closures import place_state
from .geo import distance_m, walking_minutes
from .hours import OpeningState, opening_state

OPENS_SOON_MINUTES = 120
PENALTY_OPENS_SOON = 10
PENALTY_CLOSED = 30
# Above PENALTY_CLOSED: known hours beat unknown ones, open or closed.
PENALTY_UNKNOWN_HOURS = 60
# A place of the need's kind (its typology) comes first; one that matches by its
# programme, services or support next, when the need names kinds; then fallbacks.
PENALTY_NOT_THE_KIND = 15
PENALTY_FALLBACK = 25
PENALTY_PAYING = 40
PENALTY_FEES_UNSURE = 5  # free under conditions, or the file does not say
PENALTY_NEVER_CHECKED = 8  # imported, never checked by staff
PENALTY_STALE = 4  # checked, but longer ago than STALE_AFTER
STALE_AFTER = timedelta(days=183)  # "not verified for 6 months"
BONUS_PUBLIC = 10  # a place meant for the need's publics (seniors' needs)
BONUS_LANGUAGE = 20
BONUS_WHEELCHAIR = 1  # a tie-breaker only: the kiosk does not know who is visiting
# The search grows outward until no place farther away could rank among the best.
SEARCH_RADII_M = (1_000, 2_000, 5_000, 15_000, 30_000, 50_000, 150_000)
# "Nearby": farther than this, a place that handles the need is no answer for a
# visitor on foot or by bus; the generalist desks nearby are (best_or_fallback).
NEAR_M = 30_000
FAR_M = SEARCH_RADII_M[-1]  # the generalist desks: found however far
# A bounding box's east and west edges come up to ~2.5% nearer than its radius on
# its polar side (at 150 km): the bound on what lies outside allows for it.
OUTSIDE_BOX_FACTOR = 0.97


# Places that answer a need, each with how its rule matched (need_rules.REASONS).
Candidates = list[tuple[Place, str]]


@dataclass
class Match:
    """A place proposed for a need, with what the visitor needs to decide.

    `why` says in a few words why this place (see `why_words` in
    kiosk/ranking/why.py): what it is or does for the need, its fees, its publics.
    """

    structure: Place
    distance_m: float
    walk_minutes: int
    state: OpeningState
    cost: float
    reasons: list[str] = field(default_factory=list)
    fees: str = place_facts.UNKNOWN
    why: list[tuple[str, str]] = field(default_factory=list)
    pinned: bool = False


def score(
    structure: Place,
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
    state = _state(structure, now, states)
    kinds = place_facts.typologies(structure.nom, structure.typologie or [])
    programmes = structure.dispositif_programmes_nationaux or []
    fees = place_facts.fees(structure.frais_a_charge or [], kinds, programmes)
    cost, reasons = float(minutes), ["competent", "distance"]
    cost += _hours_cost(state, now, reasons)
    if reason == "fallback":
        cost += PENALTY_FALLBACK
    elif reason != "typologie" and need.rule_typologies:
        cost += PENALTY_NOT_THE_KIND
    cost += {place_facts.PAYING: PENALTY_PAYING, place_facts.FREE: 0}.get(
        fees, PENALTY_FEES_UNSURE
    )
    cost += _checked_cost(structure.verified_on, now.date())
    publics = set(need.rule_publics or []) & set(
        structure.publics_specifiquement_adresses or []
    )
    if publics:
        cost -= BONUS_PUBLIC
        reasons.append("for_publics")
    if lang != "fr" and lang in (structure.languages or []):
        cost -= BONUS_LANGUAGE
        reasons.append("speaks_language")
    if structure.wheelchair:
        cost -= BONUS_WHEELCHAIR
        reasons.append("wheelchair")
    why = [_what(reason, need, kinds, programmes, structure), ("fees", fees)]
    why += [("public", public) for public in sorted(publics)]
    return Match(structure, metres, minutes, state, cost, reasons, fees, why)


def _hours_cost(state: OpeningState, now: datetime, reasons: list[str]) -> int:
    """Return what the opening state adds to the cost (and note open or soon)."""
    if not state.known:
        return PENALTY_UNKNOWN_HOURS
    if state.open_now:
        reasons.append("open_now")
        return 0
    if state.opens_soon(now, OPENS_SOON_MINUTES):
        reasons.append("opens_soon")
        return PENALTY_OPENS_SOON
    return PENALTY_CLOSED


def _checked_cost(verified_on: date | None, today: date) -> int:
    """Return what staff's last check adds: never checked, or long ago."""
    if verified_on is None:
        return PENALTY_NEVER_CHECKED
    return PENALTY_STALE if verified_on < today - STALE_AFTER else 0


def _what(reason, need, kinds, programmes, structure) -> tuple[str, str]:
    """Return what the place is or does for the need, as the rule matched it:
    ("typologie", code), ("programme", name), ("service", service)..."""
    offered = {
        "typologie": kinds,
        "programme": [*programmes, *(structure.formations_labels or [])],
        "service": structure.services or [],
        "support": structure.prise_en_charge_specifique or [],
        "fallback": structure.services or [],
    }.get(reason, [])
    wanted = {
        "typologie": need.rule_typologies,
        "programme": need.rule_programmes,
        "service": need.rule_services,
        "support": need.rule_supports,
        "fallback": need.rule_fallback_services,
    }.get(reason) or []
    return reason, next((value for value in offered if value in wanted), "")


def _state(structure, now: datetime, states: dict | None) -> OpeningState:
    """Return a place's opening state at `now`, its temporary closures counted;
    the state of an hours text without closures is computed once a ranking."""
    horaires = structure.horaires
    if structure.closures:
        return place_state(horaires, structure.closures, now)
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


def lowest_cost_beyond(radius_m: float, lang: str, need: Need) -> float:
    """Return the lowest cost a place outside the search box of `radius_m` can have:
    its walk, less every bonus it could earn (pure)."""
    bonus = BONUS_WHEELCHAIR + (BONUS_LANGUAGE if lang != "fr" else 0)
    if need.rule_publics:
        bonus += BONUS_PUBLIC
    return walking_minutes(radius_m * OUTSIDE_BOX_FACTOR) - bonus


def radii(within_m: float) -> list[float]:
    """Return the search radii, narrowest first, up to `within_m` (pure)."""
    return [r for r in SEARCH_RADII_M if r <= within_m]


def within(candidates: Candidates, origin, metres: float) -> Candidates:
    """Return the candidates standing within `metres` (a box's corners do not)."""
    return [
        (place, reason)
        for place, reason in candidates
        if distance_m(*origin, place.latitude, place.longitude) <= metres
    ]


def settled(matches: list[Match], radius_m: float, lang: str, need: Need, limit: int):
    """Return True when the best `limit` found within `radius_m` are certain: no
    place outside the search box could cost less than the last of them (pure)."""
    return len(matches) == limit and matches[-1].cost <= lowest_cost_beyond(
        radius_m, lang, need
    )


def pinned_first(pins: list[Match], ranked: list[Match], limit: int) -> list[Match]:
    """Return the places staff pinned, then the ranked ones that are not pinned
    (pure): a pin is an explicit choice, shown first whatever its cost."""
    ids = {m.structure.id for m in pins}
    return (pins + [m for m in ranked if m.structure.id not in ids])[:limit]
