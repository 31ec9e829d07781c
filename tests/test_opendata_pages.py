"""Open-data pages through the Flask client, and the import/export commands."""

import gzip
import html
import io
import json
import re
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kiosk.extensions import db
from kiosk.models import Place
from kiosk.opendata import importer
from tests.admin.conftest import fresh
from tests.conftest import make_need, make_structure, relink
from tests.opendata_helpers import csv_bytes, place_row

ADMIN = "/admin/donnees"


@pytest.fixture
def staff(staff_client):
    return staff_client


@pytest.fixture
def small(app):
    """Two towns, three places, two needs, one place with staff-only notes."""
    papers = make_need(slug="papiers", label={"fr": "Papiers", "en": "Papers"})
    make_need(
        slug="passeport",
        parent_id=papers.id,
        label={"fr": "Passeport", "en": "Passport"},
        rule_typologies=["MUNI"],
    )
    make_need(
        slug="internet",
        label={"fr": "Internet", "en": "Internet"},
        rule_typologies=[],
        rule_services=["Accès internet et matériel informatique"],
    )
    make_structure(
        standard_id="mairie-pessac",
        nom="Mairie de Pessac",
        commune="Pessac",
        adresse="Place de la Ve République",
        code_postal="33600",
        publics_specifiquement_adresses=["Seniors"],
        telephone="+33557930000",
        horaires="Mo-Fr 08:30-17:00; PH off",
        languages=["fr", "es"],
        staff_notes="Contact interne : poste 4242",
    )
    make_structure(
        standard_id="bib-pessac",
        nom="Médiathèque Jacques Ellul",
        commune="Pessac",
        typologie=["BIB"],
        services=["Accès internet et matériel informatique"],
        horaires="Tu-Sa 10:00-18:00",
        languages=["fr", "ar"],
    )
    make_structure(
        standard_id="mairie-begles",
        nom="Mairie de Bègles",
        commune="Bègles",
        horaires="",
        wheelchair=True,
    )
    relink()


def counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'id="count-(\w+)">(\d+)', html)}


def upload(client, data: bytes, name="lieux.csv", **fields):
    form = {"file": (io.BytesIO(data), name), "format": "", **fields}
    return client.post(
        f"{ADMIN}/import?l=en", data=form, content_type="multipart/form-data"
    )


def test_data_page_offers_import_exports_and_the_menu_the_guide(staff):
    html = staff.get(f"{ADMIN}/?l=en").get_data(as_text=True)
    assert 'type="file"' in html and "See the report" in html
    for kind in ("csv", "json", "data-inclusion", "geojson"):
        assert f'href="{ADMIN}/export/{kind}"' in html
    assert f'href="{ADMIN}/recherche">Guide</a>' in html  # in the menu, every page
    assert "/opendata/lieux-de-mediation-numerique.csv" in html


