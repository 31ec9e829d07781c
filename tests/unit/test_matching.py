"""Ranking of places for a need, without a database (transient objects)."""

from datetime import datetime

from kiosk.hours import PARIS
from kiosk.matching import rank
from kiosk.models import Need, Structure

ORIGIN = (44.8378, -0.5792)  # Place Pey Berland, Bordeaux
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
TUESDAY_NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=PARIS)
OFFICE_HOURS = "Mo-Fr 09:00-17:00; PH off"


def place(name, north_m, **fields):
    """Return a transient place `north_m` metres north of the origin."""
    fields.setdefault("horaires", OFFICE_HOURS)
    fields.setdefault("languages", ["fr"])
    return Structure(
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


def test_generic_digital_service_ranks_after_a_specific_desk():
    cfp = place("impots", 800)
    library = place("library", 500)
    taxes = need(
        rule_typologies=["CFP"], rule_services=["Aide aux démarches administratives"]
    )
    matches = rank(
        [(library, "service"), (cfp, "typologie")], taxes, ORIGIN, TUESDAY_MORNING, "fr"
    )
    assert names(matches) == ["impots", "library"]


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
