"""Every admin URL: anonymous visitors go to the log-in page, partners reach the
guide and their password only (every other page and every change: 403), editors
are refused the administrator's pages (403), administrators reach everything."""

from kiosk.extensions import db

from .conftest import make_user

# (method, URL, who may use it). {place}, {need}, {kiosk}, {user}, {revision} are
# filled with real ids of the demo data.
ROUTES = [
    ("GET", "/admin/", "editor"),
    ("GET", "/admin/password", "partner"),
    ("POST", "/admin/password", "partner"),
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
    ("POST", "/admin/places/{place}/closures", "editor"),
    ("POST", "/admin/places/{place}/closures/remove", "editor"),
    ("GET", "/admin/places/hours-preview?horaires=Mo-Fr+09:00-17:00", "editor"),
    ("GET", "/admin/places/position-preview?latitude=44.8&longitude=-0.6", "editor"),
    ("GET", "/admin/places/address-lookup?adresse=Place+Pey+Berland", "editor"),
    ("GET", "/admin/needs/", "editor"),
    ("GET", "/admin/needs/new", "editor"),
    ("POST", "/admin/needs/new", "editor"),
    ("GET", "/admin/needs/{need}", "editor"),
    ("POST", "/admin/needs/{need}", "editor"),
    ("POST", "/admin/needs/{need}/resolve", "editor"),
    ("POST", "/admin/needs/{need}/move", "editor"),
    ("GET", "/admin/needs/{need}/preview?kiosk={kiosk}", "editor"),
    ("GET", "/admin/needs/{need}/pins?q=mairie", "editor"),
    ("GET", "/admin/translations/", "editor"),
    ("POST", "/admin/needs/{need}/pins", "editor"),
    ("POST", "/admin/needs/{need}/pins/1/delete", "editor"),
    ("GET", "/admin/history/structure/{place}", "editor"),
    ("GET", "/admin/history/need/{need}", "editor"),
    ("GET", "/admin/history/revision/{revision}", "editor"),
    ("POST", "/admin/history/revision/{revision}/restore", "editor"),
    ("GET", "/admin/kiosks/", "admin"),
    ("GET", "/admin/kiosks/new", "admin"),
    ("POST", "/admin/kiosks/new", "admin"),
    ("GET", "/admin/kiosks/{kiosk}", "admin"),
    ("POST", "/admin/kiosks/{kiosk}", "admin"),
    ("POST", "/admin/kiosks/{kiosk}/tablettes", "admin"),
    ("GET", "/admin/accounts/", "admin"),
    ("GET", "/admin/accounts/new", "admin"),
    ("POST", "/admin/accounts/new", "admin"),
    ("GET", "/admin/accounts/{user}", "admin"),
    ("POST", "/admin/accounts/{user}", "admin"),
    ("POST", "/admin/accounts/invite", "admin"),
    ("POST", "/admin/accounts/{user}/sessions", "admin"),
    ("GET", "/admin/donnees/", "editor"),
    ("POST", "/admin/donnees/import", "editor"),
    ("POST", "/admin/donnees/import/expired-token", "editor"),
    ("GET", "/admin/donnees/export/csv", "editor"),
    ("GET", "/admin/donnees/guide", "partner"),
    ("GET", "/admin/donnees/recherche?need=papiers", "partner"),
    ("GET", "/admin/donnees/recherche?q=carte+grise&open_now=1", "partner"),
    ("GET", "/admin/donnees/lieu/{place}", "partner"),
    ("GET", "/admin/donnees/orientation/{place}", "partner"),
    ("GET", "/admin/donnees/orientation/{place}/fiche?sentence=x", "partner"),
    ("GET", "/admin/parc/", "editor"),
    ("GET", "/admin/usage/", "editor"),
    ("GET", "/admin/usage/?period=month", "editor"),
    ("GET", "/admin/usage/usage.csv", "editor"),
    ("GET", "/admin/mises-a-jour/", "editor"),
    ("GET", "/admin/mises-a-jour/?mois=12", "editor"),
    ("POST", "/admin/mises-a-jour/campagnes", "editor"),
    ("GET", "/admin/mises-a-jour/campagnes/{campaign}", "editor"),
    ("POST", "/admin/mises-a-jour/envoyer", "editor"),
    ("GET", "/admin/mises-a-jour/boite-d-envoi", "editor"),
    ("POST", "/admin/mises-a-jour/envois/{update}", "editor"),
    ("POST", "/admin/mises-a-jour/lieux/{place}/lien", "editor"),
    ("POST", "/admin/mises-a-jour/lieux/{place}/reglages", "editor"),
    ("POST", "/admin/mises-a-jour/signalements/{place}", "editor"),
    ("POST", "/admin/mises-a-jour/propositions/{proposal}", "editor"),
    ("GET", "/admin/ateliers/", "editor"),
    ("POST", "/admin/ateliers/import", "editor"),
    ("GET", "/admin/ateliers/affiche?kiosk=hotel-de-ville&format=A3", "editor"),
]


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


def test_partners_reach_the_guide_and_nothing_else(staff, ids):
    make_user("partner@example.org", "partner")
    assert staff.login("partner@example.org").location == "/admin/donnees/recherche"
    for method, url, role in ROUTES:
        response = _call(staff, method, url.format(**ids))
        if role == "partner":
            assert response.status_code in {200, 302, 422}, (method, url)
        else:
            assert response.status_code == 403, (method, url)
    refused = staff.get("/admin/places/").get_data(as_text=True)
    assert "Un compte partenaire consulte le guide" in refused


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


def table_pattern(rule: str) -> str:
    """Return how the table writes the URL of a rule of the URL map."""
    return (
        rule.replace("<int:place_id>", "{place}")
        .replace("<int:need_id>", "{need}")
        .replace("<int:kiosk_id>", "{kiosk}")
        .replace("<int:user_id>", "{user}")
        .replace("<int:revision_id>", "{revision}")
        .replace("<int:pin_id>", "1")
        .replace("<int:campaign_id>", "{campaign}")
        .replace("<int:update_id>", "{update}")
        .replace("<int:proposal_id>", "{proposal}")
        .replace("<any(structure, need):kind>/<int:entity_id>", "structure/{place}")
        .replace("/import/<token>", "/import/expired-token")
        .replace("/export/<kind>", "/export/csv")
    )


def test_every_admin_route_and_method_is_in_the_table(app):
    """A new admin route, or a new method on one, without a row here would go
    untested for anonymous visitors, editors and administrators."""
    tested = {(method, url.split("?")[0]) for method, url, _role in ROUTES}
    tested |= {(m, u.replace("structure/{place}", "need/{need}")) for m, u in tested}
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]
    assert len(rules) > 30
    for rule in rules:
        if rule.endpoint.startswith("auth."):  # log-in and log-out: anyone
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, table_pattern(rule.rule)) in tested, (method, rule.rule)


def test_a_deactivated_account_is_logged_out_at_once(as_editor, editor):
    assert as_editor.get("/admin/").status_code == 200
    editor.active = False
    db.session.commit()
    assert as_editor.get("/admin/").status_code == 302
