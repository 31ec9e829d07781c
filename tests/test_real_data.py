"""The files that really exist, imported right: the national format before v1, the
list of the France Services, one office from several files, a bad value that never
erases a good one, a file in no known format refused whole, and a report a person
can act on. Fixtures are small and written here, shaped like the real files in
../shared/data/real (used at the end when present)."""

import json

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.models import Need, NeedPlace, Place, PlaceSource
from kiosk.opendata.formats import guess_format, read_file
from kiosk.opendata.importer import import_places
from kiosk.opendata.report import BadFile
from kiosk.taxonomy import install_taxonomy
from tests.opendata_helpers import csv_bytes, place_row, shared_data

# A record of the conseillers numériques' 2022 file, as published (pre-v1).
CNFS = {
    "id": "62592a1d05457b0790816e6c",
    "nom": "Médiathèque Jean Vautrin",
    "services": "Prendre en main un smartphone ou une tablette;Prendre en main un "
    "ordinateur;Utiliser le numérique au quotidien;Approfondir ma culture numérique",
    "pivot": "000 000 000 00000",
    "commune": "GRADIGNAN",
    "code_postal": 33170,
    "adresse": "Route de Léognan",
    "latitude": 44.7725,
    "longitude": -0.6157,
    "courriel": "mediatheque@ville-gradignan.fr",
    "conditions_access": "Gratuit : Je peux accéder gratuitement au lieu et à ses "
    "services",
    "labels_nationaux": "CNFS;Aidants Connect",
    "horaires": "Tu-Sa 10:00-18:00",
    "source": "conseiller-numerique",
    "date_maj": "2022-05-09",
}
# data·inclusion's 2022 export: publics, support, a "/"-joined list, an old frais.
DATA_INCLUSION = {
    "id": "010c714a-71ce-44aa-a8bf-45d63ae4d1e8",
    "nom": "Centre social Les Étoiles",
    "services": "Réaliser des démarches administratives avec un accompagnement / "
    "Accéder à une connexion internet",
    "pivot": "34422913300196",
    "typologie": "CS",
    "commune": "Villenave-d'Ornon",
    "code_postal": "33140",
    "adresse": "2 rue des Étoiles",
    "latitude": 44.78,
    "longitude": -0.56,
    "publics_accueillis": "Adultes;Jeunes (16-26 ans);Seniors (+ 65 ans);Public "
    "langues étrangères",
    "conditions_acces": "Adhésion : L'accès au lieu et/ou à ses services nécessite "
    "d'y adhérer",
    "modalites_accompagnement": "Avec de l'aide : je suis accompagné seul dans "
    "l'usage du numérique;Dans un atelier : j'apprends collectivement",
    "source": "dora",
    "date_maj": "2022-04-24",
}
FS_HEADER = (
    '"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com",'
    '"code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi",'
    '"h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","prise_rdv",'
    '"commentaire","type_fs","format_fs","groupe_fs","labellisation_fs"'
)
FS_EYSINES = (
    '"12","33","France services Eysines","29 avenue de la Libération",,"33162",'
    '"33320","Eysines",44.8847,-0.6493,"eysines@france-services.gouv.fr",'
    '"05 56 16 18 00","13:30 - 17:00","09:00 - 12:00 / 13:30 - 17:00",'
    '"09:00 - 12:00 / 13:30 - 17:00","09:00 - 12:00 / 13:30 - 17:00",'
    '"09:00 - 12:00 / 13:30 - 17:00","09:00 - 12:00","Non",,"Principal","Fixe",,'
    '"Espace labellisé 01/01/2020"'
)
FS_BUS = (
    '"13","33","Bus France services du Médoc","1 place de la Mairie",,"33250",'
    '"33250","Pauillac",45.199,-0.748,"bus@france-services.gouv.fr","05 56 00 00 00",'
    '"09:00 - 12:00",,,,,,"Oui","Tournée le lundi","Principal","Bus_équivalent",,'
    '"Espace labellisé 01/01/2021"'
)


