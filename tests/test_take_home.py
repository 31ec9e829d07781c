"""Taking a result home, through the Flask client: QR, phone page, contact card."""

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.admin.attention import base_url_warning
from kiosk.extensions import db
from kiosk.models import Need, Place, ShortLink
from kiosk.takehome.shortlinks import short_code
from tests.conftest import make_kiosk, make_need, make_structure, relink
from tests.qr_decode import decode, svg_image

BASE = "https://kiosque.example.fr"


@pytest.fixture
def hall(app):
    """A kiosk, the passport need and the town hall that answers it."""
    app.config["PUBLIC_BASE_URL"] = BASE
    kiosk = make_kiosk(slug="hall", name="Hall de la mairie")
    make_need(
        slug="passeport",
        label={"fr": "Passeport", "ar": "جواز السفر"},
        to_bring={"fr": "Une photo d'identité"},
    )
    make_structure(
        standard_id="mairie",
        nom="Hôtel de Ville",
        adresse="Place Pey Berland",
        telephone="+33556102020",
        horaires="Mo-Fr 08:30-17:00; PH off",
        getting_there={"fr": "Tram A, arrêt Hôtel de Ville"},
        latitude=44.8400,
        longitude=-0.5760,
    )
    relink()
    return kiosk


def served_qr(html: str) -> str:
    """Return the URL inside the QR code of a page, decoded from the served SVG."""
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S)[0]
    urls = decode(svg_image(svg))
    assert len(urls) == 1
    return urls[0]


def test_result_qr_decodes_to_a_short_url_without_anything_personal(client, hall):
    url = served_qr(client.get("/ar/besoin/passeport").get_data(as_text=True))
    assert re.fullmatch(BASE + r"/p/[a-z2-7]{6}\?l=ar", url)
    assert len(url) <= 40


def test_same_place_need_and_language_give_the_same_url(client, hall):
    first = served_qr(client.get("/fr/besoin/passeport").get_data(as_text=True))
    again = served_qr(client.get("/fr/besoin/passeport/lieu/mairie").get_data(True))
    arabic = served_qr(client.get("/ar/besoin/passeport").get_data(as_text=True))
    assert first == again
    assert arabic == first.replace("?l=fr", "?l=ar")
    assert db.session.scalar(select(func.count()).select_from(ShortLink)) == 1


def test_codes_survive_a_restart_and_depend_on_the_secret(tmp_path):
    codes = []
    for run, secret in enumerate(["one", "one", "two"]):
        app = create_app(
            {
                "SECRET_KEY": secret,
                "PUBLIC_BASE_URL": BASE,
                "DATABASE_URL": f"sqlite:///{tmp_path}/{run}.db",
            }
        )
        with app.app_context():
            db.create_all()
            make_kiosk()
            make_need(slug="passeport")
            make_structure(standard_id="mairie")
            relink()
            html = app.test_client().get("/fr/besoin/passeport").get_data(True)
            codes.append(served_qr(html).split("/p/")[1])
            db.engine.dispose()
    assert codes[0] == codes[1] != codes[2]
    assert codes[0] == short_code("one", "mairie", "passeport", 6) + "?l=fr"


def test_a_taken_code_gets_longer_instead_of_pointing_elsewhere(client, hall, app):
    other = make_structure(standard_id="autre")
    need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    taken = short_code(app.config["SECRET_KEY"], "mairie", "passeport", 6)
    db.session.add(ShortLink(code=taken, structure_id=other.id, need_id=need.id))
    db.session.commit()
    url = served_qr(client.get("/fr/besoin/passeport").get_data(as_text=True))
    assert (
        re.search(r"/p/([a-z2-7]+)\?", url)[1]
        == taken + short_code(app.config["SECRET_KEY"], "mairie", "passeport", 7)[6:]
    )


def test_two_kiosks_creating_the_same_link_at_once_both_get_it(client, hall, app):
    # The second request looked before the first one inserted: its insert meets the
    # row and must answer the same code, not fail (it was a 500 under load).
    from kiosk.models import Place
    from kiosk.takehome.shortlinks import claim_short_code

    need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    place = db.session.scalar(select(Place).where(Place.standard_id == "mairie"))
    first = claim_short_code(place, need)
    assert claim_short_code(place, need) == first
    rows = db.session.scalar(select(func.count()).select_from(ShortLink))
    assert rows == 1
    url = served_qr(client.get("/fr/besoin/passeport").get_data(as_text=True))
    assert f"/p/{first}?" in url