def test_upload_shows_a_preview_then_confirm_applies_exactly_it(staff, app):
    data = csv_bytes([place_row(id="a"), place_row(id="b", nom="", adresse="x")])
    response = upload(staff, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "nothing is written yet" in html
    assert counts(html) == {
        "created": 1,
        "updated": 0,
        "merged": 0,
        "unchanged": 0,
        "skipped": 1,
        "conflicts": 0,
    }
    assert "No name" in html  # the refused row, in plain words
    assert db.session.scalar(select(Place)) is None
    token = re.search(rf'action="{ADMIN}/import/([\w-]+)"', html)[1]
    done = staff.post(f"{ADMIN}/import/{token}?l=en").get_data(as_text=True)
    assert "Import done" in done and counts(done)["created"] == 1
    assert db.session.scalar(select(Place.standard_id)) == "a"
    again = staff.post(f"{ADMIN}/import/{token}?l=en", follow_redirects=True)
    assert "expired" in again.get_data(as_text=True)  # a token works once


def confirm(client, preview: str) -> str:
    token = re.search(rf'action="{ADMIN}/import/([\w-]+)"', preview)[1]
    return client.post(f"{ADMIN}/import/{token}?l=en").get_data(as_text=True)


def conflict_rows(page: str) -> list[list[str]]:
    """Return the rows of the report's conflict table: row, place, column, here,
    in the file."""
    heading = page.index("Changed here by staff, and the file says otherwise")
    table = page[heading : page.index("</table>", heading)]
    body = table[table.index("<tbody>") :]
    return [
        re.findall(r"<td>([^<]*)</td>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_import_conflicts_on_the_admin_page_then_the_file_wins(staff, app):
    """Upload, confirm, a staff edit, a changed file: the report names the conflict
    and keeps the staff value; uploaded again with "the file wins", the preview names
    the staff value it replaces, and the confirmed import writes the file's."""
    from kiosk.admin.forms import PlaceForm
    from kiosk.models import Revision
    from kiosk.revisions import snapshot
    from tests.admin.conftest import form_data

    first = csv_bytes([place_row(id="a", telephone="+33556000000")])
    confirm(staff, upload(staff, first).get_data(as_text=True))
    place = db.session.scalar(select(Place))
    edit = form_data(PlaceForm, snapshot(place), telephone="05 57 11 11 11")
    assert staff.post(f"/admin/places/{place.id}?l=en", data=edit).status_code == 302

    changed = csv_bytes([place_row(id="a", telephone="+33556222222")])
    preview = upload(staff, changed).get_data(as_text=True)
    assert counts(preview)["conflicts"] == 1
    assert "The staff version is kept" in preview
    assert conflict_rows(preview) == [
        ["2", "Bibliothèque de test", "telephone", "+33557111111", "+33556222222"]
    ]
    done = confirm(staff, preview)
    assert "Import done" in done and conflict_rows(done)[0][3] == "+33557111111"
    db.session.expire_all()
    assert db.session.get(Place, place.id).telephone == "+33557111111"

    preview = upload(staff, changed, overwrite="y").get_data(as_text=True)
    assert "The file wins: these values are replaced." in preview
    assert conflict_rows(preview) == [
        ["2", "Bibliothèque de test", "telephone", "+33557111111", "+33556222222"]
    ]
    assert counts(preview)["updated"] == 1
    db.session.expire_all()
    assert db.session.get(Place, place.id).telephone == "+33557111111"
    done = confirm(staff, preview)
    assert "Import done" in done and counts(done)["updated"] == 1
    db.session.expire_all()
    assert db.session.get(Place, place.id).telephone == "+33556222222"

    # Every change is a revision: two imports that wrote, and the staff edit.
    revisions = db.session.scalars(select(Revision).order_by(Revision.id)).all()
    assert [(r.action, r.user_email) for r in revisions] == [
        ("import", "staff-client@example.org"),
        ("update", "staff-client@example.org"),
        ("import", "staff-client@example.org"),
    ]
    last = revisions[-1]
    assert last.before["telephone"] == "+33557111111"
    assert last.after["telephone"] == "+33556222222"
    history = staff.get(f"/admin/history/structure/{place.id}?l=en")
    history_html = history.get_data(as_text=True)
    assert history_html.count("Imported from a file") == 2
    assert "import_snapshot" not in history_html  # bookkeeping, not a field
    # Restoring the staff edit's version brings the staff value back.
    staff.post(f"/admin/history/revision/{revisions[1].id}/restore")
    db.session.expire_all()
    assert db.session.get(Place, place.id).telephone == "+33557111111"


def test_confirm_after_the_data_changed_shows_the_new_preview(staff):
    html = upload(staff, csv_bytes([place_row(id="a")])).get_data(as_text=True)
    token = re.search(rf'action="{ADMIN}/import/([\w-]+)"', html)[1]
    make_structure(standard_id="a", nom="Arrivé entre-temps")
    response = staff.post(f"{ADMIN}/import/{token}?l=en")
    assert response.status_code == 409
    assert "changed since this preview" in response.get_data(as_text=True)
    place = db.session.scalar(select(Place).where(Place.standard_id == "a"))
    assert place.nom == "Arrivé entre-temps"


def test_a_database_failure_during_an_import_is_said_on_an_admin_page(
    staff, monkeypatch
):
    """The database fails half-way (one place already added): the admin's own page
    says nothing was changed, no place is written, and the same preview works once
    the database answers again."""
    rows = [
        place_row(id=name, nom=f"Lieu {name}", adresse=f"{n} rue {name}")
        for n, name in enumerate("abc", start=1)
    ]
    preview = upload(staff, csv_bytes(rows)).get_data(as_text=True)
    token = re.search(rf'action="{ADMIN}/import/([\w-]+)"', preview)[1]
    real_create, calls = importer._Import._create, []

    def create_then_fail(*args):
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real_create(*args)

    monkeypatch.setattr(importer._Import, "_create", create_then_fail)
    response = fresh(staff, "post", f"{ADMIN}/import/{token}")  # in French
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert "X-Kiosk-Error" not in response.headers
    assert 'class="admin-header"' in page and 'id="idle-warning"' not in page
    assert "La base de données n'a pas répondu" in page
    assert "rien n'a été modifié" in page
    assert db.session.scalar(select(func.count()).select_from(Place)) == 0

    monkeypatch.setattr(importer._Import, "_create", real_create)
    done = staff.post(f"{ADMIN}/import/{token}?l=en").get_data(as_text=True)
    assert "Import done" in done and counts(done)["created"] == 3


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("id;nom\n1;Café\n".encode("cp1252"), "not UTF-8"),
        (b"id,nom\n1,Une\n", "Columns required by the standard are missing"),
        (b"PK\x03\x04zip", "spreadsheet"),
    ],
)
def test_bad_file_gets_one_clear_error_in_the_file_field(staff, data, words):
    response = upload(staff, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'class="error" id="file-error">[^<]*' + re.escape(words), html)
    assert 'aria-invalid="true"' in html


def test_no_file_chosen_is_said_in_the_field(staff):
    response = staff.post(f"{ADMIN}/import?l=en", data={"format": ""})
    assert response.status_code == 422
    assert "Choose a file." in response.get_data(as_text=True)


def test_import_page_refuses_without_a_csrf_token(app):
    response = upload(app.test_client(), csv_bytes([place_row()]))
    assert response.status_code == 400


def test_downloads_are_attachments_with_the_standard_name(staff, small):
    response = staff.get(f"{ADMIN}/export/csv")
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition
        == "attachment; filename=2026-11-24_lieux-de-mediation-numerique.csv"
    )
    assert staff.get(f"{ADMIN}/export/xlsx").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "lieux-de-mediation-numerique.csv",
        "lieux-de-mediation-numerique.json",
        "lieux-de-mediation-numerique.geojson",
        "structures-services-data-inclusion.json",
    ],
)
def test_public_open_data_never_holds_staff_notes(client, small, name):
    response = client.get(f"/opendata/{name}")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    text = response.get_data(as_text=True)
    assert "Mairie de Pessac" in text and "poste 4242" not in text
    assert "staff_notes" not in text