def france_services(*rows: str) -> bytes:
    return "\n".join([FS_HEADER, *rows, ""]).encode()


def json_bytes(items) -> bytes:
    return json.dumps(items, ensure_ascii=False).encode()


def place(standard_id: str) -> Place:
    return db.session.scalar(select(Place).where(Place.standard_id == standard_id))


def count() -> int:
    return db.session.scalar(select(func.count(Place.id)))


def test_the_format_before_v1_is_recognised_and_read_in_v1_words(app):
    data = json_bytes([CNFS, DATA_INCLUSION])
    assert guess_format(data) == "mednum-pre-v1"
    parsed = read_file(data)
    assert parsed.unit == "record"
    cnfs, di = (record.fields for record in parsed.records)
    assert cnfs["services"] == [
        "Maîtrise des outils numériques du quotidien",
        "Compréhension du monde numérique",
    ]
    assert cnfs["dispositif_programmes_nationaux"] == [
        "Conseillers numériques",
        "Aidants Connect",
    ]
    assert cnfs["frais_a_charge"] == ["Gratuit"]
    assert cnfs["code_postal"] == "33170" and cnfs["pivot"] == ""  # zeros: none
    assert cnfs["courriels"] == ["mediatheque@ville-gradignan.fr"]
    assert di["services"] == [
        "Aide aux démarches administratives",
        "Accès internet et matériel informatique",
    ]
    assert di["frais_a_charge"] == ["Payant"]  # "Adhésion": paying, as ANCT reads it
    # "Adultes" beside the young: a place for everyone (and seniors), not youth-only.
    assert di["publics_specifiquement_adresses"] == ["Seniors"]
    assert di["prise_en_charge_specifique"] == ["Langues étrangères (autres)"]
    assert di["modalites_accompagnement"] == [
        "Accompagnement individuel",
        "Dans un atelier collectif",
    ]


def test_the_france_services_list_becomes_places_with_hours(app):
    data = france_services(FS_EYSINES, FS_BUS)
    assert guess_format(data) == "france-services"
    eysines, bus = (record.fields for record in read_file(data).records)
    assert eysines["horaires"] == (
        "Mo 13:30-17:00; Tu-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off"
    )
    assert eysines["typologie"] == ["RFS"]
    assert eysines["dispositif_programmes_nationaux"] == ["France Services"]
    assert eysines["frais_a_charge"] == ["Gratuit"]
    assert eysines["modalites_acces"] == ["Se présenter"]  # prise_rdv "Non"
    assert eysines["telephone"] == "+33556161800"
    assert bus["modalites_acces"] == ["Téléphoner"]  # "Oui": book first
    assert bus["itinerance"] == ["Itinérant"] and bus["on_kiosk"] is False
    report = import_places(read_file(data))
    assert not place("france-services-13").on_kiosk  # a bus: for the guide only
    assert "mobile_unit" in {p.code for p in report.problems}


def test_a_file_in_no_known_format_is_refused_whole(app, runner, tmp_path):
    raw = [{"Lieu": "Abracodabra", "Type Place": "Autre", "Coord. X": 44.8}] * 3
    with pytest.raises(BadFile) as refused:
        read_file(json_bytes(raw))
    assert refused.value.problem.code == "format_not_recognised"
    assert "Lieu, Type Place, Coord. X" in refused.value.message
    path = tmp_path / "gironde.json"
    path.write_bytes(json_bytes(raw))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "Format" in result.output
    assert count() == 0


