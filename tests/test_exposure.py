"""The kiosk side shows nothing of the admin (links, staff, revisions, staff notes,
places in the bin); the phone page keeps nothing about the visitor and sends
nothing to anyone."""

import re

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place
from kiosk.opendata.views import PUBLIC_FILES
from kiosk.revisions import record
from tests.admin.conftest import make_user
from tests.conftest import make_kiosk, make_need, make_structure, relink
from tests.test_escaping import Page
from tests.test_take_home import served_qr

BASE = "https://kiosque.example.fr"
NOTES = "Staff only: the director is away until March"
STAFF = "jeanne.staff@mairie.example.org"
BINNED = "Annexe fermée définitivement"


@pytest.fixture
def directory(app):
    """A kiosk, a need, a place with staff notes and a revision by a staff account,
    a place in the bin and one hidden from the kiosks."""
    app.config["PUBLIC_BASE_URL"] = BASE
    make_kiosk(slug="hall-secret-slug", name="Hall Kiosk Name")
    make_need(slug="passeport", label={"fr": "Passeport"}, rule_typologies=["MUNI"])
    place = make_structure(standard_id="mairie", nom="Mairie", staff_notes=NOTES)
    user = make_user(STAFF, "admin")
    record("structure", place, "update", {"nom": "Ancien nom secret"}, user)
    binned = make_structure(standard_id="annexe", nom=BINNED, latitude=44.8379)
    binned.deleted_at = place.updated_at
    make_structure(standard_id="cachee", nom="Lieu caché", on_kiosk=False)
    db.session.commit()
    relink()
    return place


def kiosk_answers(client) -> dict[str, str]:
    """Return every kiosk-side answer a visitor can reach, by URL."""
    urls = ["/", "/fr/", "/fr/besoin/passeport", "/fr/besoin/passeport/lieu/mairie"]
    urls += ["/fr/besoin/passeport/lieu/mairie/fiche", "/offline", "/sw.js"]
    answers = {}
    for url in urls:
        with client.get(url) as response:
            answers[url] = response.get_data(as_text=True)
    code = served_qr(answers["/fr/besoin/passeport"]).split("/p/")[1].split("?")[0]
    for url in (f"/p/{code}?l=fr", f"/p/{code}.vcf?l=fr"):
        answers[url] = client.get(url).get_data(as_text=True)
    for name in PUBLIC_FILES:
        answers[f"/opendata/{name}"] = client.get(f"/opendata/{name}").get_data(True)
    return answers


def test_the_kiosk_side_shows_nothing_of_the_admin(client, directory):
    answers = kiosk_answers(client)
    for url, text in answers.items():
        for private in (NOTES, STAFF, "Ancien nom secret", BINNED, "staff_notes"):
            assert private not in text, (url, private)
        assert not re.search(r"""(href|action|src)=["']?[^"'>]*/admin""", text), url
    for url in ("/fr/besoin/passeport", "/fr/besoin/passeport/lieu/mairie"):
        assert "Lieu caché" not in answers[url]  # hidden from the kiosks
    assert "Lieu caché" in answers["/opendata/lieux-de-mediation-numerique.csv"]


def test_a_place_in_the_bin_is_not_published(client, directory, staff_client):
    for name in PUBLIC_FILES:
        assert BINNED not in client.get(f"/opendata/{name}").get_data(as_text=True)
    staff_csv = staff_client.get("/admin/donnees/export/csv").get_data(as_text=True)
    assert BINNED not in staff_csv and "Mairie" in staff_csv


def test_the_phone_page_keeps_and_sends_nothing_about_the_visitor(client, directory):
    client.get("/k/hall-secret-slug")  # a tablet that is this kiosk
    result = client.get("/fr/besoin/passeport").get_data(as_text=True)
    url = served_qr(result)
    assert re.fullmatch(BASE + r"/p/[a-z2-7]{6}\?l=fr", url)  # nothing else in it
    phone = client.__class__(client.application)  # the visitor's phone: no cookie
    path = url.removeprefix(BASE)
    for answer in (phone.get(path), phone.get(path.replace("?", ".vcf?"))):
        html = answer.get_data(as_text=True)
        assert "Set-Cookie" not in answer.headers
        assert answer.headers["Referrer-Policy"] == "same-origin"
        for private in ("hall-secret-slug", "Hall Kiosk Name", "10:30", "24/11"):
            assert private not in html, private
    page = Page(phone.get(path).get_data(as_text=True))
    for tag, attrs in page.elements:
        if tag in ("script", "img", "iframe", "link", "source", "audio", "video"):
            resource = attrs.get("src") or attrs.get("href") or ""
            assert resource.startswith("/") and not resource.startswith("//"), attrs
    assert not any(tag in ("script", "form", "iframe") for tag, _ in page.elements)


def test_the_phone_page_is_the_same_whoever_asks(client, directory):
    """No kiosk, time of visit or language trail: two visitors get the same page."""
    first = client.get("/fr/besoin/passeport").get_data(as_text=True)
    path = served_qr(first).removeprefix(BASE)
    other = client.__class__(client.application)
    other.get("/k/hall-secret-slug")
    other.get("/ar/besoin/passeport")
    assert client.get(path).get_data() == other.get(path).get_data()


def test_the_slip_shows_no_staff_data(app, directory):
    from datetime import datetime

    from kiosk.printing import slip_bytes
    from kiosk.ranking.hours import PARIS
    from kiosk.takehome.referral import build_slip
    from tests.receipt import read

    need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    kiosk = db.session.scalar(select(Kiosk))
    place = db.session.scalar(select(Place).where(Place.nom == "Mairie"))
    now = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
    slip = build_slip(need, place, kiosk, now, "fr", f"{BASE}/p/abcdef?l=fr", "50 m")
    text = read(slip_bytes(slip)).text
    assert NOTES not in text and STAFF not in text and "Mairie" in text
