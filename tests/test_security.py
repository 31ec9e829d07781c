"""Security headers on every answer, pages without inline script or style, and the
SECRET_KEY start-up check (never logged, never shown)."""

import logging
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import kiosk.public.results
from kiosk import create_app
from kiosk.demo import load_demo
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place, PlaceProposal, User, WorkshopSession
from kiosk.revisions import record
from kiosk.takehome.shortlinks import short_link_code
from kiosk.web.security import (
    InsecureSecretKey,
    NoPublicBaseUrl,
    check_public_base_url,
    check_secret_key,
    content_security_policy,
    tile_source,
)
from tests.admin.conftest import PASSWORD, make_user
from tests.conftest import make_campaign_and_update

ROOT = Path(__file__).resolve().parent.parent
HX = {"HX-Request": "true"}


def test_policy_allows_only_our_own_scripts_and_styles():
    policy = dict(
        part.split(" ", 1)
        for part in content_security_policy("https://tile.example.org/{z}.png").split(
            "; "
        )
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == policy["form-action"] == "'self'"
    assert policy["connect-src"] == policy["media-src"] == "'self'"
    assert policy["img-src"] == "'self' data: https://tile.example.org"
    assert "unsafe" not in " ".join(policy.values())


@pytest.mark.parametrize(
    "template, source",
    [
        (
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://tile.openstreetmap.org",
        ),
        (
            "https://{s}.tile.example.fr/osmfr/{z}/{x}/{y}.png",
            "https://*.tile.example.fr",
        ),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("/tiles/{z}/{x}/{y}.png", ""),  # the app's own origin: 'self' covers it
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_the_tile_server_is_the_only_other_image_source(template, source):
    assert tile_source(template) == source


def sample_values(app) -> dict:
    """Return a value for every URL argument of the app's rules (demo data)."""
    place = db.session.scalar(select(Place).where(Place.on_kiosk))
    need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    code = short_link_code(place, need)
    revision = record("structure", place, "update", None, None)
    db.session.commit()
    campaign, update = make_campaign_and_update(place)
    return {
        "lang": "fr",
        "slug": "passeport",
        "place": place.standard_id,
        "place_id": place.id,
        "need_id": need.id,
        "kiosk_id": db.session.scalar(select(Kiosk.id)),
        "user_id": db.session.scalar(select(User.id)),
        "revision_id": revision.id,
        "campaign_id": campaign.id,
        "update_id": update.id,
        "proposal_id": db.session.scalar(select(PlaceProposal.id)),
        "session_id": db.session.scalar(select(WorkshopSession.id)),
        "kind": "structure",
        "entity_id": place.id,
        "code": code,
        "name": "lieux-de-mediation-numerique.csv",
        "filename": "css/kiosk.css",
        "token": "an-expired-token-of-twenty-chars",
    }


def every_get_url(app) -> list[str]:
    """Return one URL for every GET rule of the app (kiosk, admin, static, files)."""
    values = sample_values(app)
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "auth.login":
            continue
        arguments = {name: values[name] for name in rule.arguments}
        if rule.endpoint == "admin.data.download":
            arguments["kind"] = "csv"
        if rule.endpoint == "uploaded_pictogram":
            arguments["name"] = "missing.png"  # a 404 must carry the headers too
        urls.append(rule.build(arguments, append_unknown=False)[1])
    return urls


@pytest.fixture
def logged_in(demo):
    """Return a client logged in as an administrator (CSRF off for the log-in)."""
    demo.config["WTF_CSRF_ENABLED"] = False
    make_user("admin@example.org", "admin")
    client = demo.test_client()
    form = {"email": "admin@example.org", "password": PASSWORD}
    assert client.post("/admin/login", data=form).status_code == 302
    return client


class InlineCode(HTMLParser):
    """Collects what a strict CSP would refuse in a page: inline scripts, styles,
    event-handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")
        if tag == "style":
            self.found.append("<style>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("<script> body")


def inline_code(html: str) -> list[str]:
    """Return what a strict Content-Security-Policy would block in `html`."""
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_secure_headers(response, url):
    headers = response.headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self'"), url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["Referrer-Policy"] == "same-origin", url
    assert headers["X-Frame-Options"] == "DENY", url
    assert "Strict-Transport-Security" not in headers, url  # plain HTTP here


def test_every_route_answers_with_the_headers_and_no_inline_code(logged_in):
    urls = every_get_url(logged_in.application)
    assert len(urls) > 40
    for url in urls:
        for headers in ({}, HX):
            response = logged_in.get(url, headers=headers)
            assert response.status_code < 500, url
            assert_secure_headers(response, url)
            if response.mimetype == "text/html":
                assert inline_code(response.get_data(as_text=True)) == [], url
            response.close()  # a static file


def test_errors_and_refusals_carry_the_headers_too(client, demo):
    answers = {
        "/fr/nowhere/at/all": 404,
        "/fr/besoin/nothing-like-this": 404,
        "/admin/places/": 302,  # anonymous: to the log-in page
        "/kiosk/event": 405,  # a GET on a POST-only route
    }
    for url, status in answers.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert_secure_headers(response, url)
    refused = client.post("/fr/besoin/passeport/lieu/x/imprimer")  # no CSRF token
    assert refused.status_code == 400
    assert_secure_headers(refused, "print without token")


def production_app(tmp_path, secret: str = "a-real-secret"):
    """Return an app outside development and testing, on the demo data."""
    app = create_app(
        {
            "SECRET_KEY": secret,
            "PUBLIC_BASE_URL": "https://kiosque.example.fr",
            "DATABASE_URL": f"sqlite:///{tmp_path}/production.db",
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
    return app


def test_a_500_and_a_503_carry_the_headers(tmp_path, monkeypatch):
    app = production_app(tmp_path, "production")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    def locked(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    for failure, status in ((broken, 500), (locked, 503)):
        monkeypatch.setattr(kiosk.public.results, "best_places_for", failure)
        response = app.test_client().get("/fr/besoin/passeport")
        assert response.status_code == status
        assert_secure_headers(response, status)
        assert inline_code(response.get_data(as_text=True)) == []
    with app.app_context():
        db.engine.dispose()


def test_hsts_only_over_https(app, client, small):
    assert "Strict-Transport-Security" not in client.get("/fr/").headers
    secure = client.get("/fr/", base_url="https://kiosque.example.fr")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    app.config["HTTPS"] = "1"  # behind a proxy that does not say the scheme
    assert "Strict-Transport-Security" in client.get("/fr/").headers


def test_hsts_behind_a_trusted_proxy_follows_its_scheme(tmp_path):
    url = f"sqlite:///{tmp_path}/p.db"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "TRUSTED_PROXIES": "1"})
    client = app.test_client()
    https = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = client.get("/healthz", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_templates_and_scripts_hold_no_inline_code():
    """The source, not only the pages rendered above: no template or island
    writes inline handlers, styles, javascript: URLs or evaluates strings."""
    templates = ROOT / "kiosk" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        found = [
            word
            for word in (" style=", " onclick=", " onload=", " onerror=", "javascript:")
            if word in text
        ]
        assert found == [], path
        assert "<style" not in text, path
    for path in (ROOT / "kiosk" / "static" / "js").glob("*.js"):
        text = path.read_text()
        for word in ("eval(", "new Function", 'setAttribute("style"', ".cssText"):
            assert word not in text, (path, word)
    config = (templates / "base.html").read_text()
    assert (
        '"allowEval": false' in config and '"includeIndicatorStyles": false' in config
    )


# SECRET_KEY


@pytest.mark.parametrize("secret", ["", "  ", "dev-only-not-secret", "change-me"])
def test_a_known_secret_key_is_refused_outside_development(secret):
    with pytest.raises(InsecureSecretKey, match="set the environment variable"):
        check_secret_key(secret, development=False)
    check_secret_key(secret, development=True)  # flask run --debug, tests
    check_secret_key("a-long-random-value", development=False)


def test_create_app_refuses_the_default_key_unless_debug_or_testing(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    url = f"sqlite:///{tmp_path}/k.db"
    with pytest.raises(InsecureSecretKey):
        create_app({"DATABASE_URL": url})
    assert create_app({"DATABASE_URL": url, "TESTING": True}).testing
    monkeypatch.setenv("FLASK_DEBUG", "1")  # what make run sets
    assert create_app({"DATABASE_URL": url}).debug


# PUBLIC_BASE_URL: the address of QR codes, slips and vCards never comes from a
# request's Host header (issue 19, finding 1).


@pytest.mark.parametrize(
    "url", ["", "  ", "kiosque.example.fr", "ftp://x.fr", "https://"]
)
def test_no_public_address_is_refused_outside_development(url):
    with pytest.raises(NoPublicBaseUrl, match="set the environment variable"):
        check_public_base_url(url, development=False)
    check_public_base_url(url, development=True)  # make run: the server's own address
    check_public_base_url("https://kiosque.example.fr", development=False)


def test_create_app_refuses_to_start_without_the_public_address(tmp_path, monkeypatch):
    for name in ("PUBLIC_BASE_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    settings = {
        "SECRET_KEY": "a-real-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path}/p",
    }
    with pytest.raises(NoPublicBaseUrl):
        create_app(settings)
    app = create_app({**settings, "PUBLIC_BASE_URL": "https://kiosque.example.fr"})
    assert app.config["PUBLIC_BASE_URL"] == "https://kiosque.example.fr"


def test_a_forged_host_reaches_no_phone_page_link_or_vcard(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = production_app(tmp_path)
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.standard_id != ""))
        need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
        code = short_link_code(place, need)
    client = app.test_client()
    forged = {"base_url": "http://evil.example"}
    page = client.get(f"/p/{code}?l=fr", **forged)
    assert page.status_code == 200 and "evil.example" not in page.get_data(True)
    card = client.get(f"/p/{code}.vcf?l=fr", **forged).get_data(as_text=True)
    assert f"NOTE:https://kiosque.example.fr/p/{code}?l=fr" in card
    assert "evil.example" not in card


def test_gunicorn_without_a_key_stops_at_once_with_the_message(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_DEBUG")
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/g.db"
    command = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "wsgi:app"]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set: set the environment variable SECRET_KEY" in (
        result.stderr
    )


def test_the_key_is_never_logged_nor_shown(tmp_path, monkeypatch, caplog, capfd):
    secret = "s3cr3t-" + "k" * 40
    caplog.set_level(logging.DEBUG)
    app = production_app(tmp_path, secret)
    with app.app_context():
        make_user("admin@example.org", "admin")

        def broken(*args, **kwargs):
            raise RuntimeError("a bug")

        monkeypatch.setattr(kiosk.public.results, "best_places_for", broken)
        client = app.test_client()
        assert client.get("/fr/besoin/passeport").status_code == 500  # logged
        app.config["WTF_CSRF_ENABLED"] = False
        form = {"email": "admin@example.org", "password": PASSWORD}
        client.post("/admin/login", data=form)
        pages = [client.get(url) for url in every_get_url(app) if "/admin" in url]
        db.engine.dispose()
    assert "Exception on /fr/besoin/passeport" in caplog.text  # the log was captured
    assert secret not in caplog.text
    out, err = capfd.readouterr()
    assert secret not in out and secret not in err
    assert pages and all(secret not in page.get_data(as_text=True) for page in pages)
