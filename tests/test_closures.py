"""A temporary closure on every visitor screen: the result card, the phone page, the
slip and the receipt; the ranking; gone after its last day; in the exports."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from kiosk.clock import now
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, ShortLink
from kiosk.opendata.exports import export
from kiosk.printing import slip_bytes
from kiosk.takehome.referral import build_slip
from tests.admin.conftest import fresh
from tests.conftest import make_kiosk, make_need, make_structure, relink
from tests.receipt import read

HOURS = "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off"
SUMMER = {
    "starts_on": "2027-07-19",
    "ends_on": "2027-08-15",
    "closed": True,
    "notice": "Fermé pour travaux jusqu’au 15 août",
    "service": "",
}
INSIDE = "2027-08-03T10:30:00"  # a Tuesday inside the closure
AFTER = "2027-08-17T10:30:00"  # the Tuesday after


@pytest.fixture
def ccas(app):
    """A kiosk, a need, the CCAS closed for the summer and a farther open desk."""
    app.config["PUBLIC_BASE_URL"] = "https://kiosque.example.fr"
    make_kiosk(slug="hall", name="Hall")
    make_need(slug="logement", label={"fr": "Logement", "en": "Housing"})
    place = make_structure(
        standard_id="ccas",
        nom="CCAS de Cenon",
        horaires=HOURS,
        latitude=44.8385,
        closures=[SUMMER],
    )
    make_structure(standard_id="mairie", nom="Mairie annexe", latitude=44.8420)
    relink()
    return place


def _card(client, lang="en", place="ccas") -> str:
    url = f"/{lang}/besoin/logement/lieu/{place}"
    html = fresh(client, "get", url).get_data(as_text=True)  # its own language
    return re.search(r'<article class="place best".*?</article>', html, re.S)[0]


def test_inside_the_closure_the_card_says_until_when_and_when_it_reopens(
    client, app, ccas
):
    app.config["FROZEN_NOW"] = INSIDE
    card = _card(client)
    assert "Closed until 15 August — reopens Monday 16 August at 8:30" in card
    assert (
        '<span lang="fr" dir="ltr">Fermé pour travaux jusqu’au 15 août</span>' in card
    )
    french = _card(client, "fr")
    assert "Fermé jusqu’au 15 août — réouvre le lundi 16 août à 08:30" in french


def test_inside_the_closure_the_open_desk_comes_first(client, app, ccas):
    app.config["FROZEN_NOW"] = INSIDE
    html = client.get("/en/besoin/logement").get_data(as_text=True)
    assert html.index("Mairie annexe") < html.index("CCAS de Cenon")
    app.config["FROZEN_NOW"] = AFTER
    html = client.get("/en/besoin/logement").get_data(as_text=True)
    assert html.index("CCAS de Cenon") < html.index("Mairie annexe")


def test_after_the_closure_the_notice_is_gone(client, app, ccas):
    app.config["FROZEN_NOW"] = AFTER
    card = _card(client)
    assert "Open now" in card
    assert "Closed until" not in card and "travaux" not in card


def test_two_weeks_before_the_closure_is_announced(client, app, ccas):
    app.config["FROZEN_NOW"] = "2027-07-06T10:30:00"
    card = _card(client)
    assert "Open now" in card
    assert "Closed from 19 July to 15 August" in card


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_the_closure_is_said_in_the_visitor_s_language(client, app, ccas, lang):
    app.config["FROZEN_NOW"] = INSIDE
    card = _card(client, lang)
    assert "Closed until" not in card
    assert 'lang="fr"' in card  # staff's words, marked French


def test_the_phone_page_and_the_slip_say_it_too(client, app, ccas):
    app.config["FROZEN_NOW"] = INSIDE
    client.get("/en/besoin/logement/lieu/ccas")  # makes the short link
    code = db.session.scalar(select(ShortLink.code))
    phone = client.get(f"/p/{code}?l=en").get_data(as_text=True)
    assert "Closed until 15 August — reopens Monday 16 August at 8:30" in phone
    assert "Fermé pour travaux" in phone
    assert phone.count("Temporarily closed") == 7  # the week ahead
    slip = client.get("/en/besoin/logement/lieu/ccas/fiche").get_data(as_text=True)
    assert "Closed until 15 August — reopens Monday 16 August at 8:30" in slip
    assert "Fermé pour travaux" in slip


def test_the_receipt_prints_the_closure(app, ccas):
    app.config["FROZEN_NOW"] = INSIDE
    with app.test_request_context():
        slip = build_slip(
            db.session.scalar(select(Need)),
            ccas,
            db.session.scalar(select(Kiosk)),
            now(),
            "en",
            "https://kiosque.example.fr/p/abcdef",
            "300 m",
        )
    words = read(slip_bytes(slip, 80)).words
    assert "Closed until 15 August" in words
    assert "travaux" in words


def test_the_exports_carry_the_closure_as_a_dated_off_rule(app, ccas):
    with app.test_request_context():
        rows = list(csv.DictReader(io.StringIO(export("csv").text)))
    (row,) = [r for r in rows if r["id"] == "ccas"]
    assert row["horaires"] == (
        HOURS + '; 2027 Jul 19-2027 Aug 15 off "Fermé pour travaux jusqu’au 15 août"'
    )