def test_an_export_is_written_once_per_change_of_the_places(client, small, monkeypatch):
    # Issue 19, finding 4: each download rebuilt the export (8.8 MB CSV in 18.9 s).
    from kiosk.opendata import exports

    written = _count_writes(monkeypatch)
    url = "/opendata/lieux-de-mediation-numerique.csv"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200 and written == ["csv"]
    assert first.data == again.data and "Mairie de Pessac" in first.text
    etag, changed = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag == again.headers["ETag"] and changed
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": changed}).status_code == 304
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == first.data and written == ["csv"]
    place = db.session.scalar(select(Place).where(Place.nom == "Mairie de Pessac"))
    place.nom = "Mairie de Pessac (centre)"  # an edit: a new export
    db.session.commit()
    # At once, the previous file (nobody waits), the new one written behind it: held
    # here until the check is done (three places are written in a millisecond).
    gate, write_later = threading.Event(), exports._write_later
    monkeypatch.setattr(
        exports, "_write_later", lambda *args: gate.wait(30) and write_later(*args)
    )
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    gate.set()
    exports.wait_for_writers()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Mairie de Pessac (centre)" in changed.text
    assert changed.headers["ETag"] != etag and written == ["csv", "csv"]
    files = sorted(p.name for p in exports._folder().glob("csv-*"))
    assert len(files) == 2 and files[1].endswith(".csv.gz")  # the old one is gone


def test_eight_downloads_at_once_write_the_export_once(app, small, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    written = _count_writes(monkeypatch)

    def download(_n):
        with app.app_context():
            json_file = "/opendata/lieux-de-mediation-numerique.json"
            answer = app.test_client().get(json_file)
            db.session.remove()
            return answer.status_code, answer.data

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(download, range(8)))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1 and written == ["json"]


def _count_writes(monkeypatch) -> list[str]:
    """Return the list of the exports written from now on (kinds, in order)."""
    from kiosk.opendata import exports

    written = []
    real = exports.export
    monkeypatch.setattr(
        exports, "export", lambda kind: written.append(kind) or real(kind)
    )
    return written


