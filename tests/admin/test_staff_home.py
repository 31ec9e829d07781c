"""The staff's home and the small truths: what needs attention as links, one menu,
positions by map or by a known address, the fleet agreeing with usage, the date
of a verification on screen, warnings in sentences."""

import re

from kiosk.extensions import db
from kiosk.usage.counting import count
from tests.conftest import make_kiosk, make_need, make_structure

HX = {"HX-Request": "true"}


def test_the_home_lists_what_needs_attention_as_links(as_editor, app):
    app.config["PUBLIC_BASE_URL"] = "https://kiosque.example.fr"
    make_kiosk(name="Hall de la mairie")  # never seen
    make_structure(nom="Lisible", verified_on=db.func.current_date())
    make_structure(nom="Illisible", horaires="Lundi au vendredi 8h30-12h30")
    make_structure(nom="Sans position", latitude=None, longitude=None)
    make_need(slug="sans-traduction", label={"fr": "Impôts"})
    page = as_editor.get("/admin/").get_data(as_text=True)
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', page)
    assert ("/admin/parc/", "1 borne est hors ligne ou ne peut pas imprimer.") in items
    assert (
        "/admin/places/?problem=hours",
        "1 lieu a des horaires illisibles (souvent venus d’un import) : la borne "
        "dit aux visiteurs d’appeler.",
    ) in items
    assert any(url == "/admin/places/?problem=position" for url, _text in items)
    assert any(url == "/admin/places/?stale=1" for url, _text in items)
    assert any(url == "/admin/needs/" for url, _text in items)
    listed = as_editor.get("/admin/places/?problem=hours").get_data(as_text=True)
    assert "Illisible" in listed and ">Lisible<" not in listed


def test_the_home_shows_the_first_places_to_deal_with_and_how_many(
    as_editor, app, monkeypatch
):
    # Issue 19, finding 4: with 25,000 places the dashboard was 29 MB.
    from kiosk.admin.views import dashboard

    monkeypatch.setattr(dashboard, "DASHBOARD_ROWS", 2)
    for n in range(5):
        make_structure(standard_id=f"p{n}", nom=f"Lieu {n}", telephone="")
    page = as_editor.get("/admin/?l=en").get_data(as_text=True)
    stale = page.split('id="stale-title"')[1].split("</section>")[0]
    assert "(5)" in stale and len(re.findall(r"<tr>", stale)) == 1 + 2  # head + 2
    assert 'href="/admin/places/?stale=1">All 5 places to verify' in stale
    missing = page.split('id="incomplete-title"')[1].split("</section>")[0]
    assert "(5)" in missing and len(re.findall(r"<tr>", missing)) == 1 + 2
    assert "The 2 least complete of 5" in missing


def test_every_section_is_one_tap_from_the_home(as_admin):
    page = as_admin.get("/admin/").get_data(as_text=True)
    menu = page.split('class="admin-header"')[1].split("</header>")[0]
    labels = re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a></li>', menu)
    assert labels == [
        "Accueil",
        "Lieux",
        "Besoins",
        "Bornes",
        "Import",
        "Mises à jour",
        "Ateliers",
        "Guide",
        "Utilisation",
        "Comptes",
    ]
    sections = page.split('id="sections-title"')[1]
    for url in ("/admin/places/", "/admin/parc/", "/admin/donnees/recherche"):
        assert f'href="{url}"' in sections


def test_the_import_page_speaks_french(as_editor):
    page = as_editor.get("/admin/donnees/").get_data(as_text=True)
    assert "<h1>Import et export</h1>" in page
    assert "Un fichier au format du standard national" in page


def test_mark_verified_changes_the_date_shown_on_the_page(as_editor, app):
    place = make_structure()
    response = as_editor.post(
        f"/admin/places/{place.id}/verify",
        {"version": str(place.version)},
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert (
        f'<span id="verified-on-{place.id}" hx-swap-oob="innerHTML">24 nov. 2026</span>'
    ) in page
    editor = as_editor.get(f"/admin/places/{place.id}").get_data(as_text=True)
    assert f'id="verified-on-{place.id}"' in editor


def test_a_known_address_gives_its_position(as_editor, app):
    make_structure(nom="Hôtel de Ville", adresse="Place Pey Berland", latitude=44.8378)
    make_structure(nom="Ailleurs", adresse="3 rue Sainte-Catherine")
    page = as_editor.get(
        "/admin/places/address-lookup?address=place pey-berland, Bordeaux"
    ).get_data(as_text=True)
    assert 'data-set-position data-lat="44.8378"' in page
    assert "Prendre la position de Hôtel de Ville" in page and "Ailleurs" not in page
    nothing = as_editor.get("/admin/places/address-lookup?address=Place").get_data(True)
    assert "data-set-position" not in nothing


def test_a_kiosk_is_placed_on_a_map_like_a_place(as_admin, app):
    kiosk = make_kiosk(name="Hall")
    page = as_admin.get(f"/admin/kiosks/{kiosk.id}").get_data(as_text=True)
    assert 'data-pick="1"' in page and "leaflet.js" in page
    assert 'id="address-matches"' in page
    moved = as_admin.get(
        f"/admin/places/position-preview?kiosk_id={kiosk.id}"
        f"&latitude={kiosk.latitude + 0.01}&longitude={kiosk.longitude}"
    ).get_data(as_text=True)
    assert "Déplacé de 1,1\u202fkm" in moved and "data-old-lat" in moved


def test_a_new_place_without_position_opens_a_map_to_click(as_editor, app):
    make_kiosk(latitude=44.9, longitude=-0.6)
    page = as_editor.get("/admin/places/new").get_data(as_text=True)
    assert 'data-center-lat="44.9" data-center-lon="-0.6" data-zoom="13"' in page
    assert "Cliquez sur la carte" in page


def test_the_fleet_and_usage_pages_agree_a_kiosk_was_seen(as_editor, app):
    kiosk = make_kiosk(name="Hall sans battement")
    for _screen in range(40):
        count(kiosk, "fr", "", "screen")
    fleet = as_editor.get("/admin/parc/").get_data(as_text=True)
    assert "Jamais vue" not in fleet
    assert "Aucun signal de vie" in fleet
    usage = as_editor.get("/admin/usage/").get_data(as_text=True)
    assert "Hall sans battement" in usage
