"""Reading files of the national standard: what is taken in, what is refused, why."""

import json
from datetime import date

import pytest

from kiosk.opendata import data_inclusion, mednum, schema
from kiosk.opendata.cells import clean_phone
from kiosk.opendata.formats import guess_format, read_file
from kiosk.opendata.report import BadFile, problem_line
from tests.opendata_helpers import csv_bytes, place_row


@pytest.fixture(autouse=True)
def english(app):
    """Messages in English (the msgids), whatever the staff language is."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield


def problems_of(parsed, code):
    return [p for p in parsed.problems if p.code == code]


def test_schema_is_read_from_the_published_file():
    assert schema.VERSION == "v1.0.2"
    assert len(schema.COLUMNS) == 32 and schema.COLUMNS[:3] == ["id", "pivot", "nom"]
    assert schema.REQUIRED == [
        "id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"
    ]  # fmt: skip
    assert len(schema.VOCABULARIES["services"]) == 9
    assert (
        "Langues étrangères (anglais)"
        in schema.VOCABULARIES["prise_en_charge_specifique"]
    )
    assert schema.MAX_LENGTHS == {"presentation_resume": 280}


def test_a_valid_row_becomes_place_fields():
    parsed = mednum.parse_csv(csv_bytes([place_row()]))
    assert parsed.problems == []
    fields = parsed.records[0].fields
    assert (
        fields["standard_id"] == "bib-test" and fields["nom"] == "Bibliothèque de test"
    )
    assert fields["latitude"] == 44.84 and fields["date_maj"] == date(2026, 1, 15)
    assert fields["services"] == ["Accès internet et matériel informatique"]
    assert parsed.records[0].row == 2  # the line in the file, header is line 1


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        ("+33556000000", "+33556000000", None),
        ("05 56 10 20 30", "+33556102030", "phone_fixed"),
        ("05.56.10.20.30", "+33556102030", "phone_fixed"),
        ("+33 (0)5 56 10 20 30", "+33556102030", "phone_fixed"),
        ("0262 12 34 56", "+262262123456", "phone_fixed"),
        ("3949", "3949", "phone_kept"),
        ("05 56", "05 56", "phone_kept"),
    ],
)
def test_phones_are_written_the_standard_way_only_when_unambiguous(raw, expected, code):
    assert clean_phone(raw) == (expected, code)


def test_imperfect_row_is_taken_in_with_warnings(app):
    row = place_row(
        pivot="",
        code_postal="",
        telephone="3646",
        services="Comprehension du monde numérique;Aide aux démarches administratives",
        formations_labels="Étapes numériques (La Poste)",
        publics_specifiquement_adresses="Seniors|Robots",
        presentation_resume="x" * 300,
        horaires="Lu-Ve 9h-12h",
        date_maj="15/01/2026",
    )
    parsed = mednum.parse_csv(csv_bytes([row]))
    fields = parsed.records[0].fields
    assert fields["pivot"] == "" and fields["code_postal"] == ""
    assert fields["telephone"] == "3646"
    assert fields["services"] == [
        "Compréhension du monde numérique",
        "Aide aux démarches administratives",
    ]
    assert fields["formations_labels"] == ["Étapes numériques(La Poste)"]
    assert fields["publics_specifiquement_adresses"] == ["Seniors"]
    assert fields["date_maj"] is None
    found = {(p.code, p.column) for p in parsed.problems}
    assert {
        ("missing_pivot", "pivot"),
        ("missing_value", "code_postal"),
        ("phone_kept", "telephone"),
        ("semicolon", "services"),
        ("spelling", "services"),
        ("spelling", "formations_labels"),
        ("unknown_value", "publics_specifiquement_adresses"),
        ("too_long", "presentation_resume"),
        ("bad_hours", "horaires"),
        ("bad_date", "date_maj"),
    } <= found
    robots = problems_of(parsed, "unknown_value")[0]
    assert robots.row == 2 and robots.value == "Robots"
    assert "Robots" in robots.message and "left out" in robots.message
    spelling = problems_of(parsed, "spelling")[0]
    assert "Compréhension du monde numérique" in spelling.message
    assert "3646" in problems_of(parsed, "phone_kept")[0].message


def test_every_problem_line_of_the_command_line_shows_the_value(app):
    """The command line's report names the row, the column and the value of each
    problem, even where the message itself does not quote it."""
    services = (
        "Aide aux démarches administratives;Accès internet et matériel informatique"
    )
    row = place_row(services=services, presentation_resume="Un texte " + "x" * 300)
    parsed = mednum.parse_csv(csv_bytes([row]))
    lines = {p.code: problem_line(p) for p in parsed.problems}
    assert lines["semicolon"].startswith(f"line 2, services, “{services}”: Values ")
    assert lines["too_long"].startswith("line 2, presentation_resume, “Un texte xxx")
    assert "…”: 309 characters" in lines["too_long"]
    bad = mednum.parse_csv(csv_bytes([place_row(code_postal="3300")]))
    line = problem_line(problems_of(bad, "bad_pattern")[0])
    assert line.count("3300") == 1  # quoted by the message: not twice


def test_rows_that_cannot_be_placed_are_refused(app):
    rows = [
        place_row(id="a", nom=""),
        place_row(id="b", latitude="", longitude="", adresse=""),
        place_row(id="c", latitude="", longitude=""),  # an address is enough
    ]
    parsed = mednum.parse_csv(csv_bytes(rows))
    assert [r.standard_id for r in parsed.records] == ["c"]
    refused = {(p.code, p.row) for p in parsed.problems if p.refused}
    assert refused == {("no_name", 2), ("no_location", 3)}
    assert "cannot be shown" in problems_of(parsed, "no_name")[0].message


def test_missing_id_is_made_from_name_and_town(app):
    parsed = mednum.parse_csv(csv_bytes([place_row(id="")]))
    assert parsed.records[0].standard_id == "bibliotheque-de-test-bordeaux"
    assert (
        problems_of(parsed, "missing_id")[0].params["made"]
        == parsed.records[0].standard_id
    )


def test_placeholder_pivot_of_the_national_map_reads_as_no_siret():
    parsed = mednum.parse_csv(csv_bytes([place_row(pivot="00000000000000")]))
    assert parsed.records[0].fields["pivot"] == ""


def test_semicolon_separated_columns_are_read_with_a_warning():
    parsed = mednum.parse_csv(csv_bytes([place_row()], delimiter=";"))
    assert parsed.records[0].fields["nom"] == "Bibliothèque de test"
    assert problems_of(parsed, "semicolon_columns")


def test_multiline_cells_keep_the_line_numbers_of_the_file():
    rows = [place_row(id="a", presentation_detail="un\ndeux\ntrois"), place_row(id="b")]
    parsed = mednum.parse_csv(csv_bytes(rows))
    assert [r.row for r in parsed.records] == [2, 5]


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty", "empty"),
        ("nom,id\nCafé,1\n".encode("cp1252"), "not_utf8", "UTF-8"),
        (b"PK\x03\x04rest-of-a-zip", "not_csv", "spreadsheet"),
        (b"%PDF-1.7 ...", "not_csv", "PDF"),
        (b"id,nom\n1,Une\n", "missing_columns", "pivot, commune"),
        (b'id,pivot,nom\n"1,unterminated', "missing_columns", "commune"),
    ],
)
def test_bad_files_get_one_clear_error(app, data, code, words):
    with pytest.raises(BadFile) as caught:
        read_file(data)
    assert caught.value.problem.code == code
    assert words in caught.value.message


def test_broken_csv_quoting_is_a_bad_file(app):
    header = ",".join(schema.COLUMNS)
    data = f'{header}\n"a,"b"c\n'.encode()
    with pytest.raises(BadFile) as caught:
        mednum.parse_csv(data)
    assert caught.value.problem.code == "not_csv"


def test_bad_json_files(app):
    with pytest.raises(BadFile) as caught:
        read_file(b"[{bad json")
    assert caught.value.problem.code == "not_json"
    with pytest.raises(BadFile) as caught:
        read_file(b'{"hello": 1}')  # no format has an object of this shape
    assert caught.value.problem.code == "format_not_recognised"
    assert "hello" in caught.value.message
    with pytest.raises(BadFile) as caught:
        read_file(b"{}", "data-inclusion")
    assert caught.value.problem.code == "json_shape"


def test_json_of_the_standard_accepts_arrays_numbers_and_nulls():
    item = place_row(latitude=None, longitude=None)
    item.update(
        latitude=44.84, longitude=-0.57, services=["Aide aux démarches administratives"]
    )
    item["complement_adresse"] = None
    parsed = read_file(json.dumps([item, "not a place"]).encode())
    fields = parsed.records[0].fields
    assert fields["latitude"] == 44.84 and fields["complement_adresse"] == ""
    assert fields["services"] == ["Aide aux démarches administratives"]
    assert problems_of(parsed, "not_an_object")[0].row == 2


def test_format_is_guessed_from_the_content():
    assert guess_format(csv_bytes([place_row()])) == "mednum"
    assert guess_format(b"[]") == "mednum"
    assert guess_format(b'{"structures": [], "services": []}') == "data-inclusion"


def test_data_inclusion_structure_and_services_read_through_the_crosswalk(app):
    document = {
        "structures": [
            {
                "source": "dora",
                "id": "dora-1",
                "nom": "CCAS de Test",
                "date_maj": "2026-02-01",
                "siret": "21330063500017",
                "commune": "Bordeaux",
                "code_postal": "33000",
                "adresse": "2 rue du CCAS",
                "telephone": "05 56 00 00 01",
                "reseaux_porteurs": ["ccas-cias", "france-service"],
            }
        ],
        "services": [
            {
                "source": "dora",
                "structure_id": "dora-1",
                "id": "s1",
                "nom": "Aide numérique",
                "description": "Aide aux démarches en ligne.",
                "date_maj": "2026-02-01",
                "thematiques": ["numerique--acceder-a-une-connexion-internet"],
                "publics": ["seniors", "personnes-en-situation-de-handicap"],
                "frais": "gratuit",
                "modes_mobilisation": ["telephoner"],
                "type": "atelier",
            },
            {"structure_id": "elsewhere", "id": "s2", "nom": "Orphan"},
        ],
    }
    parsed = data_inclusion.parse(json.dumps(document).encode())
    fields = parsed.records[0].fields
    assert fields["typologie"] == ["CCAS", "RFS"]
    assert fields["dispositif_programmes_nationaux"] == ["France Services"]
    assert fields["services"] == ["Accès internet et matériel informatique"]
    assert fields["publics_specifiquement_adresses"] == ["Seniors"]
    assert fields["frais_a_charge"] == ["Gratuit"]
    assert fields["modalites_acces"] == ["Téléphoner"]
    assert fields["modalites_accompagnement"] == ["Dans un atelier collectif"]
    assert fields["telephone"] == "+33556000001"
    assert "itinerance" not in fields  # data·inclusion does not carry it
    orphan = problems_of(parsed, "unknown_structure")[0]
    assert orphan.row == 2 and orphan.value == "elsewhere"