def test_public_open_data_can_be_turned_off(app, client, small):
    app.config["OPEN_DATA_ENABLED"] = False
    assert client.get("/opendata/lieux-de-mediation-numerique.csv").status_code == 404
    assert client.get("/opendata/nothing.csv").status_code == 404


def test_open_data_flag_reads_words_from_the_environment(monkeypatch, tmp_path):
    from kiosk import create_app

    monkeypatch.setenv("OPEN_DATA_ENABLED", "off")
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    assert app.config["OPEN_DATA_ENABLED"] is False


def test_guide_groups_by_town_then_type_with_index_hours_and_staff_notes(staff, small):
    html = staff.get(f"{ADMIN}/guide?l=en").get_data(as_text=True)
    assert "Produced on November 24, 2026" in html
    towns = [html.index("<h2>Bègles</h2>"), html.index("<h2>Pessac</h2>")]
    assert towns == sorted(towns)
    pessac = html[towns[1] :]
    assert pessac.index("<h3>Libraries</h3>") < pessac.index("<h3>Town halls</h3>")
    assert pessac.index("Médiathèque Jacques Ellul") < pessac.index("Mairie de Pessac")
    index = html[html.index("Index by need") : towns[0]]
    assert "Papers › Passport" in index and "Internet" in index
    mairie = re.search(
        r'<article class="place" id="lieu-\d+">\s*<h4>Mairie de Pessac.*?</article>',
        html,
        re.S,
    )[0]
    assert "05 57 93 00 00" in mairie and "Spanish" in mairie
    assert "08:30–17:00" in mairie and "Contact interne : poste 4242" in mairie
    assert "Place de la Ve République, 33600 Pessac" in mairie
    assert re.search(r"<dt>Publics</dt><dd[^>]*>Seniors</dd>", mairie)
    assert "Internal contact and notes (staff only)" in mairie
    library = re.search(r"<h4>Médiathèque Jacques Ellul.*?</article>", html, re.S)[0]
    assert re.search(
        r"<dt>Services</dt><dd[^>]*>Accès internet et matériel informatique</dd>",
        library,
    )
    assert re.search(r"<dt>Publics</dt><dd[^>]*>Everyone</dd>", library)
    begles = re.search(r"<h4>Mairie de Bègles.*?</article>", html, re.S)[0]
    assert "call before going" in begles and "wheelchair accessible" in begles
    assert 'media="print"' in html


def test_staff_notes_never_reach_the_kiosk(client, small):
    from tests.conftest import make_kiosk

    make_kiosk(slug="hall")
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert "Mairie de Pessac" in html and "poste 4242" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("need=papiers", {"Mairie de Pessac", "Mairie de Bègles"}),
        ("need=internet", {"Médiathèque Jacques Ellul"}),
        ("commune=Bègles", {"Mairie de Bègles"}),
        ("language=ar", {"Médiathèque Jacques Ellul"}),
        ("open_at=2026-11-24T09:00", {"Mairie de Pessac"}),  # Tuesday 9:00
        ("open_at=2026-11-28T11:00", {"Médiathèque Jacques Ellul"}),  # Saturday
        ("q=ellul", {"Médiathèque Jacques Ellul"}),
        ("need=papiers&commune=Pessac", {"Mairie de Pessac"}),
        (
            "open_at=not-a-date",
            {"Mairie de Pessac", "Mairie de Bègles", "Médiathèque Jacques Ellul"},
        ),
    ],
)
def test_staff_search(staff, small, query, expected):
    html = staff.get(f"{ADMIN}/recherche?{query}").get_data(as_text=True)
    assert set(re.findall(r"<h2>([^<]+)</h2>", html.split('id="results"')[1])) == (
        expected
    )


def test_a_search_with_many_answers_shows_them_page_by_page(staff, app, monkeypatch):
    # Issue 19, finding 4: "mairie" among 25,000 places was a 20 MB page.
    from kiosk.guide import views

    monkeypatch.setattr(views, "RESULTS_PAGE", 3)
    for n in range(7):
        make_structure(standard_id=f"m{n}", nom=f"Mairie annexe {n}", commune="Cenon")
    first = staff.get(f"{ADMIN}/recherche?q=mairie&l=en").get_data(as_text=True)
    names = re.findall(r"<h2>([^<]+)</h2>", first.split('id="results"')[1])
    assert names == ["Mairie annexe 0", "Mairie annexe 1", "Mairie annexe 2"]
    assert "7 places · 1 to 3 shown" in first and 'rel="prev"' not in first
    last = re.search(r'href="([^"]+)" rel="next"', first)[1].replace("&amp;", "&")
    second = staff.get(last).get_data(as_text=True)
    assert "4 to 6 shown" in second and 'rel="prev"' in second
    third = staff.get(f"{ADMIN}/recherche?q=mairie&l=en&page=99").get_data(True)
    assert "7 to 7 shown" in third and 'rel="next"' not in third  # the last page


