"""The search for places near a kiosk: outward until the ranking is certain, through
the need's position index, with a number of queries that does not grow with the data.
"""

import threading
from datetime import datetime

from sqlalchemy import event

from kiosk.extensions import db
from kiosk.models import Need, Place
from kiosk.ranking import candidates
from kiosk.ranking.candidates import best_places_for
from kiosk.ranking.hours import PARIS
from kiosk.ranking.matching import (
    SEARCH_RADII_M,
    lowest_cost_beyond,
)
from kiosk.ranking.need_rules import link_structure
from tests.conftest import PEY_BERLAND, make_kiosk, make_need, make_structure, relink

TUESDAY_MORNING = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
SATURDAY_ONLY = "Sa 09:00-12:00"
METRES_PER_DEGREE = 111_195


def north(metres: float) -> float:
    """Return the latitude `metres` north of Pey Berland."""
    return PEY_BERLAND[0] + metres / METRES_PER_DEGREE


def names(matches) -> list[str]:
    return [m.structure.nom for m in matches]


def test_nothing_outside_the_box_can_beat_the_bound():
    plain, for_seniors = Need(rule_publics=[]), Need(rule_publics=["Seniors"])
    assert lowest_cost_beyond(1_000, "fr", plain) == 25 - 1  # 970 m x 1.3 / 50 m/min
    assert lowest_cost_beyond(1_000, "ar", plain) == 25 - 1 - 20
    assert lowest_cost_beyond(1_000, "fr", for_seniors) == 25 - 1 - 10
    assert lowest_cost_beyond(150_000, "fr", plain) > lowest_cost_beyond(
        50_000, "fr", plain
    )


def test_an_open_place_beyond_the_first_radius_beats_closer_closed_ones(app):
    kiosk = make_kiosk()
    need = make_need(rule_typologies=["MUNI"])
    for i, metres in enumerate((200, 400, 600, 800)):
        make_structure(
            nom=f"closed {i}", latitude=north(metres), horaires=SATURDAY_ONLY
        )
    make_structure(nom="open", latitude=north(1_300))
    relink()
    matches, fallback = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert not fallback
    assert names(matches) == ["open", "closed 0", "closed 1", "closed 2"]
    assert matches[0].structure.standard_id  # whole places, not scoring rows


def test_a_lone_place_far_away_is_no_answer_but_generalist_desks_are(app):
    """120 km away is not "nearby": the generalist desks are shown, with the notice;
    and they are found however far they are (never an empty screen)."""
    kiosk = make_kiosk()
    need = make_need(rule_typologies=["CAF"])
    make_need(slug="je-ne-sais-pas", generalist=True, rule_typologies=["RFS"])
    make_structure(nom="far", typologie=["CAF"], latitude=north(120_000))
    make_structure(nom="fs far too", typologie=["RFS"], latitude=north(100_000))
    make_structure(nom="mairie near", typologie=["MUNI"])
    relink()
    matches, fallback = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert names(matches) == ["fs far too"] and fallback
    make_structure(nom="caf nearby", typologie=["CAF"], latitude=north(25_000))
    relink()
    matches, fallback = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert names(matches) == ["caf nearby"] and not fallback


def test_a_moved_place_is_found_where_it_now_stands(app):
    kiosk = make_kiosk()
    need = make_need(rule_typologies=["CAF"])
    place = make_structure(nom="caf", typologie=["CAF"], latitude=north(200))
    relink()
    place.latitude = north(300_000)  # beyond the widest search
    db.session.flush()
    link_structure(place)
    db.session.commit()
    assert best_places_for(need, kiosk, TUESDAY_MORNING, "fr")[0] == []


def test_places_hidden_from_the_kiosk_are_never_proposed(app):
    kiosk = make_kiosk()
    need = make_need()
    make_structure(nom="hidden", on_kiosk=False)
    make_structure(nom="shown", latitude=north(3_000))
    relink()
    matches, _ = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert names(matches) == ["shown"]


def count_queries(client, path: str) -> int:
    """Return how many SQL statements one request runs (in the request's thread: the
    usage counters' timer may flush in another meanwhile)."""
    statements = []
    requesting = threading.get_ident()

    def record(conn, cursor, statement, *args):
        if threading.get_ident() == requesting:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def add_places(count: int) -> None:
    """Add `count` mairies-France Services spread within 900 m north of the kiosk."""
    for n in range(count):
        place = Place(
            standard_id=f"bulk-{count}-{n}",
            nom=f"Mairie {n}",
            latitude=north(n * 900 / count),
            longitude=PEY_BERLAND[1],
            typologie=["MUNI", "RFS"],
            horaires="Mo-Fr 09:00-17:00",
        )
        db.session.add(place)
    db.session.commit()


def test_queries_for_a_result_do_not_grow_with_the_places(app, client):
    make_kiosk()
    make_need(slug="mairie", rule_typologies=["MUNI"])
    make_need(slug="nowhere", rule_typologies=["CAF"])  # answered by the fallback
    make_need(slug="general", generalist=True, rule_typologies=["RFS"])
    counts = {}
    for count in (50, 450):  # 50, then 500 places
        add_places(count)
        relink()
        for slug in ("mairie", "nowhere"):  # first sight: short link, first counters
            count_queries(client, f"/fr/besoin/{slug}")
        counts[count] = [
            count_queries(client, f"/fr/besoin/{slug}")
            for slug in ("mairie", "nowhere")
        ]
    assert counts[50] == counts[450]
    # The fallback searched every radius twice; nothing else depends on the data.
    assert counts[450][1] <= 2 * len(SEARCH_RADII_M) + 8


def asked_radii(monkeypatch) -> list[float]:
    """Record the radii the search asks the database for."""
    asked = []
    real = candidates.candidates_within

    def recording(need, origin, radius_m):
        asked.append(radius_m)
        return real(need, origin, radius_m)

    monkeypatch.setattr(candidates, "candidates_within", recording)
    return asked


def test_the_search_stops_once_nothing_farther_can_rank_among_the_best(
    app, monkeypatch
):
    kiosk = make_kiosk()
    need = make_need(rule_typologies=["MUNI"])
    for i in range(4):
        make_structure(nom=f"p{i}", latitude=north(1_500 + 100 * i), verified_on=None)
    relink()
    asked = asked_radii(monkeypatch)
    matches, _ = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert names(matches) == ["p0", "p1", "p2", "p3"]
    assert asked == [1_000, 2_000, 5_000]  # 2 km: the fourth (never checked) unsure


def test_the_generalist_need_is_not_even_read_when_the_need_has_places(
    app, monkeypatch
):
    kiosk = make_kiosk()
    need = make_need(rule_typologies=["MUNI"])
    make_structure(nom="mairie")
    relink()

    def refused():
        raise AssertionError("the generalist need is a query: not when not needed")

    monkeypatch.setattr(candidates, "generalist_need", refused)
    matches, fallback = best_places_for(need, kiosk, TUESDAY_MORNING, "fr")
    assert names(matches) == ["mairie"] and not fallback


def test_the_generalist_need_never_falls_back_and_none_means_empty_but_said(app):
    kiosk = make_kiosk()
    general = make_need(generalist=True, rule_typologies=["RFS"])
    caf = make_need(rule_typologies=["CAF"])
    relink()
    assert best_places_for(general, kiosk, TUESDAY_MORNING, "fr") == ([], False)
    general.generalist = False
    db.session.commit()
    assert best_places_for(caf, kiosk, TUESDAY_MORNING, "fr") == ([], True)