def test_phone_page_stands_alone_with_what_a_visitor_needs(client, hall):
    url = served_qr(client.get("/en/besoin/passeport").get_data(as_text=True))
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "htmx" not in html and "<script" not in html  # no kiosk, no script
    assert "<h1><bdi>Hôtel de Ville</bdi></h1>" in html
    assert 'href="tel:+33556102020"' in html and "05 56 10 20 20" in html
    assert "https://www.google.com/maps/search/?api=1&amp;query=44.84,-0.576" in html
    assert "https://www.openstreetmap.org/?mlat=44.84&amp;mlon=-0.576" in html
    # Read days later on the phone, it still says which day it meant.
    assert "Open on Tuesday 24 November until 5:00" in html
    assert "today at" not in html and "Open now" not in html
    assert len(re.findall(r"<tr", html)) == 7  # the seven days ahead
    assert "Tuesday 24 November" in html and "Sunday 29 November" in html
    assert "Une photo d" in html and "Tram A" in html
    assert re.search(r'href="/p/[a-z2-7]{6}\.vcf\?l=en" download', html)
    assert re.search(r'href="/p/[a-z2-7]{6}\?l=ar" lang="ar" dir="rtl"', html)
    assert "max-age=300" in response.headers["Cache-Control"]


def test_phone_page_in_arabic_is_right_to_left(client, hall):
    url = served_qr(client.get("/ar/besoin/passeport").get_data(as_text=True))
    html = client.get(url.removeprefix(BASE)).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "جواز السفر" in html
    assert '<li lang="fr" dir="ltr">Une photo d' in html
    assert 'lang="ar" dir="rtl">(بالفرنسية)</span>' in html


def test_contact_card_keeps_accents(client, hall):
    url = served_qr(client.get("/fr/besoin/passeport").get_data(as_text=True))
    code = re.search(r"/p/(\w+)", url)[1]
    response = client.get(f"/p/{code}.vcf?l=fr")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert f'filename="{code}.vcf"' in response.headers["Content-Disposition"]
    card = response.data.decode("utf-8")
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Hôtel de Ville\r\n" in card
    assert "TEL;TYPE=WORK,VOICE:+33556102020\r\n" in card
    assert f"NOTE:{BASE}/p/{code}?l=fr\r\n" in card


@pytest.mark.parametrize("taken_off", ["in the bin", "hidden from kiosks"])
def test_a_place_taken_off_the_guide_is_gone_from_its_phone_page(
    client, hall, taken_off
):
    # Issue 19, finding 9: its phone page and card still answered.
    url = served_qr(client.get("/uk/besoin/passeport").get_data(as_text=True))
    code = re.search(r"/p/(\w+)", url)[1]
    place = db.session.scalar(select(Place).where(Place.standard_id == "mairie"))
    if taken_off == "in the bin":
        place.deleted_at = datetime(2026, 11, 20)
    else:
        place.on_kiosk = False
    db.session.commit()
    page = client.get(url.removeprefix(BASE))
    html = page.get_data(as_text=True)
    assert page.status_code == 410 and '<html lang="uk"' in html
    assert "Hôtel de Ville" not in html and "+33556102020" not in html
    card = client.get(f"/p/{code}.vcf?l=uk")
    assert card.status_code == 410 and "BEGIN:VCARD" not in card.get_data(as_text=True)


def test_unknown_phone_page_is_a_plain_404(client, hall):
    for url in ("/p/zzzzzz", "/p/zzzzzz.vcf", "/p/has%20space"):
        assert client.get(url).status_code == 404
    html = client.get("/p/zzzzzz").get_data(as_text=True)
    assert "<script" not in html and "button big home" not in html


def test_without_public_base_url_the_qr_points_to_this_server(client, hall, app):
    app.config["PUBLIC_BASE_URL"] = ""
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert served_qr(html).startswith("http://localhost/p/")


def test_the_admin_is_told_in_a_sentence_where_qr_codes_point(app):
    with app.test_request_context():  # the staff's French
        app.config["PUBLIC_BASE_URL"] = ""
        assert "propre adresse de ce serveur" in base_url_warning()
        app.config["PUBLIC_BASE_URL"] = "http://kiosque.example.fr"
        assert "https://" in base_url_warning()
        assert "PUBLIC_BASE_URL" not in base_url_warning()
        app.config["PUBLIC_BASE_URL"] = BASE
        assert base_url_warning() is None


def test_map_area_holds_the_sketch_and_the_way_in_words(client, hall):
    html = client.get("/en/besoin/passeport").get_data(as_text=True)
    figure = re.search(r'<figure class="map".*?</figure>', html, re.S)[0]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure
    assert 'data-you="44.8378,-0.5792"' in figure
    assert 'data-place="44.84,-0.576"' in figure
    assert re.search(r"\d+ m to the north-east, about \d+ minutes on foot", figure)