@pytest.fixture
def binned(small):
    """A town hall in the bin, in a town no other place is in, speaking Turkish."""
    make_structure(
        standard_id="mairie-merignac",
        nom="Mairie de Mérignac",
        commune="Mérignac",
        languages=["tr"],
        staff_notes="Dans la corbeille",
        deleted_at=datetime(2026, 11, 1, 9, 0),
    )
    relink()


def town_options(html: str) -> list[str]:
    select_html = re.search(r'<select id="commune".*?</select>', html, re.S)[0]
    return re.findall(r"<option(?: selected)?>([^<]+)</option>", select_html)


@pytest.mark.parametrize("query", ["", "need=papiers", "q=mairie", "language=tr"])
def test_staff_search_leaves_out_places_in_the_bin(staff, binned, query):
    html = staff.get(f"{ADMIN}/recherche?{query}").get_data(as_text=True)
    assert "Mérignac" not in html.split('id="results"')[1]
    assert town_options(html) == ["Bègles", "Pessac"]
    assert 'value="tr"' not in html  # no language only a binned place speaks


@pytest.mark.parametrize(
    "url",
    [
        f"{ADMIN}/guide",
        *(f"{ADMIN}/export/{kind}" for kind in ("csv", "json", "data-inclusion")),
        f"{ADMIN}/export/geojson",
        "/opendata/lieux-de-mediation-numerique.csv",
        "/opendata/lieux-de-mediation-numerique.json",
        "/opendata/lieux-de-mediation-numerique.geojson",
        "/opendata/structures-services-data-inclusion.json",
    ],
)
def test_guide_and_every_export_leave_out_places_in_the_bin(staff, binned, url):
    response = staff.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Pessac" in text
    assert "rignac" not in text  # neither the name nor the town, escaped or not


def test_guide_and_search_sort_towns_as_a_reader_does(staff, small):
    """Bègles before Bruges: code-point order would put "Bruges" first."""
    make_structure(
        standard_id="mairie-bruges", nom="Mairie de Bruges", commune="Bruges"
    )
    make_structure(
        standard_id="ccas-bruges",
        nom="CCAS de Bruges",
        commune="Bruges",
        typologie=["CCAS"],
    )
    make_structure(
        standard_id="ecrivain",
        nom="Écrivain public",
        commune="Bruges",
        typologie=["MUNI"],
    )
    relink()
    guide_html = staff.get(f"{ADMIN}/guide?l=en").get_data(as_text=True)
    towns = re.findall(r"<h2>([^<]+)</h2>", guide_html)
    assert towns == ["Bègles", "Bruges", "Pessac"]
    bruges = guide_html[guide_html.index("<h2>Bruges</h2>") :]
    assert bruges.index("Social action centres") < bruges.index("Town halls")
    halls = bruges[bruges.index("Town halls") :]
    assert halls.index("Écrivain public") < halls.index("Mairie de Bruges")
    index = guide_html[guide_html.index("Index by need") :]
    papers = re.search(r"<dt>Papers › Passport</dt>\s*<dd>(.*?)</dd>", index, re.S)[1]
    named = re.findall(r">([^<]+)</a>", papers)
    assert named == [
        "Mairie de Bègles",
        "Écrivain public",
        "Mairie de Bruges",
        "Mairie de Pessac",
    ]
    search_html = staff.get(f"{ADMIN}/recherche?l=en").get_data(as_text=True)
    assert town_options(search_html) == ["Bègles", "Bruges", "Pessac"]
    found = re.findall(r"<h2>([^<]+)</h2>", search_html)
    assert found.index("Mairie de Bègles") < found.index("CCAS de Bruges")


