"""The demo data of Bordeaux Métropole as `flask --app wsgi load-demo` loads it into
a real SQLite file (migrations first, as `make run` does): idempotent, and as rich as
issue #2 promises (places, communes, kinds of place, needs, pictograms, kiosks)."""

import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, NeedPin, NeedPlace, Place
from kiosk.ranking.candidates import best_places_for
from tests.conftest import make_app

STATIC = Path(__file__).resolve().parent.parent / "kiosk" / "static"
PICTOS = STATIC / "pictos"


@pytest.fixture
def sqlite_file(tmp_path):
    """Return a SQLite file with the schema built by `init-db`, and its app."""
    path = tmp_path / "demo.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        yield path, app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def loaded(sqlite_file):
    """Return the app with the demo data loaded through the command line."""
    path, app = sqlite_file
    assert load_demo(app).exit_code == 0
    return app


def load_demo(app, *args):
    result = app.test_cli_runner().invoke(args=["load-demo", *args])
    assert result.exit_code == 0, result.output
    db.session.remove()  # read what the command wrote, not this session's cache
    return result


def dump(path: Path) -> list[str]:
    """Return every statement that rebuilds the file: its whole content."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_loading_twice_leaves_the_database_identical(sqlite_file):
    path, app = sqlite_file
    assert "Demo data loaded" in load_demo(app).output
    first = dump(path)
    assert any("bm-mairie-bordeaux" in line for line in first)
    assert "Demo data loaded" in load_demo(app).output
    assert dump(path) == first


def test_if_empty_leaves_existing_places_alone(loaded):
    place = db.session.scalar(select(Place).where(Place.nom.like("CCAS%")))
    place.nom, place_id = "Renamed by staff", place.id
    db.session.commit()
    result = load_demo(loaded, "--if-empty")
    assert "left as is" in result.output
    assert db.session.get(Place, place_id).nom == "Renamed by staff"
    load_demo(loaded)  # without the flag the demo data is loaded again
    assert db.session.get(Place, place_id).nom != "Renamed by staff"


def test_if_empty_loads_an_empty_database(sqlite_file):
    path, app = sqlite_file
    assert "Demo data loaded" in load_demo(app, "--if-empty").output
    assert len(db.session.scalars(select(Place)).all()) >= 40


def test_at_least_40_places_in_at_least_8_communes(loaded):
    places = db.session.scalars(select(Place)).all()
    assert len(places) >= 40
    assert len({p.commune for p in places}) >= 8


def test_at_least_two_kiosks_and_12_top_level_needs(loaded):
    kiosks = db.session.scalars(select(Kiosk)).all()
    assert len(kiosks) >= 2
    assert sum(k.is_default for k in kiosks) == 1
    top = db.session.scalars(select(Need).where(Need.parent_id.is_(None))).all()
    assert len(top) >= 12


def places_answering(need: Need) -> set[int]:
    """Return the shown places linked to a need or to one of its sub-needs."""
    ids = [need.id, *(child.id for child in need.children)]
    query = (
        select(NeedPlace.structure_id)
        .join(Place, Place.id == NeedPlace.structure_id)
        .where(NeedPlace.need_id.in_(ids), Place.on_kiosk.is_(True))
    )
    return set(db.session.scalars(query))


def test_every_top_level_need_is_answered_by_at_least_two_places(loaded):
    top = db.session.scalars(select(Need).where(Need.parent_id.is_(None))).all()
    thin = {n.slug: len(places_answering(n)) for n in top}
    assert {slug: n for slug, n in thin.items() if n < 2} == {}
    for need in top:  # and every sub-need by one at least
        for child in need.children:
            assert places_answering(child), child.slug


def test_every_pictogram_exists_with_its_licence_beside_it(loaded):
    for need in db.session.scalars(select(Need)):
        picture = PICTOS / need.pictogram
        assert need.pictogram and picture.is_file(), need.slug
        assert (picture.parent / "LICENSE.md").is_file(), need.pictogram


def kinds_present() -> dict[str, list[str]]:
    """Return, for each kind of place issue #2 lists, the demo places of that kind."""
    passport = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    titles_desks = places_answering(passport)
    kinds = defaultdict(list)
    typologies = {
        "CCAS": "CCAS",
        "centre social": "CS",
        "médiathèque": "BIB",
        "EPN": "EPN",
        "CAF": "CAF",
        "CPAM": "CPAM",
        "finances publiques": "CFP",
        "France Travail": "FT",
        "PIMMS": "PIMMS",
        "Point justice": "PAD",
    }
    for place in db.session.scalars(select(Place)):
        if "MUNI" in place.typologie and place.id in titles_desks:
            kinds["mairie with a titles desk"].append(place.nom)
        if "RFS" in place.typologie or "France Services" in (
            place.dispositif_programmes_nationaux
        ):
            kinds["France Services"].append(place.nom)
        if place.nom.startswith("CLIC"):
            kinds["CLIC"].append(place.nom)
        for kind, code in typologies.items():
            if code in place.typologie:
                kinds[kind].append(place.nom)
    return kinds


def test_every_kind_of_place_of_the_issue_is_there(loaded):
    kinds = kinds_present()
    wanted = (
        "mairie with a titles desk",
        "France Services",
        "CCAS",
        "centre social",
        "médiathèque",
        "EPN",
        "CAF",
        "CPAM",
        "finances publiques",
        "France Travail",
        "PIMMS",
        "Point justice",
        "CLIC",
    )
    assert [kind for kind in wanted if not kinds[kind]] == []


def test_the_clic_is_pinned_for_the_seniors_home_help_need(loaded):
    """The standard has no CLIC type: staff pin it (the demo's pins.json)."""
    home_help = db.session.scalar(select(Need).where(Need.slug == "aide-domicile"))
    clic = db.session.scalar(
        select(Place).where(Place.standard_id == "bm-clic-bordeaux")
    )
    assert home_help.parent.slug == "seniors"
    pins = db.session.scalars(select(NeedPin).where(NeedPin.need_id == home_help.id))
    assert [(p.structure_id, p.kiosk_id) for p in pins] == [(clic.id, None)]
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hotel-de-ville"))
    matches, _ = best_places_for(home_help, kiosk, clock.now(), "fr")
    assert matches[0].structure.id == clic.id and matches[0].pinned
    housing = db.session.scalar(select(Need).where(Need.slug == "demande-logement"))
    link = db.session.get(NeedPlace, (housing.id, clic.id))
    assert link.reason == "fallback"  # a CLIC is not the whole CCAS: help only