def test_one_office_from_three_files_is_one_place_with_three_sources(app):
    """The city's file, ANCT's list and the conseillers' file each name Eysines'
    France Services their own way: one place, every source kept, nothing lost."""
    city = place_row(
        id="gironde-eysines-fs",
        nom="EYSINES FRANCE SERVICES",
        adresse="29 av. de la Libération",
        latitude="44.88475",
        longitude="-0.64915",
        typologie="",
        horaires="",
        services="Aide aux démarches administratives",
        pivot="",
    )
    import_places(read_file(csv_bytes([city])))
    report = import_places(read_file(france_services(FS_EYSINES)))
    assert count() == 1 and [m.how for m in report.merged] == ["nearby"]
    merged = place("gironde-eysines-fs")
    assert merged.horaires.startswith("Mo 13:30-17:00")  # the city had none
    assert merged.typologie == ["RFS"]
    assert [s.source_id for s in merged.sources] == [
        "gironde-eysines-fs",
        "france-services-12",
    ]
    cnfs = {**CNFS, "id": "cnfs-eysines", "nom": "France Services Eysines"}
    cnfs.update(latitude=44.8848, longitude=-0.6492, code_postal="33320")
    import_places(read_file(json_bytes([cnfs])))
    assert count() == 1 and len(place("gironde-eysines-fs").sources) == 3
    again = import_places(read_file(france_services(FS_EYSINES)))  # re-imported
    assert count() == 1 and again.merged == [] and again.unchanged == 1


def test_a_siret_match_under_another_id_is_named_in_the_report(app):
    import_places(read_file(csv_bytes([place_row(id="mairie-a")])))
    moved = place_row(id="mairie-b", latitude="44.8401", nom="Médiathèque du centre")
    report = import_places(read_file(csv_bytes([moved])))
    assert count() == 1
    assert [(m.nom, m.into, m.how) for m in report.merged] == [
        ("Médiathèque du centre", "Bibliothèque de test", "siret")
    ]


def test_two_different_desks_in_one_building_stay_two_places(app):
    mairie = place_row(id="mairie", nom="Mairie de Pessac", pivot="")
    ccas = place_row(id="ccas", nom="CCAS de Pessac", pivot="", adresse="Place")
    import_places(read_file(csv_bytes([mairie])))
    report = import_places(read_file(csv_bytes([ccas])))
    assert count() == 2 and report.merged == []


def test_a_bad_value_never_erases_a_good_one(app):
    good = place_row(id="mairie", telephone="05 56 00 00 00")
    import_places(read_file(csv_bytes([good])))
    before = place("mairie")
    position, hours = (before.latitude, before.longitude), before.horaires
    bad = place_row(
        id="mairie", latitude="999", telephone="voir site", horaires="lundi matin"
    )
    report = import_places(read_file(csv_bytes([bad])))
    db.session.expire_all()
    after = place("mairie")
    assert (after.latitude, after.longitude) == position
    assert after.telephone == "+33556000000" and after.horaires == hours
    codes = {p.code for p in report.problems}
    assert {"bad_number", "phone_bad", "bad_hours"} <= codes
    message = next(p for p in report.problems if p.code == "bad_number").message
    assert "garde sa position" in message  # staff's language: French
    fresh = {**bad, "id": "new", "nom": "Neuf", "pivot": ""}
    new = import_places(read_file(csv_bytes([fresh])))
    assert new.counts()["created"] == 1 and place("new").latitude is None


def test_the_report_groups_problems_and_says_what_the_kiosk_will_lack(app):
    install_taxonomy()
    rows = [
        place_row(
            id=f"p{n}",
            nom=f"Médiathèque {n}" if n % 2 else f"Association {n}",
            adresse=f"{n} rue du Test",
            pivot="",
            typologie="",
            horaires="",
        )
        for n in range(1, 9)
    ]
    report = import_places(read_file(csv_bytes(rows)))
    pivots = next(g for g in report.problem_groups() if g.code == "missing_pivot")
    assert len(pivots.problems) == 8 and len(pivots.shown) == 5 and pivots.more == 3
    coverage = report.coverage
    assert coverage["places"] == 8 and coverage["hours"] == 0
    assert coverage["inferred"] == 4 and coverage["inferred_kinds"] == {"BIB": 4}
    assert coverage["untyped"] == 4


