"""The importers under broken files: a report or a readable refusal, never a crash.

Files are built from a valid place of the national standard (or of data·inclusion)
and then damaged: hostile cells, wrong JSON types, missing and extra columns,
duplicate ids, other delimiters and encodings, cut anywhere; or plain random bytes.
The property holds at the function level (`read_file` + `import_places`) and through
the staff's upload page.
"""

import csv
import io
import json
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.opendata import schema
from kiosk.opendata.exports import KINDS, export
from kiosk.opendata.formats import read_file
from kiosk.opendata.importer import import_places
from kiosk.opendata.report import BadFile, problem_line
from tests.opendata_helpers import csv_bytes, place_row

from .conftest import request, tried

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\u202eevil\u202c",
            "\u200b",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e999",
            "-1e999",
            "91",
            "-181",
            "44,84",
            "0x1p3",
            "Mo-Fr 09:00-25:00",
            "Lu-Ve 9h-17h",
            "24/7 ||",
            '"',
            "|||",
            ";;",
            "x" * 12_000,
            "2026-02-30",
            "2026-01-15T25:00",
            "+33 5 56",
        ]
    ),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: json.dumps writes them
    | HOSTILE_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"])


@st.composite
def damaged_rows(draw, values=HOSTILE_TEXT) -> list[dict]:
    """Return 0-4 rows of the standard with some cells replaced by hostile values."""
    rows = []
    for number in range(draw(st.integers(0, 4))):
        row = place_row(id=f"hostile-{number}")
        row.update(draw(st.dictionaries(st.sampled_from(schema.COLUMNS), values)))
        if draw(st.booleans()):
            row["id"] = "hostile-0"  # a duplicate id
        rows.append(row)
    return rows


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(
        encoding, errors="surrogatepass" if "utf" in encoding else "replace"
    )


