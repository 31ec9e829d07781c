"""The import engine against a real SQLite file: upserts, conflicts, transactions,
round trips through every format, and the exports checked with the real schemas."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.admin import editing
from kiosk.demo import HERE as DEMO_DIR
from kiosk.extensions import db
from kiosk.models import NeedPlace, Place, Revision
from kiosk.opendata import data_inclusion, importer, mednum, schema
from kiosk.opendata.exports import all_places, export
from kiosk.opendata.formats import read_file
from kiosk.opendata.importer import ChangedSincePreview, import_places
from tests.conftest import make_need
from tests.opendata_helpers import csv_bytes, place_row, shared_data

# Every demo place: the round trips below must keep each of them.
DEMO_PLACES = len(json.loads((DEMO_DIR / "places.json").read_text(encoding="utf-8")))
REAL_FILE = "real/bordeaux-metropole_lieux-mediation-numerique_DERIVED.csv"


def run(data: bytes, **options):
    return import_places(read_file(data), **options)


def count() -> int:
    return db.session.scalar(select(func.count(Place.id)))


def place(standard_id: str) -> Place:
    return db.session.scalar(select(Place).where(Place.standard_id == standard_id))


def table_dump() -> list[tuple]:
    rows = db.session.execute(select(Place.__table__).order_by(Place.id))
    links = db.session.execute(select(NeedPlace.__table__)).all()
    return [tuple(r) for r in rows] + sorted(tuple(r) for r in links)


def test_import_creates_places_and_links_them_to_needs(app):
    make_need(
        slug="internet", rule_services=["Accès internet et matériel informatique"]
    )
    other = place_row(id="b", nom="Autre lieu", adresse="2 rue Autre", services="")
    report = run(csv_bytes([place_row(id="a"), other]))
    assert report.counts()["created"] == 2 and count() == 2
    linked = db.session.scalars(select(NeedPlace.structure_id)).all()
    assert linked == [
        place("a").id
    ]  # answers the need at once, in the same transaction
    assert place("a").imported_at is not None


def test_second_import_of_the_same_file_changes_nothing(app):
    data = csv_bytes([place_row(id="a"), place_row(id="b", nom="Autre")])
    run(data)
    before = table_dump()
    report = run(data)
    assert report.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "skipped": 0,
        "conflicts": 0,
    }
    assert table_dump() == before


def test_changed_file_updates_only_what_changed(app):
    run(csv_bytes([place_row(id="a")]))
    report = run(csv_bytes([place_row(id="a", telephone="+33556999999")]))
    assert [(c.standard_id, c.columns) for c in report.updated] == [
        ("a", ["telephone"])
    ]
    assert place("a").telephone == "+33556999999"


def test_dry_run_writes_nothing_and_reports_what_a_run_does(app):
    data = csv_bytes([place_row(id="a")])
    preview = run(data, dry_run=True)
    assert count() == 0 and preview.counts()["created"] == 1
    assert run(data).fingerprint() == preview.fingerprint()


def test_staff_edit_is_kept_and_reported_as_a_conflict(app):
    run(csv_bytes([place_row(id="a", telephone="+33556000000")]))
    place("a").telephone = "+33557111111"  # staff fixed the number by hand
    db.session.commit()
    report = run(csv_bytes([place_row(id="a", telephone="+33556222222")]))
    assert place("a").telephone == "+33557111111"
    conflict = report.conflicts[0]
    assert (conflict.column, conflict.staff_value, conflict.file_value) == (
        "telephone",
        "+33557111111",
        "+33556222222",
    )
    again = run(csv_bytes([place_row(id="a", telephone="+33556222222")]))
    assert len(again.conflicts) == 1  # asked again until settled
    run(csv_bytes([place_row(id="a", telephone="+33556222222")]), overwrite=True)
    assert place("a").telephone == "+33556222222"


def test_staff_edit_of_a_field_the_file_did_not_change_is_kept_silently(app):
    data = csv_bytes([place_row(id="a")])
    run(data)
    place("a").nom = "Nom corrigé par l'équipe"
    db.session.commit()
    report = run(data)
    assert report.conflicts == [] and report.unchanged == 1
    assert place("a").nom == "Nom corrigé par l'équipe"


def test_place_made_by_hand_is_not_overwritten_by_a_file_with_its_id(app):
    db.session.add(
        Place(standard_id="a", nom="Saisi à la main", adresse="1 rue", commune="X")
    )
    db.session.commit()
    report = run(csv_bytes([place_row(id="a")]))
    assert place("a").nom == "Saisi à la main"
    assert "nom" in {c.column for c in report.conflicts}


def test_kiosk_only_fields_are_never_touched_by_an_import(app):
    run(csv_bytes([place_row(id="a")]))
    place("a").staff_notes, place("a").languages = "interne", ["ar"]
    db.session.commit()
    run(csv_bytes([place_row(id="a", nom="Nouveau nom")]))
    assert (place("a").staff_notes, place("a").languages) == ("interne", ["ar"])


def revisions_of(structure: Place) -> list[Revision]:
    query = select(Revision).where(Revision.entity_id == structure.id)
    return list(db.session.scalars(query.order_by(Revision.id)))


def test_every_place_an_import_creates_or_changes_gets_a_revision(app):
    data = csv_bytes([place_row(id="a"), place_row(id="b", nom="B")])
    run(data, dry_run=True)
    assert db.session.scalar(select(func.count(Revision.id))) == 0  # rolled back
    run(data, who="lieux.csv")
    run(data)  # nothing changes: no revision
    run(csv_bytes([place_row(id="a"), place_row(id="b", nom="Bis")]))
    a, b = revisions_of(place("a")), revisions_of(place("b"))
    assert [(r.action, r.before, r.user_email) for r in a] == [
        ("import", None, "lieux.csv")
    ]
    assert [r.after["nom"] for r in b] == ["B", "Bis"]
    assert b[1].before["nom"] == "B" and b[1].after["version"] == place("b").version


def test_overwrite_over_a_staff_edit_can_be_undone_from_the_history(app):
    """The file wins over a staff edit; the import's revision keeps the staff value,
    and restoring the staff edit's revision brings it back for good: the same file
    imported again keeps it (the last import's snapshot is not rolled back)."""
    run(csv_bytes([place_row(id="a", telephone="+33556000000")]))
    staff = editing.save(place("a"), {"telephone": "+33557111111"}, None)
    changed = csv_bytes([place_row(id="a", telephone="+33556222222")])
    report = run(changed, overwrite=True)
    assert [(c.column, c.staff_value, c.file_value) for c in report.conflicts] == [
        ("telephone", "+33557111111", "+33556222222")
    ]  # the staff edit the file replaced, named
    assert place("a").telephone == "+33556222222"
    last = revisions_of(place("a"))[-1]
    assert last.action == "import"
    assert (last.before["telephone"], last.after["telephone"]) == (
        "+33557111111",
        "+33556222222",
    )
    editing.restore(place("a"), staff, None)
    assert place("a").telephone == "+33557111111"
    again = run(changed)
    assert again.conflicts == [] and place("a").telephone == "+33557111111"


def test_overwrite_names_no_conflict_where_staff_changed_nothing(app):
    run(csv_bytes([place_row(id="a")]))
    report = run(csv_bytes([place_row(id="a", nom="Neuf")]), overwrite=True)
    assert report.conflicts == [] and place("a").nom == "Neuf"


def test_imported_places_answer_needs_by_type_and_by_national_programme(app):
    services = make_need(slug="france-services", rule_typologies=["RFS"])
    aidants = make_need(
        slug="aidants", rule_typologies=[], rule_programmes=["Aidants Connect"]
    )
    both = make_need(
        slug="demarches", rule_typologies=["RFS"], rule_programmes=["Aidants Connect"]
    )
    rows = [
        place_row(id="rfs", typologie="RFS"),
        place_row(
            id="bib-aidants",
            typologie="BIB",
            dispositif_programmes_nationaux="Aidants Connect",
        ),
        place_row(
            id="rfs-aidants",
            typologie="RFS",
            dispositif_programmes_nationaux="Aidants Connect;France Services",
        ),
        place_row(id="bib", dispositif_programmes_nationaux="France Services"),
    ]
    for row in rows:  # four places: not one office named four times
        row["nom"], row["adresse"] = f"Lieu {row['id']}", f"{row['id']} rue du Test"
    report = run(csv_bytes(rows))
    assert "semicolon" in {p.code for p in report.problems}
    assert place("rfs-aidants").dispositif_programmes_nationaux == [
        "Aidants Connect",
        "France Services",
    ]
    links = db.session.execute(
        select(NeedPlace.need_id, Place.standard_id, NeedPlace.reason).join(
            Place, Place.id == NeedPlace.structure_id
        )
    ).all()
    assert sorted(links) == sorted(
        [
            (services.id, "rfs", "typologie"),
            (services.id, "rfs-aidants", "typologie"),
            (aidants.id, "bib-aidants", "programme"),
            (aidants.id, "rfs-aidants", "programme"),
            (both.id, "rfs", "typologie"),
            (both.id, "bib-aidants", "programme"),
            (both.id, "rfs-aidants", "typologie"),  # the more specific reason
        ]
    )
    assert report.links == len(links)


def test_place_is_found_by_siret_when_its_id_changed(app):
    run(csv_bytes([place_row(id="old-id", pivot="21330063500017")]))
    report = run(csv_bytes([place_row(id="new-id", pivot="21330063500017")]))
    assert count() == 1 and report.unchanged == 1


def test_shared_siret_never_merges_two_sites(app):
    rows = [
        place_row(id="mairie-1", nom="Mairie", pivot="21330063500017"),
        place_row(
            id="mairie-2",
            nom="Mairie annexe",
            adresse="2 rue Annexe",
            latitude="44.85",
            pivot="21330063500017",
        ),
    ]
    run(csv_bytes(rows))
    third = place_row(
        id="mairie-3",
        nom="Mairie de quartier",
        adresse="3 rue du Quartier",
        latitude="44.86",
        pivot="21330063500017",
    )
    run(csv_bytes([third]))
    assert count() == 3


def test_duplicate_id_in_a_file_skips_the_second_row(app):
    report = run(csv_bytes([place_row(id="a"), place_row(id="a", nom="Doublon")]))
    assert count() == 1 and report.skipped == 1
    duplicate = report.refusals[0]
    assert (duplicate.code, duplicate.row, duplicate.params) == (
        "duplicate_id",
        3,
        {"other": 2},
    )


def test_a_failure_in_the_middle_leaves_the_database_as_before(app, monkeypatch):
    run(csv_bytes([place_row(id="a")]))
    before = table_dump()
    real_create, calls = importer._Import._create, []

    def create_then_fail(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(*args)

    monkeypatch.setattr(importer._Import, "_create", create_then_fail)
    rows = [
        place_row(id="a", nom="Changé"),
        place_row(id="b", nom="Lieu B", adresse="2 rue B"),
        place_row(id="c", nom="Lieu C", adresse="3 rue C"),
    ]
    with pytest.raises(RuntimeError):
        run(csv_bytes(rows))
    assert table_dump() == before


def test_a_failure_while_linking_needs_leaves_the_database_as_before(app, monkeypatch):
    before = table_dump()

    def broken():
        raise RuntimeError("need rules broken")

    monkeypatch.setattr(importer, "link_needs", broken)
    with pytest.raises(RuntimeError):
        run(csv_bytes([place_row(id="a")]))
    assert table_dump() == before and count() == 0


def test_confirm_refuses_when_the_data_changed_since_the_preview(app):
    data = csv_bytes([place_row(id="a")])
    preview = run(data, dry_run=True)
    run(csv_bytes([place_row(id="a", nom="Arrivé entre-temps")]))
    before = table_dump()
    with pytest.raises(ChangedSincePreview):
        run(data, expect=preview.fingerprint())
    assert table_dump() == before


def wipe() -> None:
    db.session.execute(Place.__table__.delete())
    db.session.commit()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_round_trip_of_the_standard_changes_nothing(demo, kind):
    source = export(kind).text
    wipe()
    run(source.encode())  # import
    before = table_dump()
    exported = export(kind).text  # export
    assert exported == source
    report = run(exported.encode())  # import again
    assert report.counts()["unchanged"] == DEMO_PLACES and report.conflicts == []
    assert table_dump() == before


def test_identical_file_over_places_made_here_changes_no_field(demo):
    before = {s.standard_id: mednum.row_of(s) for s in all_places()}
    report = run(export("csv").text.encode())
    assert report.counts()["unchanged"] == DEMO_PLACES and report.conflicts == []
    assert {s.standard_id: mednum.row_of(s) for s in all_places()} == before


def test_round_trip_into_an_empty_database(demo, tmp_path):
    first = export("csv").text
    wipe()
    report = run(first.encode())
    assert report.counts()["created"] == DEMO_PLACES and report.skipped == 0
    assert export("csv").text == first


def test_round_trip_of_data_inclusion(demo):
    first = data_inclusion.to_json(all_places())
    wipe()
    run(first.encode())
    second = data_inclusion.to_json(all_places())
    wipe()
    run(second.encode())
    assert data_inclusion.to_json(all_places()) == second
    before = table_dump()
    assert run(second.encode()).counts()["unchanged"] == DEMO_PLACES
    assert table_dump() == before


def test_demo_export_passes_the_standard_schema_with_frictionless(demo):
    frictionless = pytest.importorskip("frictionless")
    from kiosk.opendata.schema import SCHEMA

    resource = frictionless.Resource(
        export("csv").text.encode("utf-8"),
        format="csv",
        schema=frictionless.Schema.from_descriptor(SCHEMA),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0
    assert mednum.export_problems(all_places()) == []


def test_export_problems_name_the_cells_the_schema_rejects(app):
    run(csv_bytes([place_row(id="a", code_postal="", telephone="3949")]))
    problems = mednum.export_problems(all_places())
    assert {(p.column, p.value) for p in problems} == {
        ("code_postal", ""),
        ("telephone", "3949"),
    }


def test_data_inclusion_export_passes_its_json_schemas(demo):
    jsonschema = pytest.importorskip("jsonschema")
    data = shared_data()
    if data is None:
        pytest.skip("../shared/data is absent: the data·inclusion schemas live there")
    folder = data / "schemas" / "data-inclusion-v1"
    document = json.loads(export("data-inclusion").text)
    for name, items in (("structure", "structures"), ("service", "services")):
        validator = jsonschema.Draft202012Validator(
            json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        )
        errors = [
            e.message for item in document[items] for e in validator.iter_errors(item)
        ]
        assert errors == []
    assert len(document["services"]) > len(document["structures"]) / 2


def test_geojson_export_has_a_point_a_placed_place(demo):
    document = json.loads(export("geojson").text)
    assert (
        document["type"] == "FeatureCollection"
        and len(document["features"]) == DEMO_PLACES
    )
    feature = document["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert -1 < lon < 0 and 44 < lat < 45  # longitude first, as GeoJSON says
    assert "staff_notes" not in feature["properties"]


def test_the_bundled_schema_is_the_shared_copy_of_the_standard():
    """The schema the checks read is byte for byte the reference copy in
    ../shared/data (when present)."""
    data = shared_data()
    shared = data and data / "schemas" / "standard-mediation-numerique" / "schema.json"
    if shared is None or not shared.exists():
        pytest.skip("../shared/data is absent: the reference schema lives there")
    bundled = Path(schema.__file__).parent / "standard" / "schema.json"
    assert bundled.read_bytes() == shared.read_bytes()


def test_the_real_bordeaux_file_imports_with_a_report(app):
    data = shared_data()
    if data is None or not (data / REAL_FILE).exists():
        pytest.skip(
            "../shared/data/real is absent (the real Bordeaux file lives there)"
        )
    make_need(slug="demarches", rule_services=["Aide aux démarches administratives"])
    raw = (data / REAL_FILE).read_bytes()
    report = run(raw)
    assert report.counts()["created"] == 176 and report.skipped == 0
    codes = {p.code for p in report.problems}
    assert "missing_pivot" in codes and "missing_value" in codes
    assert sum(p.column == "code_postal" for p in report.problems) == 15
    assert report.links > 100  # imported places answer needs at once
    assert run(raw).counts()["unchanged"] == 176
    problems = mednum.export_problems(all_places())
    assert {p.column for p in problems} == {"code_postal"}  # pivot has its placeholder


def test_links_that_are_not_web_addresses_are_left_out_and_said(app):
    # Issue 19, finding 8: a `javascript:` link was imported and shown in the guide.
    good = {"prise_rdv": "https://rdv.example.fr/", "fiche_acces_libre": ""}
    run(csv_bytes([place_row(id="lieu-1", **good)]))
    hostile = {
        "prise_rdv": "javascript:alert(document.cookie)",
        "fiche_acces_libre": " data:text/html,<script>alert(1)</script>",
        "site_web": "JavaScript:alert(1)|https://www.example.fr",
    }
    report = run(csv_bytes([place_row(id="lieu-1", **hostile)]))
    refused = {
        (p.column, p.value) for p in report.problems if p.code == "bad_web_address"
    }
    assert refused == {
        ("prise_rdv", hostile["prise_rdv"]),
        ("fiche_acces_libre", hostile["fiche_acces_libre"].strip()),
        ("site_web", "JavaScript:alert(1)"),
    }
    kept = place("lieu-1")
    assert kept.prise_rdv == "https://rdv.example.fr/"  # a bad value never erases it
    assert kept.fiche_acces_libre == ""
    assert kept.site_web == ["https://www.example.fr"]