def test_json_problems_are_numbered_by_record_and_say_so(app, runner, tmp_path):
    path = tmp_path / "cnfs.json"
    path.write_bytes(json_bytes([CNFS, {**CNFS, "id": "x", "nom": ""}]))
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "enregistrement 2, nom: Pas de nom" in result.output  # French, for staff


def test_pre_v1_places_answer_the_kiosk_s_needs(app):
    install_taxonomy()
    import_places(read_file(json_bytes([CNFS, DATA_INCLUSION])))
    smartphone = db.session.scalar(select(Need).where(Need.slug == "smartphone"))
    linked = db.session.scalars(
        select(Place.standard_id)
        .join(NeedPlace, NeedPlace.structure_id == Place.id)
        .where(NeedPlace.need_id == smartphone.id)
    ).all()
    assert linked == [CNFS["id"]]  # by its programme: a conseiller numérique


def test_sources_are_removed_with_their_place(app):
    import_places(read_file(csv_bytes([place_row(id="a")])))
    db.session.delete(place("a"))
    db.session.commit()
    assert db.session.scalar(select(func.count(PlaceSource.id))) == 0


REAL = shared_data()


@pytest.mark.skipif(REAL is None, reason="../shared/data/real is absent")
def test_the_real_files_are_recognised_and_the_raw_one_refused(app):
    real = REAL / "real"
    expected = {
        "bordeaux-metropole_lieux-mediation-numerique_DERIVED.csv": "mednum",
        "france-services_2024-08-01.csv": "france-services",
        "lieux-mediation-numerique_pre-v1_conseillers-numeriques_2022.json": (
            "mednum-pre-v1"
        ),
        "lieux-mediation-numerique_pre-v1_data-inclusion_2022.json": "mednum-pre-v1",
    }
    for name, fmt in expected.items():
        assert guess_format((real / name).read_bytes()) == fmt, name
    for name in ("gironde.json", "aidants-connect_structures_2021.json"):
        with pytest.raises(BadFile):
            guess_format((real / name).read_bytes())


@pytest.mark.skipif(REAL is None, reason="../shared/data/real is absent")
def test_bordeaux_real_file_gives_a_working_kiosk(app):
    """init-db's taxonomy, the city's file, a kiosk: every tile answers."""
    install_taxonomy()
    data = REAL / "real" / "bordeaux-metropole_lieux-mediation-numerique_DERIVED.csv"
    report = import_places(read_file(data.read_bytes()))
    assert report.counts()["created"] == 176 and report.coverage["hours"] == 0
    assert report.coverage["inferred"] > 80  # médiathèques, CCAS, centres sociaux…
    leaves = db.session.scalars(select(Need).where(~Need.children.any())).all()
    answered = set(db.session.scalars(select(NeedPlace.need_id).distinct()))
    assert [n.slug for n in leaves if n.id not in answered] == []


def test_init_db_then_a_city_file_then_a_kiosk_is_a_working_kiosk(app, client, runner):
    """No demo data: the taxonomy of init-db, one file of a city, kiosk-add."""
    install_taxonomy()
    rows = [
        place_row(id="mairie", nom="Mairie de Saint-Flour", typologie="", pivot=""),
        place_row(
            id="mediatheque",
            nom="Médiathèque de Saint-Flour",
            adresse="2 rue du Test",
            typologie="",
            pivot="",
            services="Maîtrise des outils numériques du quotidien",
        ),
    ]
    import_places(read_file(csv_bytes(rows)))
    result = runner.invoke(
        args=["kiosk-add", "hall", "--name", "Hall", "--lat", "44.84", "--lon", "-0.57"]
    )
    assert result.exit_code == 0, result.output
    home = client.get("/fr/").get_data(as_text=True)
    assert home.count('class="tile') >= 8
    passport = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert "Mairie de Saint-Flour" in passport and "Mairie · Gratuit" in passport
    phone = client.get("/fr/besoin/smartphone").get_data(as_text=True)
    assert "Médiathèque de Saint-Flour" in phone
