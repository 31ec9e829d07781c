"""Issue 18 in Debian's Chromium: a CCAS agent keeps hours, a summer closure and a
notice with the grid alone, and the kiosk says the right thing inside the closure
and after it; a partner finds places, prints a referral sheet and can change
nothing; the new staff pages pass axe."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Need, NeedPlace, Place
from tests.conftest import FROZEN_NOW
from tests.e2e.conftest import log_in, own_server, staff_page_violations

AGENT = "agent.ccas@example.org"
PARTNER = "cnfs@example.org"
ADMIN = "admin@example.org"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Serve its own app and database (these tests change data); yield (app, URL)."""
    users = {AGENT: "editor", PARTNER: "partner", ADMIN: "admin"}
    with own_server(
        tmp_path_factory.mktemp("staff"),
        users,
        PUBLIC_BASE_URL="https://kiosque.example.fr",
    ) as served:
        yield served


def _ccas(app) -> tuple[int, str]:
    """Return the CCAS de Bordeaux's id and a need it answers (a sub-need)."""
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.nom == "CCAS de Bordeaux"))
        slugs = db.session.scalars(
            select(Need.slug)
            .join(NeedPlace, NeedPlace.need_id == Need.id)
            .where(NeedPlace.structure_id == place.id, Need.parent_id.is_not(None))
            .order_by(Need.sort_order)
        ).all()
        return place.id, slugs[0]


def _day(page, row: int, opens: str, closes: str, opens2="", closes2="") -> None:
    """Fill a row of the week grid; each change updates the text (htmx)."""
    closed = page.locator(f"#week-{row}-closed")
    if closed.is_checked():
        closed.uncheck()
    for name, value in (
        ("opens", opens),
        ("closes", closes),
        ("opens2", opens2),
        ("closes2", closes2),
    ):
        page.locator(f"#week-{row}-{name}").fill(value)


def test_a_ccas_agent_keeps_hours_a_closure_and_a_notice_with_the_grid(browser, server):
    app, base = server
    place_id, need = _ccas(app)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, AGENT)
    page.goto(f"{base}/admin/places/{place_id}")
    text = page.locator("#horaires")  # the expert field: never typed in here
    expect(text).to_have_value("Mo-Fr 08:30-17:00; PH off")

    _day(page, 0, "08:30", "12:30", "13:30", "17:00")
    expect(text).to_have_value("Mo 08:30-12:30,13:30-17:00; Tu-Fr 08:30-17:00; PH off")
    for row in range(1, 5):  # Tuesday to Friday: "Same as Monday"
        page.locator(f"#copy-{row}").click()
        expect(page.locator(f"#week-{row}-opens2")).to_have_value("13:30")
    _day(page, 5, "09:00", "12:00")
    expect(text).to_have_value("Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off")
    expect(page.locator("#week-6-closed")).to_be_checked()
    preview = page.locator("#hours-preview")
    expect(preview).to_contain_text("samedi 28 novembre")
    expect(preview).to_contain_text("09:00–12:00")
    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("Enregistré.")
    expect(text).to_have_value("Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off")

    closures = page.locator("#closures")
    page.locator("#closure-starts_on").fill("2027-07-19")
    page.locator("#closure-ends_on").fill("2027-08-15")
    page.locator("#closure-notice").fill("Fermé pour travaux jusqu’au 15 août")
    closures.get_by_role("button", name="Ajouter").click()
    expect(closures.locator("tbody tr")).to_have_count(1)
    expect(closures).to_contain_text("du 19 juillet 2027 au 15 août 2027")

    page.locator("#closure-starts_on").fill("2027-08-16")
    page.locator("#closure-ends_on").fill("2027-08-17")
    page.get_by_label("Ouvert comme d’habitude : une information seulement").check()
    page.locator("#closure-service").fill("Permanence CAF")
    page.locator("#closure-notice").fill("Permanence CAF annulée le 17 août")
    closures.get_by_role("button", name="Ajouter").click()
    expect(closures.locator("tbody tr")).to_have_count(2)

    page.locator("#preview_week").fill("2027-08-11")
    expect(preview).to_contain_text("La semaine du lundi 9 août 2027")
    expect(
        preview.get_by_text("Fermeture temporaire : Fermé pour travaux")
    ).to_have_count(7)
    # Saving the place again after the closures is no conflict with oneself.
    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("Aucune modification.")

    kiosk = context.new_page()
    kiosk.goto(f"{base}/k/hotel-de-ville")
    card = kiosk.locator("article.place.best")
    try:
        app.config["FROZEN_NOW"] = "2027-08-03T10:30:00"  # inside the closure
        kiosk.goto(f"{base}/fr/besoin/{need}/lieu/bm-ccas-bordeaux")
        expect(card).to_contain_text(
            "Fermé jusqu’au 15 août — réouvre le lundi 16 août à 08:30"
        )
        expect(card).to_contain_text("Fermé pour travaux jusqu’au 15 août")
        kiosk.goto(f"{base}/ar/besoin/{need}/lieu/bm-ccas-bordeaux")
        expect(card.locator(".state.closed strong")).to_contain_text("مغلق حتى")

        app.config["FROZEN_NOW"] = "2027-08-17T10:30:00"  # after it
        kiosk.goto(f"{base}/fr/besoin/{need}/lieu/bm-ccas-bordeaux")
        expect(card.locator(".state.open")).to_contain_text("Ouvert")
        expect(card).not_to_contain_text("travaux")
        expect(card).to_contain_text("Permanence CAF annulée le 17 août")
        app.config["FROZEN_NOW"] = "2027-08-18T10:30:00"  # the notice is over
        kiosk.goto(f"{base}/fr/besoin/{need}/lieu/bm-ccas-bordeaux")
        expect(card).not_to_contain_text("Permanence CAF")
    finally:
        app.config["FROZEN_NOW"] = FROZEN_NOW
    context.close()


