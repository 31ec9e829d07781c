"""Ranking of places for a need, without a database (transient objects)."""

from datetime import date, datetime

from kiosk.models import Need, Place
from kiosk.ranking.hours import PARIS
from kiosk.ranking.matching import (
    FAR_M,
    NEAR_M,
    SEARCH_RADII_M,
    pinned_first,
    radii,
    rank,
    settled,
    within,
)

ORIGIN = (44.8378, -0.5792)  # Place Pey Berland, Bordeaux
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
TUESDAY_NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=PARIS)
OFFICE_HOURS = "Mo-Fr 09:00-17:00; PH off"


def place(name, north_m, **fields):
    """Return a transient place `north_m` metres north of the origin."""
    fields.setdefault("horaires", OFFICE_HOURS)
    fields.setdefault("languages", ["fr"])
    fields.setdefault("verified_on", date(2026, 11, 20))  # checked by staff lately
    fields.setdefault("frais_a_charge", ["Gratuit"])
    return Place(
        standard_id=name,
        nom=name,
        latitude=ORIGIN[0] + north_m / 111_195,
        longitude=ORIGIN[1],
        **fields,
    )


def need(**rule):
    return Need(slug="n", label={"fr": "n"}, **rule)


def names(matches):
    return [m.structure.nom for m in matches]


def test_nearest_competent_place_wins():
    near, far = place("near", 300), place("far", 2000)
    matches = rank(
        [(far, "typologie"), (near, "typologie")], need(), ORIGIN, TUESDAY_MORNING, "fr"
    )
    assert names(matches) == ["near", "far"]
    assert matches[0].walk_minutes == 8  # 300 m x 1.3 at 50 m/min
    assert "open_now" in matches[0].reasons


