"""Administrator screens: kiosks and staff accounts."""

from flask_babel import refresh
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk, User
from tests.conftest import make_kiosk

from .conftest import PASSWORD, Staff

KIOSK = {
    "name": "Hall de la médiathèque",
    "slug": "hall-mediatheque",
    "address": "19 place Charles de Gaulle, Mérignac",
    "latitude": "44,8422",
    "longitude": "-0.6472",
    "default_language": "ar",
    "idle_seconds": "180",
    "print_route": "browser",
    "printer_port": "9100",
    "paper_width_mm": "80",
}


def test_a_kiosk_is_created_with_its_settings(as_admin):
    response = as_admin.post("/admin/kiosks/new", KIOSK)
    assert response.status_code == 302
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall-mediatheque"))
    assert (kiosk.latitude, kiosk.default_language, kiosk.idle_seconds) == (
        44.8422,
        "ar",
        180,
    )


def test_idle_time_stays_between_60_and_600_seconds(as_admin):
    for wrong in ("59", "601", "two minutes"):
        response = as_admin.post(
            "/admin/kiosks/new?l=en", {**KIOSK, "idle_seconds": wrong}
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'id="idle_seconds-error"' in page
    assert db.session.scalar(select(Kiosk)) is None


def test_a_kiosk_needs_a_position_in_france_and_a_clean_slug(as_admin):
    response = as_admin.post(
        "/admin/kiosks/new?l=en",
        {**KIOSK, "latitude": "", "longitude": "", "slug": "Hall Médiathèque"},
    )
    page = response.get_data(as_text=True)
    assert "A kiosk needs its position." in page
    assert "Use lower-case letters" in page


def test_printer_settings_are_saved_and_checked(as_admin):
    escpos = {**KIOSK, "print_route": "escpos", "paper_width_mm": "58"}
    refused = as_admin.post("/admin/kiosks/new?l=en", {**escpos, "printer_host": ""})
    assert refused.status_code == 422
    assert "A receipt printer needs its address." in refused.get_data(as_text=True)
    bad_port = {**escpos, "printer_host": "10.0.0.5", "printer_port": "70000"}
    refused = as_admin.post("/admin/kiosks/new?l=en", bad_port)
    assert 'id="printer_port-error"' in refused.get_data(as_text=True)
    assert db.session.scalar(select(Kiosk)) is None
    saved = {**escpos, "printer_host": "10.0.0.5", "attract_screen": "y"}
    assert as_admin.post("/admin/kiosks/new", saved).status_code == 302
    kiosk = db.session.scalar(select(Kiosk))
    assert (kiosk.print_route, kiosk.printer_host, kiosk.printer_port) == (
        "escpos",
        "10.0.0.5",
        9100,
    )
    assert kiosk.paper_width_mm == 58 and kiosk.attract_screen is True


def test_where_the_desk_printer_and_stops_are_shown_in_the_visitors_language(
    as_admin, client
):
    texts = {
        "desk_location-fr": "  L'accueil est à gauche.  ",
        "desk_location-ar": "الاستقبال على اليسار.",
        "printer_location-fr": "L'imprimante est sous l'écran.",
        "transport-fr": "Tram A, arrêt Hôtel de Ville",
        "transport-uk": "",
    }
    long = {**KIOSK, **texts, "printer_location-fr": "x" * 301}
    refused = as_admin.post("/admin/kiosks/new?l=en", long)
    assert refused.status_code == 422
    assert 'id="printer_location-fr-error"' in refused.get_data(as_text=True)
    assert db.session.scalar(select(Kiosk)) is None
    assert as_admin.post("/admin/kiosks/new", {**KIOSK, **texts}).status_code == 302
    kiosk = db.session.scalar(select(Kiosk))
    assert kiosk.desk_location == {
        "fr": "L'accueil est à gauche.",
        "ar": "الاستقبال على اليسار.",
    }
    assert kiosk.transport == {"fr": "Tram A, arrêt Hôtel de Ville"}  # no empty text
    client.get("/k/hall-mediatheque")
    assert "الاستقبال على اليسار." in client.get("/ar/accueil").get_data(as_text=True)
    refresh()  # the test's app context holds the locale of the request before
    page = client.get("/uk/accueil").get_data(as_text=True)
    assert 'lang="fr">L&#39;accueil est à gauche.' in page  # French, marked
    form = as_admin.get(f"/admin/kiosks/{kiosk.id}").get_data(as_text=True)
    assert "الاستقبال على اليسار." in form


def test_only_one_default_kiosk(as_admin):
    old = make_kiosk(is_default=True)
    as_admin.post("/admin/kiosks/new", {**KIOSK, "is_default": "y"})
    db.session.expire_all()
    assert db.session.get(Kiosk, old.id).is_default is False


def test_an_administrator_creates_an_editor_who_can_log_in(as_admin, app):
    response = as_admin.post(
        "/admin/accounts/new",
        {
            "email": "New@Example.org",
            "role": "editor",
            "active": "y",
            "password": "a good long password",
            "confirm": "a good long password",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.role == "editor"
    newcomer = Staff(app.test_client())
    assert newcomer.login("new@example.org", "a good long password").status_code == 302


def test_account_form_refuses_duplicates_short_and_mismatched_passwords(
    as_admin, editor
):
    response = as_admin.post(
        "/admin/accounts/new?l=en",
        {
            "email": editor.email,
            "role": "editor",
            "password": "short",
            "confirm": "other",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use at least 12 characters." in page
    assert "The two passwords differ." in page


def test_an_administrator_cannot_lock_themselves_out(as_admin, admin_user):
    response = as_admin.post(
        f"/admin/accounts/{admin_user.id}?l=en",
        {"email": admin_user.email, "role": "editor", "active": "y"},
    )
    assert response.status_code == 422
    assert "You cannot remove your own administrator rights." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, admin_user.id).role == "admin"


def test_deactivating_an_account_ends_its_session(as_admin, app, editor):
    other = Staff(app.test_client())
    assert other.login(editor.email, PASSWORD).status_code == 302
    as_admin.post(
        f"/admin/accounts/{editor.id}", {"email": editor.email, "role": "editor"}
    )
    assert other.get("/admin/").status_code == 302


def test_staff_are_told_when_qr_codes_point_to_this_server(app, as_admin):
    """No PUBLIC_BASE_URL: the dashboard and the kiosk list say where QR codes lead,
    in a sentence (the setting's name only folded away, for the installer)."""
    app.config["PUBLIC_BASE_URL"] = ""
    for url in ("/admin/", "/admin/kiosks/"):
        page = as_admin.get(url).get_data(as_text=True)
        assert 'id="base-url-warning"' in page, url
        assert "la propre adresse de ce serveur" in page, url
        sentence = page.split('id="base-url-warning"')[1].split("<details>")[0]
        assert "PUBLIC_BASE_URL" not in sentence, url
    app.config["PUBLIC_BASE_URL"] = "http://kiosque.example.fr"
    assert "https://" in as_admin.get("/admin/").get_data(as_text=True)
    app.config["PUBLIC_BASE_URL"] = "https://kiosque.example.fr"
    for url in ("/admin/", "/admin/kiosks/"):
        assert 'id="base-url-warning"' not in as_admin.get(url).get_data(as_text=True)


def test_a_kiosk_sets_how_far_it_shows_workshops(as_admin):
    refused = as_admin.post(
        "/admin/kiosks/new?l=en", {**KIOSK, "workshop_radius_m": "50"}
    )
    assert refused.status_code == 422
    assert 'id="workshop_radius_m-error"' in refused.get_data(as_text=True)
    saved = as_admin.post("/admin/kiosks/new", {**KIOSK, "workshop_radius_m": "2000"})
    assert saved.status_code == 302
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall-mediatheque"))
    assert kiosk.workshop_radius_m == 2000
