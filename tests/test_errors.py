"""A server error during a swap shows the kiosk's own message with Home."""

import pytest
from flask import request
from sqlalchemy.exc import OperationalError

import kiosk.public.results
from kiosk import create_app
from kiosk.admin.views import dashboard
from kiosk.extensions import db
from tests.admin.conftest import Staff, make_user
from tests.conftest import FROZEN_NOW, make_kiosk, make_need, make_structure, relink

HX = {"HX-Request": "true"}


@pytest.fixture
def production_app(tmp_path):
    """An app that handles exceptions as in production (no TESTING propagation)."""
    app = create_app(
        {
            "SECRET_KEY": "test",
            "PUBLIC_BASE_URL": "http://localhost",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'errors.sqlite3'}",
            "FROZEN_NOW": FROZEN_NOW,
        }
    )
    with app.app_context():
        db.create_all()
        make_kiosk(slug="hall")
        make_need(slug="passeport", label={"fr": "Passeport"})
        make_structure()
        relink()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_500_on_a_swap_is_the_kiosk_fragment_with_home(production_app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(kiosk.public.results, "best_places_for", broken)
    response = production_app.test_client().get("/en/besoin/passeport", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.headers["X-Kiosk-Error"] == "server_error"  # offline.js swaps it
    assert "<html" not in html and "Sorry, something went wrong." in html
    assert 'class="button big home"' in html and 'href="/en/"' in html


def test_a_database_failure_is_the_kiosk_503_full_page(production_app, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(kiosk.public.results, "best_places_for", locked)
    response = production_app.test_client().get("/en/besoin/passeport")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["X-Kiosk-Error"] == "unavailable"
    assert html.startswith("<!doctype html>") and 'id="idle-warning"' in html


@pytest.mark.parametrize("url", ["/fr/besoin/pass%00port", "/k/hotel%00"])
def test_a_nul_byte_in_the_path_is_the_kiosk_404(client, small, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["X-Kiosk-Error"] == "not_found"


def test_a_nul_byte_in_the_query_string_is_dropped(app, client, small):
    seen = {}

    @app.get("/echo")
    def echo():
        seen.update(request.args)
        return "ok"

    assert client.get("/echo?q%00=pass%00port").status_code == 200
    assert seen == {"q": "passport"}


def test_a_nul_byte_in_the_kiosk_cookie_is_the_default_kiosk(client, small):
    client.set_cookie("kiosk", "hotel\x00de-ville")
    assert client.get("/fr/").status_code == 200


@pytest.mark.parametrize(
    ("fault", "status", "words"),
    [
        (RuntimeError("a bug"), 500, "Something went wrong"),
        (
            OperationalError("SELECT", {}, Exception("locked")),
            503,
            "nothing was changed",
        ),
    ],
)
def test_a_server_error_on_a_staff_page_is_the_admin_page(
    production_app, monkeypatch, fault, status, words
):
    """Staff see the admin's layout, never the kiosk's screen with its Home button;
    without the navigation, which reads the account from the database."""

    def broken(*args, **kwargs):
        raise fault

    staff = Staff(production_app.test_client())
    assert staff.login(make_user().email).status_code == 302
    monkeypatch.setattr(dashboard, "to_verify", broken)
    response = staff.get("/admin/?l=en")
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "X-Kiosk-Error" not in response.headers
    assert 'class="admin-header"' in page and words in page
    assert 'class="button big home"' not in page and "Log out" not in page