def test_open_place_beats_a_nearer_closed_one():
    closed = place("closed", 200, horaires="Sa 09:00-12:00")
    open_ = place("open", 900)
    matches = rank(
        [(closed, "typologie"), (open_, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["open", "closed"]


def test_a_place_closed_for_works_ranks_as_closed_until_the_closure_ends():
    works = [{"starts_on": "2026-11-16", "ends_on": "2026-11-29", "notice": "Travaux"}]
    closed = place("closed", 200, closures=works)
    open_ = place("open", 900)
    candidates = [(closed, "typologie"), (open_, "typologie")]
    matches = rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "fr")
    assert names(matches) == ["open", "closed"]
    assert matches[1].state.closed_until == date(2026, 11, 29)
    later = datetime(2026, 11, 30, 10, 30, tzinfo=PARIS)
    assert names(rank(candidates, need(), ORIGIN, later, "fr")) == ["closed", "open"]


def test_unknown_hours_rank_after_open_but_are_kept():
    unknown = place("unknown", 100, horaires="")
    open_ = place("open", 800)
    matches = rank(
        [(unknown, "typologie"), (open_, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["open", "unknown"]
    assert not matches[1].state.known


def test_language_spoken_on_site_lifts_a_further_place_for_that_visitor():
    french_only = place("french", 300)
    arabic = place("arabic", 1000, languages=["fr", "ar"])
    candidates = [(french_only, "typologie"), (arabic, "typologie")]
    assert names(rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "ar"))[0] == "arabic"
    assert names(rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "fr"))[0] == "french"
    best = rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "ar")[0]
    assert "speaks_language" in best.reasons


def test_a_fallback_service_ranks_after_a_desk_of_the_need_s_kind():
    cfp = place("impots", 800, typologie=["CFP"])
    library = place("library", 500, services=["Aide aux démarches administratives"])
    taxes = need(
        rule_typologies=["CFP"],
        rule_fallback_services=["Aide aux démarches administratives"],
    )
    matches = rank(
        [(library, "fallback"), (cfp, "typologie")],
        taxes,
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["impots", "library"]
    assert matches[0].why[0] == ("typologie", "CFP")
    assert matches[1].why[0] == ("fallback", "Aide aux démarches administratives")


def test_at_night_everything_is_closed_and_distance_decides():
    a, b = place("a", 400), place("b", 700)
    matches = rank(
        [(b, "typologie"), (a, "typologie")], need(), ORIGIN, TUESDAY_NIGHT, "fr"
    )
    assert names(matches) == ["a", "b"]
    assert not matches[0].state.open_now


def test_wheelchair_access_breaks_a_tie_and_is_a_reason():
    stairs = place("stairs", 500, wheelchair=False)
    ramp = place("ramp", 500, wheelchair=True)
    matches = rank(
        [(stairs, "typologie"), (ramp, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["ramp", "stairs"]
    assert "wheelchair" in matches[0].reasons


def test_limit_keeps_the_best_four():
    places = [(place(f"p{i}", 100 * i), "typologie") for i in range(1, 9)]
    matches = rank(places, need(), ORIGIN, TUESDAY_MORNING, "fr")
    assert names(matches) == ["p1", "p2", "p3", "p4"]


def test_the_four_best_are_settled_once_nothing_farther_can_rank_among_them():
    places = [(place(f"p{i}", 1_500 + 100 * i), "typologie") for i in range(4)]
    matches = rank(places, need(), ORIGIN, TUESDAY_MORNING, "fr")
    assert names(matches) == ["p0", "p1", "p2", "p3"]
    # Within 2 km the fourth walks 47 min, less than any place beyond could cost.
    assert settled(matches, 2_000, "fr", need(), 4)
    assert not settled(matches[:3], 2_000, "fr", need(), 4)  # three are not four


def test_closed_places_within_the_radius_are_not_settled():
    closed = [
        (place(f"closed {i}", 1_500 + 100 * i, horaires="Sa 09:00-12:00"), "typologie")
        for i in range(4)
    ]
    matches = rank(closed, need(), ORIGIN, TUESDAY_MORNING, "fr")
    # The closed fourth costs 77 min: an open place beyond 2 km might cost less.
    assert not settled(matches, 2_000, "fr", need(), 4)
    assert settled(matches, 5_000, "fr", need(), 4)


def test_the_radii_stop_at_the_distance_asked():
    assert radii(NEAR_M) == [r for r in SEARCH_RADII_M if r <= 30_000]
    assert radii(FAR_M) == list(SEARCH_RADII_M)


def test_a_place_in_the_box_s_corner_beyond_the_radius_is_not_nearby():
    corner = place("corner", 29_000)
    corner.longitude += 0.2  # ~16 km east: 33 km away, inside the 30 km box
    near = place("near", 1_000)
    kept = within([(corner, "typologie"), (near, "typologie")], ORIGIN, NEAR_M)
    assert [p.nom for p, _ in kept] == ["near"]


def test_after_closing_a_place_that_opens_tomorrow_beats_unreadable_hours():
    """At 22:00 the CCAS is closed until 9:00; a place next door has hours nobody
    can read: the kiosk sends the visitor where the door will be open."""
    ccas = place("ccas", 600, horaires="Mo-Fr 09:00-17:00")
    unknown = place("unknown", 100, horaires="le matin sauf vacances")
    matches = rank(
        [(unknown, "typologie"), (ccas, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_NIGHT,
        "fr",
    )
    assert names(matches) == ["ccas", "unknown"]


def test_known_hours_beat_unknown_ones_open_or_closed():
    closed = place("closed", 300, horaires="Sa 09:00-12:00")
    unknown = place("unknown", 300, horaires="")
    candidates = [(unknown, "typologie"), (closed, "typologie")]
    assert names(rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "fr")) == [
        "closed",
        "unknown",
    ]


def test_a_free_place_comes_before_a_paying_one_which_says_so():
    paying = place("paying", 200, frais_a_charge=["Payant"])
    free = place("free", 900, frais_a_charge=["Gratuit"])
    matches = rank(
        [(paying, "service"), (free, "service")],
        need(rule_services=["Maîtrise des outils numériques du quotidien"]),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["free", "paying"]
    assert matches[1].fees == "paying" and ("fees", "paying") in matches[1].why


def test_for_a_seniors_need_a_place_for_seniors_ranks_first():
    general = place("general", 300)
    seniors = place("seniors", 600, publics_specifiquement_adresses=["Seniors"])
    candidates = [(general, "service"), (seniors, "service")]
    for_seniors = need(rule_publics=["Seniors"])
    assert names(rank(candidates, for_seniors, ORIGIN, TUESDAY_MORNING, "fr")) == [
        "seniors",
        "general",
    ]
    assert names(rank(candidates, need(), ORIGIN, TUESDAY_MORNING, "fr")) == [
        "general",
        "seniors",
    ]


def test_a_place_staff_checked_lately_beats_a_stale_or_unchecked_one():
    checked = place("checked", 400)
    stale = place("stale", 350, verified_on=date(2025, 1, 10))
    never = place("never", 300, verified_on=None)
    matches = rank(
        [(never, "typologie"), (stale, "typologie"), (checked, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    assert names(matches) == ["checked", "stale", "never"]


def test_pinned_places_come_first_and_once():
    near, pinned = place("near", 100, id=1), place("pinned", 3000, id=2)
    ranked = rank(
        [(near, "typologie"), (pinned, "typologie")],
        need(),
        ORIGIN,
        TUESDAY_MORNING,
        "fr",
    )
    pins = [m for m in ranked if m.structure.nom == "pinned"]
    assert names(pinned_first(pins, ranked, 4)) == ["pinned", "near"]
