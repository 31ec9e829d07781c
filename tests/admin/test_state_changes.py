"""Admin state changes: POST only, never without a valid CSRF token, and a refused
request changes nothing in the database. CSRF protection is on here, as in
production (only `staff_client` turns it off)."""

import pytest
from sqlalchemy import select

from kiosk.extensions import db

from .conftest import TOKEN, Staff, csrf_token, fresh, make_user
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


def _place_form(place, **changes):
    from kiosk.admin.forms import PlaceForm
    from kiosk.revisions import snapshot as values_of

    from .conftest import form_data

    return form_data(PlaceForm, values_of(place), **changes)


def test_csrf_tokens_last_as_long_as_the_session(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_a_form_left_open_two_hours_still_saves(as_editor, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    from kiosk.models import Place
    from tests.conftest import make_structure

    place = make_structure(nom="Mairie annexe")
    token = csrf_token(as_editor.client, f"/admin/places/{place.id}")
    opened = TimestampSigner.get_timestamp
    later = lambda signer: opened(signer) + 2 * 3600  # noqa: E731
    monkeypatch.setattr(TimestampSigner, "get_timestamp", later)
    data = _place_form(place, nom="Mairie annexe rénovée", csrf_token=token)
    response = fresh(as_editor.client, "post", f"/admin/places/{place.id}", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Place, place.id).nom == "Mairie annexe rénovée"


def test_a_refused_token_gives_back_what_was_typed_with_a_fresh_token(
    as_editor, editor
):
    from kiosk.models import Place
    from tests.conftest import make_structure

    place = make_structure(nom="Mairie annexe")
    old = csrf_token(as_editor.client, f"/admin/places/{place.id}")
    # Logged out and in again in another tab: a new session, a new token.
    fresh(as_editor.client, "post", "/admin/logout", data={"csrf_token": old})
    assert as_editor.login(editor.email).status_code == 302
    typed = _place_form(place, nom="Typed over an hour", csrf_token=old)
    before = snapshot()
    url = f"/admin/places/{place.id}?l=en"
    response = fresh(as_editor.client, "post", url, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nothing was saved" in page and 'value="Typed over an hour"' in page
    assert snapshot() == before
    new = TOKEN.search(page)[1]
    assert new != old
    typed["csrf_token"] = new
    again = fresh(as_editor.client, "post", f"/admin/places/{place.id}", data=typed)
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Place, place.id).nom == "Typed over an hour"


def test_a_refused_token_never_shows_a_form_to_someone_logged_out(as_editor, ids):
    assert as_editor.post("/admin/logout").status_code == 302
    url = f"/admin/places/{ids['place']}?l=en"
    response = fresh(as_editor.client, "post", url)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_a_refused_token_on_an_admin_form_still_needs_the_admin_role(as_editor, ids):
    response = fresh(as_editor.client, "post", f"/admin/kiosks/{ids['kiosk']}")
    assert response.status_code == 403


def test_a_good_token_refused_for_its_referer_saves_nothing(as_editor):
    """Over HTTPS Flask-WTF also wants a same-site Referer: without one a POST with a
    good token is refused, and it must not run the view again (it would save)."""
    from tests.conftest import make_structure

    place = make_structure(nom="Mairie annexe")
    https = {"base_url": "https://localhost"}
    page = fresh(as_editor.client, "get", f"/admin/places/{place.id}", **https)
    token = TOKEN.search(page.get_data(as_text=True))[1]
    before = snapshot()
    for headers in ({}, {"Referer": "https://elsewhere.example/"}):
        typed = _place_form(place, nom="Posted from nowhere", csrf_token=token)
        response = fresh(
            as_editor.client,
            "post",
            f"/admin/places/{place.id}?l=en",
            data=typed,
            headers=headers,
            **https,
        )
        assert response.status_code == 400, headers
        assert "This form has expired" in response.get_data(as_text=True)
        assert snapshot() == before
    typed["csrf_token"] = token  # the same token with its Referer: saved
    response = fresh(
        as_editor.client,
        "post",
        f"/admin/places/{place.id}",
        data=typed,
        headers={"Referer": "https://localhost/admin/"},
        **https,
    )
    assert response.status_code == 302