def test_search_answers_htmx_with_the_results_only(staff, small):
    response = staff.get(f"{ADMIN}/recherche?q=mairie", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="results"') and "<form" not in html
    assert "HX-Request" in response.headers["Vary"]
    page = staff.get(f"{ADMIN}/recherche?q=mairie").get_data(as_text=True)
    trigger = "input changed delay:300ms from:input[type=search], change, submit"
    assert f'hx-trigger="{trigger}"' in page
    assert 'hx-push-url="true"' in page and 'value="mairie"' in page


def test_cli_import_dry_run_then_real(app, runner, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_bytes([place_row(id="a", pivot="")]))
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Place)) is None
    assert "1" in result.output and "pivot" in result.output
    result = runner.invoke(args=["import", str(path), "--format", "mednum"])
    assert result.exit_code == 0
    assert db.session.scalar(select(Place.standard_id)) == "a"


def staff_edited_then_changed_in_the_file(runner, tmp_path):
    """Import a place, have staff rename it "Corrigé", then write a file renaming it
    "Nouveau"; return that file's path."""
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_bytes([place_row(id="a")]))
    runner.invoke(args=["import", str(path)])
    place = db.session.scalar(select(Place))
    place.nom = "Corrigé"
    db.session.commit()
    path.write_bytes(csv_bytes([place_row(id="a", nom="Nouveau")]))
    return path


def test_cli_import_reports_conflicts_and_overwrite_takes_the_file(
    app, runner, tmp_path
):
    path = staff_edited_then_changed_in_the_file(runner, tmp_path)
    result = runner.invoke(args=["import", str(path)])
    assert "Corrigé" in result.output and "Nouveau" in result.output
    runner.invoke(args=["import", str(path), "--overwrite"])
    db.session.expire_all()
    assert db.session.scalar(select(Place.nom)) == "Nouveau"


def test_cli_import_keeps_a_revision_named_after_the_file(app, runner, tmp_path):
    from kiosk.models import Revision

    path = tmp_path / "lieux-2026.csv"
    path.write_bytes(csv_bytes([place_row(id="a"), place_row(id="b", nom="B")]))
    runner.invoke(args=["import", str(path), "--dry-run"])
    assert db.session.scalar(select(func.count(Revision.id))) == 0
    runner.invoke(args=["import", str(path)])
    path.write_bytes(csv_bytes([place_row(id="a"), place_row(id="b", nom="Bis")]))
    runner.invoke(args=["import", str(path)])
    revisions = db.session.scalars(select(Revision).order_by(Revision.id)).all()
    assert [(r.action, r.user_id, r.user_email) for r in revisions] == [
        ("import", None, "lieux-2026.csv")
    ] * 3  # two places created, then one changed
    assert (revisions[2].before["nom"], revisions[2].after["nom"]) == ("B", "Bis")


def test_cli_overwrite_names_the_staff_values_it_replaces(app, runner, tmp_path):
    path = staff_edited_then_changed_in_the_file(runner, tmp_path)
    result = runner.invoke(args=["import", str(path), "--overwrite", "--dry-run"])
    # The command line speaks French, the staff's language.
    assert "agents « Corrigé » est remplacée par celle du fichier « Nouveau »" in (
        result.output
    )
    assert "lieux en conflit : 1" in result.output


def test_cli_bad_file_fails_with_the_reason(app, runner, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes("é".encode("latin-1"))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "UTF-8" in result.output


@pytest.mark.parametrize(
    ("name", "fmt", "check"),
    [
        ("out.csv", "mednum", lambda t: t.startswith("id,pivot,nom,")),
        ("out.json", "mednum", lambda t: json.loads(t)[0]["id"]),
        ("di.json", "data-inclusion", lambda t: json.loads(t)["structures"]),
        ("map.geojson", "geojson", lambda t: json.loads(t)["features"]),
    ],
)
def test_cli_export(runner, small, tmp_path, name, fmt, check):
    result = runner.invoke(args=["export", "--format", fmt, str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert check((tmp_path / name).read_text(encoding="utf-8"))


def test_the_report_says_bad_hours_in_french_grouped_by_kind(staff):
    rows = [
        place_row(id=f"p{n}", horaires="Lundi au vendredi 8h30-12h30") for n in range(7)
    ]
    form = {"file": (io.BytesIO(csv_bytes(rows)), "lieux.csv"), "format": ""}
    response = staff.post(
        f"{ADMIN}/import", data=form, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    group = html.split("horaires —")[1].split("</section>")[0]
    assert group.startswith(" 7 lignes")
    assert group.count("Non compris au caractère 1") == 5  # the first five rows
    assert "… et 2 autres de cette sorte." in group
    assert "Not understood" not in html and "expected" not in html
