"""Admin fixtures: staff accounts, a logged-in client, CSRF tokens read from pages.

CSRF protection stays on (as in production): every POST carries the token a page
gave, the way a browser would.
"""

import functools
import re

import pytest
from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place, PlaceProposal, User
from kiosk.revisions import record
from tests.conftest import make_campaign_and_update, make_need

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


@functools.cache
def password_hash() -> str:
    """PASSWORD's scrypt hash for test accounts, made once and at an eighth of the
    work: at werkzeug's default cost each hash and each log-in took about 0.17 s,
    a minute of every run. Logging in still checks it for real (the hash carries
    its own cost); the accounts staff create get the default (test_auth)."""
    return generate_password_hash(PASSWORD, method="scrypt:4096:8:1")


def make_user(email="editor@example.org", role="editor", active=True) -> User:
    """Add a staff account with PASSWORD and return it."""
    user = User(email=email, role=role, active=active, password_hash=password_hash())
    db.session.add(user)
    db.session.commit()
    return user


def fresh(client, method, url, **kw):
    """Send a request in its own app context, as a server would.

    The `app` fixture keeps one app context open for the whole test, and Flask
    reuses it for the client's requests: `g` (where Flask-Login and Flask-WTF cache
    the user and the token) would then leak from one request to the next.
    """
    with client.application.app_context():
        response = getattr(client, method)(url, **kw)
        response.get_data()
    return response


def csrf_token(client, url="/admin/login") -> str:
    """Return the CSRF token a page of the admin gives this client's session."""
    page = fresh(client, "get", url).get_data(as_text=True)
    found = TOKEN.search(page)
    assert found, f"no CSRF token on {url}"
    return found[1]


class Staff:
    """A test client acting as a person at the admin: logs in, posts with a token."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, email, password=PASSWORD, address="127.0.0.1"):
        token = csrf_token(self.client)
        response = fresh(
            self.client,
            "post",
            "/admin/login",
            data={"csrf_token": token, "email": email, "password": password},
            environ_base={"REMOTE_ADDR": address},
        )
        self.token = None
        return response

    def get(self, url, **kw):
        return fresh(self.client, "get", url, **kw)

    def post(self, url, data=None, token_from="/admin/password", **kw):
        """POST with the token a page gives (the password page works for anyone)."""
        if self.token is None:
            self.token = csrf_token(self.client, token_from)
        if isinstance(data, MultiDict):
            data = data.copy()
            data["csrf_token"] = self.token
        else:
            data = {"csrf_token": self.token, **(data or {})}
        return fresh(self.client, "post", url, data=data, **kw)


@pytest.fixture
def editor(app):
    return make_user("editor@example.org", "editor")


@pytest.fixture
def admin_user(app):
    return make_user("admin@example.org", "admin")


@pytest.fixture
def staff(client):
    """Return a Staff helper around the test client (not logged in yet)."""
    return Staff(client)


@pytest.fixture
def as_editor(staff, editor):
    """Return a Staff logged in as an editor."""
    assert staff.login(editor.email).status_code == 302
    return staff


@pytest.fixture
def as_admin(staff, admin_user):
    """Return a Staff logged in as an administrator."""
    assert staff.login(admin_user.email).status_code == 302
    return staff


def form_data(form_class, values: dict, **changes) -> MultiDict:
    """Return what a browser would post for a form showing `values`, then `changes`.

    Field by field, as the browser sends it: checkboxes only when ticked, one entry
    a ticked value, per-language texts as "name-lang".
    """
    with current_app.test_request_context():
        form = form_class(data=form_class.from_values(values), meta={"csrf": False})
    posted = MultiDict()
    for field in form:
        _post_field(posted, field)
    for name, value in changes.items():
        posted.setlist(name, value if isinstance(value, list) else [value])
    return posted


def _post_field(posted: MultiDict, field) -> None:
    """Add what a browser sends for one field (a list's rows and a group's fields
    one by one)."""
    if field.type in {"FormField", "FieldList"}:
        for sub in field:
            _post_field(posted, sub)
    elif field.type in {"CheckboxesField", "SelectMultipleField"}:
        for value in field.data or []:
            posted.add(field.name, value)
    elif field.type == "BooleanField":
        if field.data:
            posted.add(field.name, "y")
    elif field.type == "DateField":
        posted.add(field.name, field.data.isoformat() if field.data else "")
    elif field.type in {"SelectField", "RadioField"}:
        posted.add(field.name, "" if field.data is None else str(field.data))
    elif field.type != "FileField":
        posted.add(field.name, field._value())


@pytest.fixture
def uploads(app, tmp_path):
    """Return the folder uploaded pictograms go to (a temporary one)."""
    app.config["PICTOGRAM_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def need(app):
    """Return a need to edit: Impôts."""
    return make_need(slug="impots", label={"fr": "Impôts"})


@pytest.fixture
def ids(demo):
    """Return ids of real rows to fill the URLs with (a revision made for it)."""
    place = db.session.scalar(select(Place).order_by(Place.id))
    revision = record("structure", place, "update", None, None)
    db.session.commit()
    campaign, update = make_campaign_and_update(place)
    other = make_user("other@example.org", "editor")
    return {
        "campaign": campaign.id,
        "update": update.id,
        "proposal": db.session.scalar(select(PlaceProposal.id)),
        "place": place.id,
        "need": db.session.scalar(select(Need.id).where(Need.slug == "passeport")),
        "kiosk": db.session.scalar(select(Kiosk.id)),
        "user": other.id,
        "revision": revision.id,
    }
