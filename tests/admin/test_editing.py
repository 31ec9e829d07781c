"""The transactional core of the admin: versions, revisions, links, rollbacks."""

from datetime import date

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from kiosk.admin import editing
from kiosk.extensions import db
from kiosk.models import NeedPlace, Place, Revision
from kiosk.revisions import apply, snapshot, state_at_version
from tests.conftest import make_need, make_structure, relink


def test_snapshots_round_trip_through_json(app):
    place = make_structure(
        date_maj=date(2026, 1, 2),
        languages=["fr", "ar"],
        to_bring={"fr": "Pièce d'identité"},
    )
    values = snapshot(place)
    assert values["date_maj"] == "2026-01-02" and "id" not in values
    other = make_structure()
    apply(other, {**values, "standard_id": other.standard_id})
    db.session.commit()
    assert other.date_maj == date(2026, 1, 2) and other.languages == ["fr", "ar"]
    assert other.to_bring == {"fr": "Pièce d'identité"}


def test_a_save_racing_another_worker_is_a_conflict_not_an_overwrite(app):
    place = make_structure(nom="Avant")
    # Another worker commits a change after this one read the row at version 1...
    db.session.execute(
        update(Place)
        .where(Place.id == place.id)
        .values(nom="Par un autre", version=Place.version + 1)
    )
    db.session.commit()
    assert place.version == 2
    # ...while this worker still holds the row as it read it.
    set_committed_value(place, "version", 1)
    set_committed_value(place, "nom", "Avant")
    with pytest.raises(editing.Conflict) as raised:
        editing.save(place, {"nom": "Le mien"}, None, base_version=1)
    assert raised.value.current["nom"] == "Par un autre"  # the UPDATE's version check
    db.session.expire_all()
    assert db.session.get(Place, place.id).nom == "Par un autre"
    assert db.session.scalar(select(Revision)) is None


def test_a_save_keeps_the_need_links_in_the_same_transaction(app):
    need = make_need(rule_typologies=["CFP"])
    place = make_structure(typologie=["MUNI"])
    relink()
    editing.save(place, {"typologie": ["CFP"]}, None, base_version=1)
    link = db.session.scalar(select(NeedPlace))
    assert (link.need_id, link.structure_id, link.reason) == (
        need.id,
        place.id,
        "typologie",
    )


def test_unchanged_values_make_no_revision(app):
    place = make_structure()
    assert editing.save(place, snapshot(place), None, base_version=1) is None
    assert db.session.scalar(select(Revision)) is None


def test_the_state_at_a_version_is_found_before_and_after(app):
    place = make_structure(nom="v1")
    editing.save(place, {"nom": "v2"}, None, base_version=1)
    editing.save(place, {"nom": "v3"}, None, base_version=2)
    assert state_at_version("structure", place.id, 1)["nom"] == "v1"
    assert state_at_version("structure", place.id, 2)["nom"] == "v2"
    assert state_at_version("structure", place.id, 3)["nom"] == "v3"
    assert state_at_version("structure", place.id, 9) is None
