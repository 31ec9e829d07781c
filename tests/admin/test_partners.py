"""Partners: invited or made by an administrator, they search the guide (words,
needs, town, language, audience, open now), print a place's sheet or a referral
sheet, never see staff notes, and change nothing."""

import html
import re

import pytest
from sqlalchemy import select

from kiosk.admin.invitations import invitation_token
from kiosk.extensions import db
from kiosk.models import Place, User
from tests.conftest import make_structure

from .conftest import PASSWORD, Staff, make_user


@pytest.fixture
def partner(staff, demo):
    make_user("cnfs@example.org", "partner")
    assert staff.login("cnfs@example.org").status_code == 302
    return staff


def _names(page: str) -> list[str]:
    return re.findall(r'<article class="place"[^>]*>\s*<h2>([^<]+)</h2>', page)


def test_a_partner_starts_on_the_guide_with_its_menu(partner):
    page = partner.get("/admin/donnees/recherche").get_data(as_text=True)
    menu = page.split('class="admin-header"')[1].split("</header>")[0]
    assert re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a></li>', menu) == ["Guide"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [("carte grise", "Hôtel de Ville de Bordeaux"), ("impôts", "finances publiques")],
)
def test_words_find_places_by_the_needs_they_answer(partner, words, expected):
    page = partner.get(f"/admin/donnees/recherche?q={words}").get_data(as_text=True)
    names = _names(page)
    assert names, words
    assert any(expected in name for name in names), names


def test_accents_and_case_do_not_matter(partner):
    with_accent = partner.get("/admin/donnees/recherche?q=Impôts").get_data(True)
    without = partner.get("/admin/donnees/recherche?q=impots").get_data(True)
    assert _names(with_accent) == _names(without) != []


def test_audience_and_open_now_narrow_the_search(partner):
    every = _names(partner.get("/admin/donnees/recherche").get_data(as_text=True))
    page = partner.get("/admin/donnees/recherche?public=Seniors").get_data(True)
    seniors = _names(page)
    assert 0 < len(seniors) < len(every)
    place = db.session.scalar(select(Place).where(Place.nom == seniors[0]))
    assert "Seniors" in place.publics_specifiquement_adresses
    open_now = _names(partner.get("/admin/donnees/recherche?open_now=1").get_data(True))
    assert 0 < len(open_now) < len(every)  # Tuesday 10:30: not every place


def test_the_need_filter_lists_sub_needs_under_their_tile(partner):
    page = partner.get("/admin/donnees/recherche").get_data(as_text=True)
    select_html = page.split('<select id="need"')[1].split("</select>")[0]
    options = re.findall(r">(— )?([^<]+)</option>", select_html)
    labels = [("— " if dash else "") + html.unescape(text) for dash, text in options]
    papers = labels.index("Papiers")
    assert labels[papers + 1 : papers + 7] == [
        "— Passeport français",
        "— Carte d'identité française",
        "— Passeport ou carte d'un autre pays",
        "— Titre de séjour",
        "— Permis de conduire",
        "— Carte grise",
    ]
    assert labels[papers + 7] == "Impôts"


def test_partners_never_see_staff_notes(partner, staff):
    page = partner.get("/admin/donnees/guide").get_data(as_text=True)
    assert "staff-notes" not in page and "poste 2031" not in page
    editor = Staff(staff.client.application.test_client())
    make_user("editor@example.org", "editor")
    editor.login("editor@example.org")
    assert "poste 2031" in editor.get("/admin/donnees/guide").get_data(as_text=True)


def test_a_place_sheet_and_a_referral_sheet_print_what_the_person_needs(partner):
    place = db.session.scalar(
        select(Place).where(Place.nom == "Hôtel de Ville de Bordeaux")
    )
    sheet = partner.get(f"/admin/donnees/lieu/{place.id}").get_data(as_text=True)
    assert "Hôtel de Ville de Bordeaux" in sheet and "data-print" in sheet
    form = partner.get(f"/admin/donnees/orientation/{place.id}?need=carte-grise")
    page = form.get_data(as_text=True)
    assert 'value="cnfs@example.org"' in page  # who sends them
    assert 'value="2026-11-24"' in page  # today
    assert re.search(r'<option selected value="carte-grise">', page)
    query = {
        "need": "carte-grise",
        "sentence": "M. D. a vendu sa voiture et doit déclarer la cession.",
        "to_bring": "Carte grise barrée\nPièce d'identité",
        "day": "2026-11-24",
        "sender": "Léa, conseillère numérique, 05 56 00 00 00",
    }
    url = f"/admin/donnees/orientation/{place.id}/fiche"
    referral = partner.get(url, query_string=query).get_data(as_text=True)
    assert "Fiche d’orientation" in referral
    assert "M. D. a vendu sa voiture" in referral
    assert "Papiers › Carte grise" in referral
    assert "mardi 24 novembre 2026" in referral
    assert "Léa, conseillère numérique" in referral
    assert "Carte grise barrée" in referral and "Place Pey Berland" in referral


def test_a_place_in_the_bin_has_no_sheet(partner):
    place = make_structure(deleted_at=db.func.now())
    assert partner.get(f"/admin/donnees/lieu/{place.id}").status_code == 404


def test_an_administrator_invites_a_partner_who_chooses_a_password(as_admin, app):
    page = as_admin.post("/admin/accounts/invite", {"email": "AS@Example.org"})
    link = re.search(r'value="(http://localhost/admin/invitation/[^"]+)"', page.text)
    assert link, page.text
    guest = Staff(app.test_client())
    path = link[1].removeprefix("http://localhost")
    assert "as@example.org" in guest.get(path).get_data(as_text=True)
    answer = guest.post(
        path, {"password": PASSWORD, "confirm": PASSWORD}, token_from=path
    )
    assert answer.status_code == 302
    assert answer.location == "/admin/donnees/recherche"
    user = db.session.scalar(select(User).where(User.email == "as@example.org"))
    assert user.role == "partner"
    again = Staff(app.test_client()).get(path)
    assert again.status_code == 410  # used already
    assert "n’est plus valable" in again.get_data(as_text=True)


def test_a_forged_invitation_is_refused(staff, app):
    with app.test_request_context():
        token = invitation_token("x@example.org")
    assert staff.get(f"/admin/invitation/{token}x").status_code == 410
    assert staff.get(f"/admin/invitation/{token}").status_code == 200
    assert db.session.scalar(select(User)) is None  # nothing made by looking


def test_an_invitation_for_an_existing_account_is_refused(as_admin, admin_user):
    page = as_admin.post("/admin/accounts/invite", {"email": admin_user.email})
    assert page.status_code == 422
    assert "Un autre compte utilise déjà ce courriel" in page.get_data(as_text=True)


def test_an_administrator_makes_a_partner_account(as_admin):
    form = {
        "email": "ts@example.org",
        "role": "partner",
        "active": "y",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    assert as_admin.post("/admin/accounts/new", form).status_code == 302
    listed = as_admin.get("/admin/accounts/").get_data(as_text=True)
    assert "Partenaire" in listed
