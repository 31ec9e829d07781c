"""Every admin URL: anonymous visitors go to the log-in page, editors are refused the
administrator's pages (403), administrators reach everything."""

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Revision, Structure

from .conftest import make_user

# (method, URL, who may use it). {place}, {need}, {kiosk}, {user}, {revision} are
# filled with real ids of the demo data.
ROUTES = [
    ("GET", "/admin/", "editor"),
    ("GET", "/admin/password", "editor"),
    ("POST", "/admin/password", "editor"),
    ("GET", "/admin/places/", "editor"),
    ("GET", "/admin/places/?q=mairie&stale=1", "editor"),
    ("GET", "/admin/places/bin", "editor"),
    ("GET", "/admin/places/new", "editor"),
    ("POST", "/admin/places/new", "editor"),
    ("GET", "/admin/places/{place}", "editor"),
    ("POST", "/admin/places/{place}", "editor"),
    ("POST", "/admin/places/{place}/resolve", "editor"),
    ("POST", "/admin/places/{place}/verify", "editor"),
    ("POST", "/admin/places/{place}/visibility", "editor"),
    ("POST", "/admin/places/{place}/delete", "editor"),
    ("POST", "/admin/places/{place}/undelete", "editor"),
    ("GET", "/admin/places/hours-preview?horaires=Mo-Fr+09:00-17:00", "editor"),
    ("GET", "/admin/places/position-preview?latitude=44.8&longitude=-0.6", "editor"),
    ("GET", "/admin/needs/", "editor"),
    ("GET", "/admin/needs/new", "editor"),
    ("POST", "/admin/needs/new", "editor"),
    ("GET", "/admin/needs/{need}", "editor"),
    ("POST", "/admin/needs/{need}", "editor"),
    ("POST", "/admin/needs/{need}/resolve", "editor"),
    ("POST", "/admin/needs/{need}/move", "editor"),
    ("GET", "/admin/history/structure/{place}", "editor"),
    ("GET", "/admin/history/need/{need}", "editor"),
    ("GET", "/admin/history/revision/{revision}", "editor"),
    ("POST", "/admin/history/revision/{revision}/restore", "editor"),
    ("GET", "/admin/kiosks/", "admin"),
    ("GET", "/admin/kiosks/new", "admin"),
    ("POST", "/admin/kiosks/new", "admin"),
    ("GET", "/admin/kiosks/{kiosk}", "admin"),
    ("POST", "/admin/kiosks/{kiosk}", "admin"),
    ("GET", "/admin/accounts/", "admin"),
    ("GET", "/admin/accounts/new", "admin"),
    ("POST", "/admin/accounts/new", "admin"),
    ("GET", "/admin/accounts/{user}", "admin"),
    ("POST", "/admin/accounts/{user}", "admin"),
    ("GET", "/admin/donnees/", "editor"),
    ("POST", "/admin/donnees/import", "editor"),
    ("POST", "/admin/donnees/import/expired-token", "editor"),
    ("GET", "/admin/donnees/export/csv", "editor"),
    ("GET", "/admin/donnees/guide", "editor"),
    ("GET", "/admin/donnees/recherche?need=papiers", "editor"),
    ("GET", "/admin/parc/", "editor"),
    ("GET", "/admin/usage/", "editor"),
    ("GET", "/admin/usage/?period=month", "editor"),
    ("GET", "/admin/usage/usage.csv", "editor"),
]


@pytest.fixture
def ids(demo):
    """Return ids of real rows to fill the URLs with (a revision made for it)."""
    place = db.session.scalar(select(Structure).order_by(Structure.id))
    revision = Revision(
        entity_type="structure",
        entity_id=place.id,
        action="update",
        created_at=place.updated_at,
        before=None,
        after={"nom": place.nom},
    )
    db.session.add(revision)
    db.session.commit()
    other = make_user("other@example.org", "editor")
    return {
        "place": place.id,
        "need": db.session.scalar(select(Need.id).where(Need.slug == "passeport")),
        "kiosk": db.session.scalar(select(Kiosk.id)),
        "user": other.id,
        "revision": revision.id,
    }


def _call(staff, method, url, anonymous=False):
    if method == "GET":
        return staff.get(url)
    return staff.post(
        url, token_from="/admin/login" if anonymous else "/admin/password"
    )


# One test per kind of visitor walking the whole table (one app and one demo load
# each, not one per route: the table stays fast enough to run on every change).


def test_anonymous_visitors_are_sent_to_the_login_page(staff, ids):
    for method, url, _role in ROUTES:
        response = _call(staff, method, url.format(**ids), anonymous=True)
        assert response.status_code == 302, (method, url)
        assert response.location.startswith("/admin/login"), (method, url)
        if method == "GET":
            assert "next=" in response.location, (method, url)


def test_editors_reach_editor_pages_and_are_refused_admin_pages(as_editor, ids):
    for method, url, role in ROUTES:
        response = _call(as_editor, method, url.format(**ids))
        location = response.location or ""
        if role == "admin":
            assert response.status_code == 403, (method, url)
        else:
            assert response.status_code in {200, 302, 409, 422}, (method, url)
            assert not location.startswith("/admin/login"), (method, url)
    refused = as_editor.get("/admin/kiosks/?l=en").get_data(as_text=True)
    assert "This page is for administrators" in refused


def test_administrators_reach_every_page(as_admin, ids):
    for method, url, _role in ROUTES:
        response = _call(as_admin, method, url.format(**ids))
        assert response.status_code in {200, 302, 409, 422}, (method, url)
        assert not (response.location or "").startswith("/admin/login"), (method, url)


def test_every_admin_route_is_in_the_table(app):
    """A new admin route without a row here would go untested."""
    tested = {url.split("?")[0] for _method, url, _role in ROUTES}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint.startswith("auth."):
            continue
        pattern = (
            rule.rule.replace("<int:place_id>", "{place}")
            .replace("<int:need_id>", "{need}")
            .replace("<int:kiosk_id>", "{kiosk}")
            .replace("<int:user_id>", "{user}")
            .replace("<int:revision_id>", "{revision}")
            .replace("<any(structure, need):kind>/<int:entity_id>", "structure/{place}")
            .replace("/import/<token>", "/import/expired-token")
            .replace("/export/<kind>", "/export/csv")
        )
        assert (
            pattern in tested
            or pattern.replace("structure/", "need/").replace("{place}", "{need}")
            in tested
        ), rule.rule


def test_a_deactivated_account_is_logged_out_at_once(as_editor, editor):
    assert as_editor.get("/admin/").status_code == 200
    editor.active = False
    db.session.commit()
    assert as_editor.get("/admin/").status_code == 302