def test_a_partner_finds_places_prints_a_referral_and_can_change_nothing(
    browser, server, tmp_path
):
    app, base = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, PARTNER)
    expect(page).to_have_url(f"{base}/admin/donnees/recherche")
    results = page.locator("#results article.place")
    words = page.get_by_label("Mots")
    words.fill("carte grise")
    expect(page).to_have_url(re.compile(r"q=carte(\+|%20)grise"))
    expect(results.first).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Hôtel de Ville de Bordeaux")
    words.fill("impôts")
    expect(page.locator("#results")).to_contain_text("Centre des finances publiques")
    assert results.count() > 0

    mairie = page.locator(
        "#results article.place", has_text="Hôtel de Ville de Bordeaux"
    )
    words.fill("carte grise")
    expect(mairie).to_be_visible()
    referral = re.compile("^Fiche d’orientation ?: Hôtel de Ville de Bordeaux$")
    page.get_by_role("link", name=referral).click()
    page.get_by_label("Le besoin de la personne, en une phrase").fill(
        "M. D. a vendu sa voiture et doit déclarer la cession."
    )
    page.get_by_label("Besoin", exact=True).select_option("carte-grise")
    page.get_by_role("button", name="Voir la fiche à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiche d’orientation")
    assert staff_page_violations(page) == [], "referral sheet"
    pdf = tmp_path / "fiche.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "Fiche d’orientation" in flat or "Fiche d'orientation" in flat, flat
    assert "M. D. a vendu sa voiture et doit déclarer la cession." in flat
    assert "Hôtel de Ville de Bordeaux" in flat and "Place Pey Berland" in flat
    assert "mardi 24 novembre 2026" in flat
    assert f"Orienté par {PARTNER}" in flat
    assert "Imprimer" not in flat  # the screen's bar is not printed

    refused = _every_change_url(app, page, base)
    assert refused and all(status == 403 for _url, status in refused), [
        r for r in refused if r[1] != 403
    ]
    context.close()


def _every_change_url(app, page, base: str) -> list[tuple[str, int]]:
    """Return (url, status) of every staff route but the guide and one's own
    account, each asked by the partner's browser (POSTs with its CSRF token)."""
    page.goto(f"{base}/admin/donnees/recherche")
    token = page.evaluate(
        "JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
    )
    values = {"place_id": 1, "need_id": 2, "kiosk_id": 1, "user_id": 1}
    values |= {"revision_id": 1, "pin_id": 1, "entity_id": 1, "kind": "structure"}
    values |= {"token": "x", "name": "x", "campaign_id": 1, "update_id": 1}
    values |= {"proposal_id": 1}
    answers = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint.startswith(
            ("auth.", "guide.")
        ):
            continue
        url = base + rule.rule
        for key, value in values.items():
            url = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{key}>", str(value), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                response = page.request.get(url, max_redirects=0)
            else:
                response = page.request.post(
                    url, headers={"X-CSRFToken": token}, max_redirects=0
                )
            answers.append((f"{method} {url}", response.status))
    return answers


@pytest.mark.parametrize("width", [1280, 390])
def test_the_new_staff_pages_pass_axe(browser, server, width):
    app, base = server
    place_id, _need = _ccas(app)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, base, ADMIN)
    # The kiosk, account and fleet pages are scanned in test_admin.py; the place form
    # is scanned below, its grid in error.
    for path in (
        "/admin/",
        "/admin/donnees/",
        "/admin/donnees/recherche?q=carte+grise",
        f"/admin/donnees/lieu/{place_id}",
        f"/admin/donnees/orientation/{place_id}",
    ):
        page.goto(f"{base}{path}")
        assert staff_page_violations(page) == [], path
    overflow = "document.documentElement.scrollWidth > window.innerWidth"
    page.goto(f"{base}/admin/places/{place_id}")
    page.locator("#week-0-closes").fill("07:00")  # a mistake, said in the grid
    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator("#week-0-closes")).to_be_focused()
    expect(page.locator("#week-0-closes-error")).to_have_text(
        "La fermeture doit suivre l’ouverture."
    )
    assert staff_page_violations(page) == [], "grid in error"
    assert not page.evaluate(overflow)
    page.goto(f"{base}/admin/accounts/")
    page.get_by_label("Courriel du partenaire").fill("nouveau@example.org")
    page.get_by_role("button", name="Créer un lien d’invitation").click()
    link = page.locator("#invitation-link").input_value()
    guest = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text(
        "Votre compte partenaire"
    )
    assert staff_page_violations(guest) == [], "invitation"
    guest.context.close()
    context.close()
