"""Admin state changes: POST only, never without a valid CSRF token, and a refused
request changes nothing in the database. CSRF protection is on here, as in
production (only `staff_client` turns it off)."""

import pytest
from sqlalchemy import select

from kiosk.extensions import db

from .conftest import Staff, csrf_token, fresh, make_user
from .test_access import ROUTES

POSTS = [url for method, url, _role in ROUTES if method == "POST"]
GETS = [url for method, url, _role in ROUTES if method == "GET"]
# What a form could carry: enough to change something if the token were not checked.
CHANGES = {
    "nom": "Changed by a forged request",
    "label-fr": "Changed",
    "email": "intruder@example.org",
    "role": "admin",
    "name": "Changed",
    "direction": "up",
    "on_kiosk": "",
}


def snapshot() -> dict:
    """Return every row of every table (log-in attempts aside), as text."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(select(table)).all()))
            for table in db.metadata.sorted_tables
            if table.name != "login_attempt"
        }


def test_csrf_protection_is_on_in_these_tests(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_a_get_on_a_post_only_route_is_refused(as_admin, ids, app):
    get_rules = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin") and "GET" in rule.methods
    }
    refused = 0
    for url in POSTS:
        adapter = app.url_map.bind("localhost")
        rule, _args = adapter.match(url.format(**ids), method="POST", return_rule=True)
        if rule.rule in get_rules:
            continue  # a form page: its GET shows the form (checked below)
        assert as_admin.get(url.format(**ids)).status_code == 405, url
        refused += 1
    assert refused >= 10
    assert fresh(as_admin.client, "get", "/admin/logout").status_code == 405


def test_reading_every_admin_page_changes_nothing(as_admin, ids):
    before = snapshot()
    for url in GETS:
        assert as_admin.get(url.format(**ids)).status_code in {200, 302}, url
    assert snapshot() == before


@pytest.mark.parametrize("token", [None, "forged", "another-session"])
def test_a_post_without_a_valid_token_is_refused_and_changes_nothing(
    as_admin,
    ids,
    app,
    token,
):
    if token == "another-session":  # a real token, from someone else's session
        other = Staff(app.test_client())
        make_user("other-admin@example.org", "admin")
        other.login("other-admin@example.org")
        token = csrf_token(other.client, "/admin/password")
    before = snapshot()
    for url in POSTS:
        data = dict(CHANGES, **({"csrf_token": token} if token else {}))
        for headers in ({}, {"HX-Request": "true"}):
            response = fresh(
                as_admin.client, "post", url.format(**ids), data=data, headers=headers
            )
            assert response.status_code == 400, (url, headers)
            if headers:  # htmx reloads the page, which brings a fresh token
                assert response.headers["HX-Refresh"] == "true", url
        assert snapshot() == before, url


def test_anonymous_posts_without_a_token_change_nothing(staff, ids):
    before = snapshot()
    for url in [*POSTS, "/admin/login", "/admin/logout"]:
        response = fresh(staff.client, "post", url.format(**ids), data=CHANGES)
        assert response.status_code in {302, 400}, url
    assert snapshot() == before
