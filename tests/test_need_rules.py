"""Need rules resolved into need_structure: in bulk, and for one edited place."""

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Need, NeedPlace, Place
from kiosk.ranking.need_rules import link_needs, link_structure, rule_reason
from tests.conftest import make_need, make_structure, relink


def links() -> set[tuple[str, str, str]]:
    """Return every link as (need slug, place standard id, reason)."""
    query = (
        select(Need.slug, Place.standard_id, NeedPlace.reason)
        .join(Need, Need.id == NeedPlace.need_id)
        .join(Place, Place.id == NeedPlace.structure_id)
    )
    return {tuple(row) for row in db.session.execute(query)}


def test_bulk_links_are_exactly_the_rule_of_every_place_and_need(demo):
    expected = {
        (need.slug, place.standard_id, reason)
        for need in db.session.scalars(select(Need))
        for place in db.session.scalars(select(Place))
        if (reason := rule_reason(need, place))
    }
    assert len(expected) > 300  # the demo data is not trivially small
    assert links() == expected


def test_the_most_specific_reason_wins(app):
    make_need(
        slug="kind-first",
        rule_typologies=["MUNI"],
        rule_programmes=["France Services"],
        rule_fallback_services=["Aide aux démarches administratives"],
    )
    make_need(
        slug="by-service",
        rule_typologies=["CAF"],
        rule_services=["Aide aux démarches administratives"],
    )
    make_structure(
        standard_id="mairie",
        services=["Aide aux démarches administratives"],
        dispositif_programmes_nationaux=["France Services"],
    )
    make_structure(
        standard_id="fs",
        typologie=["ASSO"],
        dispositif_programmes_nationaux=["France Services"],
    )
    make_structure(
        standard_id="autre",
        typologie=[],
        services=["Aide aux démarches administratives"],
    )
    make_structure(standard_id="caf", typologie=["CAF"])
    count = link_needs()
    db.session.commit()
    assert count == 6
    assert links() == {
        ("kind-first", "mairie", "typologie"),
        ("kind-first", "fs", "programme"),
        ("kind-first", "autre", "fallback"),
        ("by-service", "mairie", "service"),
        ("by-service", "autre", "service"),
        ("by-service", "caf", "typologie"),
    }


def test_a_type_inferred_from_the_name_answers_when_none_is_declared(app):
    make_need(slug="ccas", rule_typologies=["CCAS"])
    make_structure(
        standard_id="named",
        nom="Centre communal d'action sociale de Talence",
        typologie=[],
    )
    make_structure(standard_id="asso", nom="CCAS de Bassens", typologie=["ASSO"])
    make_structure(standard_id="declared", nom="CCAS annexe", typologie=["MUNI"])
    relink()
    assert links() == {("ccas", "named", "typologie"), ("ccas", "asso", "typologie")}


def test_a_place_for_the_young_only_never_answers_an_adult_need(app):
    help_ = ["Maîtrise des outils numériques du quotidien"]
    make_need(slug="phone", rule_services=help_, rule_publics=["Seniors"])
    make_need(slug="caf", rule_services=help_, rule_publics=["Familles et/ou enfants"])
    make_structure(
        standard_id="kids",
        services=help_,
        publics_specifiquement_adresses=["Familles et/ou enfants"],
    )
    make_structure(
        standard_id="bij", nom="Info Jeunes Bordeaux", services=help_, typologie=[]
    )
    make_structure(
        standard_id="loisirs",
        nom="Centre de loisirs Le Ranch",
        services=help_,
        typologie=[],
    )
    make_structure(standard_id="mjc", nom="MJC CL2V", services=help_, typologie=[])
    make_structure(
        standard_id="all",
        services=help_,
        publics_specifiquement_adresses=["Jeunes", "Seniors"],
    )
    relink()
    assert {(n, p) for n, p, _ in links()} == {
        ("phone", "mjc"),
        ("phone", "all"),
        ("caf", "kids"),  # a need for families welcomes a place for families
        ("caf", "bij"),
        ("caf", "loisirs"),
        ("caf", "mjc"),
        ("caf", "all"),
    }


def test_relinking_replaces_old_links(app):
    make_need(slug="caf", rule_typologies=["CAF"])
    place = make_structure(standard_id="p", typologie=["CAF"])
    relink()
    place.typologie = ["MUNI"]
    relink()
    assert links() == set()


def test_one_edited_place_is_relinked_alone(app):
    make_need(slug="caf", rule_typologies=["CAF"])
    make_need(slug="mairie", rule_typologies=["MUNI"])
    edited = make_structure(standard_id="edited", typologie=["CAF"])
    make_structure(standard_id="other", typologie=["CAF"])
    relink()
    edited.typologie = ["MUNI"]
    db.session.flush()
    assert link_structure(edited) == 1
    db.session.commit()
    assert links() == {("mairie", "edited", "typologie"), ("caf", "other", "typologie")}


def test_relinking_updates_a_changed_reason_and_keeps_the_rest(app):
    make_need(slug="n", rule_typologies=["CAF"], rule_services=["Accès internet"])
    make_structure(standard_id="kept", typologie=["CAF"])
    changed = make_structure(standard_id="changed", services=["Accès internet"])
    relink()
    assert ("n", "changed", "service") in links()
    changed.typologie = ["CAF"]
    db.session.commit()
    assert link_needs() == 2
    db.session.commit()
    assert links() == {("n", "kept", "typologie"), ("n", "changed", "typologie")}
