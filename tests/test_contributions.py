"""What people outside the team send to the guide: a visitor reports an error from
a phone page, a structure proposes itself ("Référencer ma structure"), and the
open-data page that leads there."""

import re

import pytest
from sqlalchemy import inspect, select

from kiosk.extensions import db
from kiosk.models import ErrorReport, Mail, Place, PlaceProposal
from kiosk.takehome.shortlinks import short_link_code
from tests.conftest import make_kiosk, make_need, make_structure, relink

HOURS = {"kind": "hours", "text": "Fermé le mardi après-midi depuis septembre"}


@pytest.fixture
def phone(app):
    """The phone page of the town hall for the passport: its short code."""
    make_kiosk(slug="hall", name="Hall")
    need = make_need(slug="passeport", label={"fr": "Passeport"})
    place = make_structure(standard_id="mairie", nom="Hôtel de Ville", pivot="")
    relink()
    with app.test_request_context():
        return short_link_code(place, need)


def token_of(html: str) -> str:
    """Return the page's CSRF token ("" when a staff client turned CSRF off)."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    return found[1] if found else ""


def post_report(client, code: str, data: dict, lang: str = "fr", address="10.0.0.1"):
    """Open the report form as a phone does, then send it."""
    url = f"/p/{code}/signaler?l={lang}"
    with client.application.app_context():
        html = client.get(url).get_data(as_text=True)
    with client.application.app_context():
        return client.post(
            url,
            data={**data, "csrf_token": token_of(html)},
            environ_base={"REMOTE_ADDR": address},
        )


def test_a_visitor_reports_wrong_hours_and_staff_see_it(app, phone, staff_client):
    client = app.test_client()
    page = client.get(f"/p/{phone}?l=ar").get_data(as_text=True)
    assert f'href="/p/{phone}/signaler?l=ar"' in page
    form = client.get(f"/p/{phone}/signaler?l=ar").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in form and "مواعيد العمل خاطئة" in form
    answer = post_report(client, phone, HOURS, lang="ar")
    assert answer.status_code == 200
    assert "شكرًا" in answer.get_data(as_text=True)
    [report] = db.session.scalars(select(ErrorReport)).all()
    assert (report.kind, report.text) == ("hours", HOURS["text"])
    # Nothing about the visitor is kept: no address, no browser, no session.
    columns = {c.key for c in inspect(ErrorReport).columns}
    assert columns == {
        "id",
        "structure_id",
        "kind",
        "text",
        "created_at",
        "handled_at",
        "handled_by",
    }
    post_report(app.test_client(), phone, {"kind": "hours"}, address="10.0.0.2")
    with app.app_context():  # a request of its own: not the Arabic phone's
        queue = staff_client.get("/admin/mises-a-jour/").get_data(as_text=True)
    assert "Les horaires sont faux : <strong>2</strong>" in queue
    assert HOURS["text"] in queue
    with app.app_context():
        dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "Des visiteurs ont signalé une erreur sur 1 lieu" in dashboard
    place = db.session.scalar(select(Place))
    staff_client.post(f"/admin/mises-a-jour/signalements/{place.id}")
    dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "signalé une erreur" not in dashboard


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "rien"}, "Choisissez ce qui ne va pas."),
        ({"kind": "aliens"}, "Choisissez ce qui ne va pas."),
        ({"kind": "other", "text": "x" * 301}, "300 caractères au plus."),
        (
            {"kind": "other", "text": "<script>alert(1)</script>"},
            "Écrivez des mots simples, sans code.",
        ),
        ({"kind": "other", "text": "voir javascript:alert(1)"}, "sans code"),
    ],
)
def test_a_report_refuses_bad_input_in_the_visitor_s_words(app, phone, data, message):
    answer = post_report(app.test_client(), phone, data)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html
    assert "<script>alert" not in html
    assert db.session.scalars(select(ErrorReport)).all() == []


def test_reports_are_limited_per_phone_and_need_the_csrf_token(app, phone):
    client = app.test_client()
    for _ in range(5):
        assert post_report(client, phone, HOURS).status_code == 200
    limited = post_report(client, phone, HOURS)
    assert limited.status_code == 429
    assert "Trop de signalements" in limited.get_data(as_text=True)
    assert post_report(client, phone, HOURS, address="10.0.0.9").status_code == 200
    bare = client.post(f"/p/{phone}/signaler", data=HOURS)
    assert bare.status_code == 400
    assert len(db.session.scalars(select(ErrorReport)).all()) == 6


def test_a_report_on_an_unknown_or_gone_place_says_so(app, phone):
    client = app.test_client()
    assert client.get("/p/zzzzzz/signaler").status_code == 404
    db.session.scalar(select(Place)).on_kiosk = False
    db.session.commit()
    assert client.get(f"/p/{phone}/signaler").status_code == 410


JOIN = {
    "nom": "Espace numérique Saint-Michel",
    "typologie": ["ASSO"],
    "pivot": "12345678900017",
    "adresse": "12 rue des Faures",
    "code_postal": "33800",
    "commune": "Bordeaux",
    "telephone": "05 56 00 11 22",
    "courriels": "contact@esm.example.org",
    "services": ["Accès internet et matériel informatique"],
    "languages": ["fr", "ar"],
    "hours_grid": "1",
    "week-0-opens": "09:00",
    "week-0-closes": "12:00",
    "holidays": "closed",
    "wheelchair": "",
    "contact_email": "directrice@esm.example.org",
}


def join(client, data: dict, address: str = "10.0.1.1"):
    with client.application.app_context():
        html = client.get("/referencer-ma-structure").get_data(as_text=True)
    with client.application.app_context():
        return client.post(
            "/referencer-ma-structure",
            data={**data, "csrf_token": token_of(html)},
            environ_base={"REMOTE_ADDR": address},
        )


def test_a_structure_proposes_itself_and_staff_accept_it(app, staff_client):
    make_structure(
        standard_id="esm-old", nom="Espace Numérique Saint Michel", code_postal="33800"
    )
    answer = join(app.test_client(), JOIN)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "Votre proposition est envoyée" in answer.get_data(as_text=True)
    [proposal] = db.session.scalars(select(PlaceProposal)).all()
    assert proposal.fields["horaires"] == "Mo 09:00-12:00; PH off"
    assert proposal.fields["telephone"] == "+33556001122"
    dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "1 structure demande à rejoindre le guide" in dashboard
    queue = staff_client.get("/admin/mises-a-jour/").get_data(as_text=True)
    assert "Peut-être déjà dans le guide" in queue  # the same name, spelt otherwise
    answer = staff_client.post(
        f"/admin/mises-a-jour/propositions/{proposal.id}", data={"decision": "accept"}
    )
    place = db.session.scalar(select(Place).where(Place.source != ""))
    assert answer.location == f"/admin/places/{place.id}"
    assert (place.nom, place.pivot, place.commune) == (
        JOIN["nom"],
        JOIN["pivot"],
        "Bordeaux",
    )
    assert place.standard_id == "espace-numerique-saint-michel"
    assert place.latitude is None  # staff give it a position: the dashboard says so
    [mail] = db.session.scalars(select(Mail)).all()
    assert mail.to_address == "directrice@esm.example.org"
    assert "figure désormais" in mail.body


def test_a_declined_structure_is_told_why(app, staff_client):
    join(app.test_client(), JOIN)
    proposal = db.session.scalar(select(PlaceProposal))
    url = f"/admin/mises-a-jour/propositions/{proposal.id}"
    staff_client.post(url, data={"decision": "decline", "reason": "  "})
    db.session.refresh(proposal)
    assert proposal.status == "pending"  # no reason, no answer
    reason = "Le guide ne liste que les lieux ouverts au public."
    staff_client.post(url, data={"decision": "decline", "reason": reason})
    db.session.refresh(proposal)
    assert proposal.status == "declined"
    [mail] = db.session.scalars(select(Mail)).all()
    assert reason in mail.body and mail.to_address == JOIN["contact_email"]
    assert db.session.scalars(select(Place)).all() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nom": ""}, "Ce champ est obligatoire."),
        ({"contact_email": "pas-une-adresse"}, "pas une adresse de courriel"),
        ({"nom": "<script>alert(1)</script>"}, "sans code"),
        ({"nom": "x" * 400}, "caractères"),
        ({"telephone": "appelez"}, "téléphone"),
        ({"code_postal": "3300"}, "5 chiffres"),
    ],
)
def test_the_join_form_refuses_bad_input_in_its_field(app, changes, message):
    answer = join(app.test_client(), {**JOIN, **changes})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html, html[html.find("error-summary") :][:2000]
    assert "<script>alert" not in html
    assert db.session.scalars(select(PlaceProposal)).all() == []


def test_proposals_are_limited_per_address(app):
    client = app.test_client()
    for _ in range(3):
        assert join(client, JOIN).status_code == 200
    assert join(client, JOIN).status_code == 429
    assert join(client, JOIN, address="10.0.1.2").status_code == 200


def test_duplicates_are_found_by_siret_name_or_address(app):
    from kiosk.upkeep.proposals import duplicates

    same_siret = make_structure(standard_id="a", nom="Autre", pivot=JOIN["pivot"])
    same_address = make_structure(
        standard_id="b", nom="B", adresse="12, Rue des Faures", code_postal="33800"
    )
    elsewhere = make_structure(
        standard_id="c", nom="C", adresse="12 rue des Faures", code_postal="75011"
    )
    proposal = PlaceProposal(
        fields={**JOIN, "adresse": "12 rue des faures"}, contact_email="x@y.fr"
    )
    found = duplicates(proposal)
    assert same_siret in found and same_address in found  # "12, Rue" is "12 rue"
    assert elsewhere not in found  # the same street in another town
    proposal.fields.update(pivot="", adresse="3 rue Neuve")
    assert duplicates(proposal) == []


def test_the_open_data_page_lists_the_files_licence_and_last_change(app, phone):
    page = app.test_client().get("/opendata/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in (
        "lieux-de-mediation-numerique.csv",
        "lieux-de-mediation-numerique.json",
        "lieux-de-mediation-numerique.geojson",
        "structures-services-data-inclusion.json",
    ):
        assert f'href="/opendata/{name}"' in html
        assert app.test_client().get(f"/opendata/{name}").status_code == 200
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert 'href="/referencer-ma-structure"' in html
    app.config["OPEN_DATA_ENABLED"] = False
    assert app.test_client().get("/opendata/").status_code == 404


def test_the_join_form_needs_its_csrf_token(app):
    answer = app.test_client().post("/referencer-ma-structure", data=JOIN)
    assert answer.status_code == 400
    assert db.session.scalars(select(PlaceProposal)).all() == []
