"""Issue 20 in Debian's Chromium: a structure joins the guide from the public
open-data page and staff accept it; a visitor reports wrong hours from a phone page
and staff see it; a place confirms its record from its link on a phone. The new
pages pass axe."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import ErrorReport, Need, Place, PlaceProposal
from kiosk.takehome.shortlinks import short_link_code
from kiosk.upkeep import campaigns, links
from tests.e2e.conftest import log_in, own_server, staff_page_violations

AGENT = "agent.guide@example.org"
PHONE = {"width": 390, "height": 800}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Serve its own app and database (these tests add rows); yield (app, URL)."""
    folder = tmp_path_factory.mktemp("contributions")
    with own_server(folder, {AGENT: "editor"}) as served:
        yield served


def test_a_structure_joins_from_the_open_data_page_and_staff_accept_it(browser, server):
    app, base = server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/opendata/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les données ouvertes du guide"
    )
    page.get_by_role("link", name="Référencer ma structure").click()
    expect(page).to_have_url(f"{base}/referencer-ma-structure")
    assert staff_page_violations(page) == [], "join form"
    page.get_by_label("Nom", exact=True).fill("Espace numérique Saint-Michel")
    page.get_by_label("SIRET ou RNA").fill("12345678900017")
    page.get_by_role("textbox", name="Adresse", exact=True).fill("12 rue des Faures")
    page.get_by_role("textbox", name="Code postal").fill("33800")
    page.get_by_role("textbox", name="Commune").fill("Bordeaux")
    # Monday's hours in the grid: the expert text follows (its live parts answer
    # under the join page's own address, no staff log-in).
    closed = page.locator("#week-0-closed")
    if closed.is_checked():
        closed.uncheck()
    page.locator("#week-0-opens").fill("14:00")
    page.locator("#week-0-closes").fill("18:00")
    expect(page.locator("#horaires")).to_have_value(re.compile(r"^Mo 14:00-18:00"))
    page.get_by_role("textbox", name="Téléphone").fill("05 56 00 11 22")
    page.get_by_label("Votre adresse électronique, pour notre réponse").fill(
        "directrice@esm.example.org"
    )
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("status")).to_contain_text("Votre proposition est envoyée")
    with app.app_context():
        proposal = db.session.scalar(select(PlaceProposal))
        assert proposal.fields["horaires"].startswith("Mo 14:00-18:00")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, AGENT)
    page.get_by_role("link", name=re.compile("1 structure demande")).click()
    expect(page.get_by_role("heading", name=re.compile("Structures qui demandent")))
    assert staff_page_violations(page) == [], "updates page"
    page.get_by_role(
        "button", name="Ajouter au guide (Espace numérique Saint-Michel)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Espace numérique Saint-Michel"
    )
    expect(
        page.get_by_role("status").or_(page.locator(".flash")).first
    ).to_contain_text("donnez-lui une position")
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.pivot == "12345678900017"))
        assert place.commune == "Bordeaux" and place.horaires.startswith("Mo 14:00")
    context.close()


def test_a_visitor_reports_wrong_hours_from_a_phone_page_and_staff_see_it(
    browser, server
):
    app, base = server
    with app.test_request_context(), app.app_context():
        place = db.session.scalar(
            select(Place).where(Place.nom == "Hôtel de Ville de Bordeaux")
        )
        need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
        code = short_link_code(place, need)
        place_id = place.id
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{base}/p/{code}?l=fr")
    page.get_by_role("link", name="Signaler une erreur sur cette page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler une erreur")
    assert staff_page_violations(page) == [], "report form"
    page.get_by_label("Les horaires sont faux").check()
    page.get_by_label("Dites-nous en plus (facultatif)").fill(
        "Fermé le mercredi après-midi"
    )
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status")).to_have_text(
        "Merci. L’équipe du guide va vérifier ce lieu."
    )
    page.get_by_role("link", name="Retour au lieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hôtel de Ville de Bordeaux"
    )
    assert errors == []
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, AGENT)
    page.get_by_role("link", name=re.compile("signalé une erreur sur 1 lieu")).click()
    row = page.locator("#s-reports + table tr", has_text="Hôtel de Ville de Bordeaux")
    expect(row).to_contain_text("Les horaires sont faux : 1")
    expect(row).to_contain_text("Fermé le mercredi après-midi")
    row.get_by_role("button", name=re.compile("Traité")).click()
    expect(page.locator("#s-reports")).to_contain_text("(0)")
    with app.app_context():
        [report] = db.session.scalars(
            select(ErrorReport).where(ErrorReport.structure_id == place_id)
        ).all()
        assert report.handled_by == AGENT
    context.close()


def test_a_place_confirms_its_record_from_its_link_on_a_phone(browser, server):
    app, base = server
    with app.test_request_context(base_url=base), app.app_context():
        place = db.session.scalar(select(Place).where(Place.nom == "CCAS de Bordeaux"))
        invitation = campaigns.invite(place, "ccas@example.org")
        db.session.commit()
        link = links.update_url(invitation)
        place_id = place.id
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("CCAS de Bordeaux")
    assert staff_page_violations(page) == [], "update form"
    # Nothing sideways on a phone: the hours grid and the fields reflow.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Rien n’a changé, tout est juste").click()
    expect(page.get_by_role("status")).to_contain_text("vérifiée aujourd’hui")
    with app.app_context():
        assert db.session.get(Place, place_id).verified_on.isoformat() == "2026-11-24"
    context.close()