@st.composite
def csv_files(draw) -> bytes:
    """Return a CSV file of the standard, damaged."""
    rows = draw(damaged_rows())
    header = [c for c in schema.COLUMNS if draw(st.integers(0, 20)) != 0]
    header += draw(st.lists(st.text(max_size=10), max_size=2))  # extra columns
    out = io.StringIO(newline="")
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    writer = csv.DictWriter(
        out, fieldnames=header, delimiter=delimiter, extrasaction="ignore", restval=""
    )
    writer.writeheader()
    writer.writerows(rows)
    data = _encode(out.getvalue(), draw(ENCODINGS))
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@st.composite
def mednum_json_files(draw) -> bytes:
    """Return a JSON file of the standard (a list of objects) with wrong types."""
    rows = draw(damaged_rows(values=JSON_VALUES))
    items = rows + draw(st.lists(JSON_VALUES, max_size=2))  # non-objects in the list
    data = json.dumps(items, ensure_ascii=draw(st.booleans())).encode(
        "utf-8", errors="surrogatepass"
    )
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@st.composite
def data_inclusion_files(draw) -> bytes:
    """Return a data·inclusion file whose structures and services have wrong types."""
    structures = []
    for row in draw(damaged_rows(values=JSON_VALUES)):
        item = {k: v for k, v in row.items() if k in ("id", "nom", "commune")}
        item["adresse"] = row["adresse"]
        item.update(draw(st.dictionaries(st.sampled_from(DI_STRUCTURE), JSON_VALUES)))
        structures.append(item)
    services = [
        {
            "structure_id": draw(
                st.sampled_from(["hostile-0", "hostile-1", "nowhere"])
            ),
            **draw(st.dictionaries(st.sampled_from(DI_SERVICE), JSON_VALUES)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    document = draw(
        st.sampled_from(
            [
                {"structures": structures, "services": services},
                {"structures": structures, "services": draw(JSON_VALUES)},
                {"structures": structures},
            ]
        )
    )
    return json.dumps(document).encode("utf-8", errors="surrogatepass")


DI_STRUCTURE = [
    "id",
    "siret",
    "nom",
    "description",
    "latitude",
    "longitude",
    "horaires_accueil",
    "reseaux_porteurs",
    "courriel",
    "site_web",
    "date_maj",
    "telephone",
]
DI_SERVICE = [
    "nom",
    "thematiques",
    "type",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "modes_accueil",
    "modes_mobilisation",
    "mobilisation_precisions",
    "lien_mobilisation",
]
FILES = st.one_of(
    st.binary(max_size=500),
    csv_files(),
    mednum_json_files(),
    data_inclusion_files(),
)
FORMATS = st.sampled_from([None, "mednum", "data-inclusion"])


def _check_import(data: bytes, fmt, database, dry_run: bool) -> None:
    """Import a file; assert a report or a readable refusal, nothing written on one."""
    before = database.snapshot()
    try:
        report = import_places(read_file(data, fmt), dry_run=dry_run)
    except BadFile as refusal:
        assert refusal.message.strip()
        assert database.snapshot() == before
        return
    for problem in report.problems:
        assert problem_line(problem).strip()
    assert set(report.counts()) >= {"created", "updated", "skipped"}
    if dry_run:
        assert database.snapshot() == before
        return
    for kind in KINDS:  # what was taken in can be given out again
        assert export(kind).text
    database.reset()


def _di(structure: dict, service: dict | None = None) -> bytes:
    """Return a data·inclusion file of one library (and a service) with changes."""
    base = {"id": "hostile-0", "nom": "Bibliothèque", "adresse": "1 place de la Test"}
    services = [{"structure_id": "hostile-0", **service}] if service else []
    document = {"structures": [{**base, **structure}], "services": services}
    return json.dumps(document).encode()


# Found by Hypothesis (each was a 500 on the upload page), kept as regressions.
FOUND = [
    _di({"reseaux_porteurs": -22.8}),  # TypeError: 'float' object is not iterable
    _di({"reseaux_porteurs": [[True], {"a": 1}]}),  # unhashable type: 'list'
    _di({}, {"frais": [None, []]}),  # unhashable type: 'list'
    _di({}, {"thematiques": [{}], "modes_accueil": 3}),  # unhashable, not iterable
    _di({"nom": {"fr": "x"}, "latitude": [], "telephone": {}}),  # objects as text
    b"[" + b"1" * 5000 + b"]",  # ValueError: more than 4,300 digits
    b"[" * 100_000 + b"]" * 100_000,  # RecursionError
]


@given(data=FILES, fmt=FORMATS, dry_run=st.booleans())
@example(data=b"\xff\xfeid\x00", fmt=None, dry_run=True)
@example(
    data=csv_bytes([place_row(latitude="nan", longitude="inf")]),
    fmt=None,
    dry_run=False,
)
def test_a_file_is_imported_with_a_report_or_refused_with_a_reason(
    database, data, fmt, dry_run
):
    tried("importers: read_file + import_places")
    _check_import(data, fmt, database, dry_run)


@pytest.mark.parametrize("data", FOUND)
def test_the_files_hypothesis_found_are_imported_or_refused(database, staff, data):
    tried("importers: regressions")
    _check_import(data, None, database, dry_run=False)
    form = {"file": (io.BytesIO(data), "found.json")}
    response = request(staff, "post", "/admin/donnees/import?l=en", data=form)
    assert response.status_code in (200, 422)


TOKEN = re.compile(r'action="/admin/donnees/import/([A-Za-z0-9_-]+)"')


@given(
    data=FILES,
    fmt=st.sampled_from(["", "mednum", "data-inclusion", "xml", "\x00"]),
    overwrite=st.booleans(),
    name=st.text(max_size=30),
)
@example(data=b"", fmt="", overwrite=False, name="")
def test_the_upload_page_shows_a_preview_or_the_reason_by_the_file_field(
    database, staff, data, fmt, overwrite, name
):
    tried("importers: upload page")
    before = database.snapshot()
    form = {"file": (io.BytesIO(data), name or "x.csv"), "format": fmt}
    if overwrite:
        form["overwrite"] = "y"
    response = request(staff, "post", "/admin/donnees/import?l=en", data=form)
    assert response.status_code in (200, 422), response.status_code
    assert database.snapshot() == before  # a preview writes nothing
    page = response.get_data(as_text=True)
    if response.status_code == 422:
        assert 'id="file-error"' in page or 'id="format-error"' in page
        return
    token = TOKEN.search(page)[1]
    confirmed = request(staff, "post", f"/admin/donnees/import/{token}?l=en")
    assert confirmed.status_code in (200, 409), confirmed.status_code
    database.reset()


@pytest.mark.parametrize("token", ["", "x", "../../etc/passwd", "a" * 300, "%00"])
def test_an_unknown_or_odd_confirmation_token_goes_back_to_the_form(
    database, staff, token
):
    tried("importers: confirmation token")
    before = database.snapshot()
    response = request(staff, "post", f"/admin/donnees/import/{token}")
    assert response.status_code in (302, 404, 405)
    assert database.snapshot() == before
