"""The admin's forms under hostile values: saved, or refused by the field at fault.

Each input starts from what the browser posts for a real row, then changes some
fields to hostile values (NUL bytes, control characters, lone surrogates, right-to-
left marks, huge or out-of-range numbers, wrong types), drops some fields and repeats
others. The body is encoded by hand, so even text no browser sends gets through.
Property: 200, 302 or 422 (409 for an edit conflict), never a 500; on 422 an error
sits by a changed field and the database is as before.
"""

import re
from urllib.parse import urlencode

from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from kiosk.admin.forms import PlaceForm
from kiosk.admin.setup_forms import NeedForm
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place
from kiosk.revisions import snapshot
from tests.admin.conftest import form_data

from .conftest import request, tried

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=10),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "Mairie\x00",
            "\x1b[31m",
            "\r\n",
            "\ud800",
            "\udfff x",
            "\u202e\u200f",
            "\ufeff",
            "²",
            "١٢",
            "-1",
            "0",
            "99999999999999999999999999",
            "1e999",
            "nan",
            "-inf",
            "44,8378",
            "  -0.57 ",
            "2026-02-30",
            "99999-01-01",
            "x" * 5_000,
            "a@b.c\x00",
            "javascript:alert(1)",
            "Mo-Fr 09:00-25:00",
            "[]",
            "{}",
            "None",
        ]
    ),
)
ERROR_ID = re.compile(r'class="error" id="([^"]+)-error"')
# Fields checked together: an error on one may come from a change to another.
TOGETHER = [
    {"latitude", "longitude"},
    {"print_route", "printer_host"},
    {"password", "confirm"},
]


@st.composite
def hostile_posts(draw, base: MultiDict, extra_names=()) -> tuple[list, set]:
    """Return the pairs to post (base with fields changed, dropped or repeated) and
    the names of the fields touched."""
    names = sorted(set(base.keys()) | set(extra_names))
    changed = draw(st.dictionaries(st.sampled_from(names), HOSTILE, max_size=4))
    dropped = draw(st.sets(st.sampled_from(names), max_size=2))
    repeated = draw(st.dictionaries(st.sampled_from(names), HOSTILE, max_size=2))
    pairs = [
        (name, changed.get(name, value))
        for name, value in base.items(multi=True)
        if name not in dropped
    ]
    pairs += [(name, value) for name, value in changed.items() if name not in base]
    pairs += list(repeated.items())
    return pairs, set(changed) | dropped | set(repeated)


def _related(names: set) -> set:
    related = set(names)
    for group in TOGETHER:
        if group & names:
            related |= group
    return related | {name.split("-")[0] for name in names}


def post_hostile(staff, database, url: str, pairs: list, touched: set) -> None:
    """Post the pairs; assert the answer and, on refusal, the field and the data."""
    before = database.snapshot()
    body = urlencode(pairs, encoding="utf-8", errors="surrogatepass")
    response = request(
        staff,
        "post",
        url,
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 409, 422), response.status_code
    if response.status_code == 302:
        database.reset()
        return
    assert database.snapshot() == before
    if response.status_code == 422:
        wrong = {i.split("-")[0] for i in ERROR_ID.findall(response.get_data(True))}
        wrong |= set(ERROR_ID.findall(response.get_data(True)))
        assert wrong & _related(touched), (wrong, touched)


def _row(model, **where):
    return db.session.query(model).filter_by(**where).one()


def _posted(data, base: MultiDict, fresh: dict, edit_url: str, new_url: str):
    """Draw an edit of the row, or a new row (base with its unique keys changed)."""
    if data.draw(st.booleans()):
        return (*data.draw(hostile_posts(base)), edit_url)
    created = base.copy()
    for name, value in fresh.items():
        created.setlist(name, [value])
    return (*data.draw(hostile_posts(created)), new_url)


@given(data=st.data())
def test_the_place_form_saves_or_points_at_the_wrong_field(database, staff, data):
    tried("admin forms: place")
    place = _row(Place, standard_id="mairie")
    base = form_data(PlaceForm, snapshot(place))
    pairs, touched, url = _posted(
        data,
        base,
        {"standard_id": "", "version": ""},
        f"/admin/places/{place.id}",
        "/admin/places/new",
    )
    post_hostile(staff, database, url + "?l=en", pairs, touched)


def test_a_version_hypothesis_found_is_a_conflict_not_a_crash(database, staff):
    tried("admin forms: regressions")
    place = _row(Place, standard_id="mairie")
    base = form_data(PlaceForm, snapshot(place))
    base.setlist("version", ["²"])  # "²".isdigit() is True, int("²") fails
    post_hostile(
        staff, database, f"/admin/places/{place.id}", list(base.items(True)), set()
    )


@given(data=st.data())
def test_the_need_form_saves_or_points_at_the_wrong_field(database, staff, data):
    tried("admin forms: need")
    need = _row(Need, slug="passeport")
    base = form_data(NeedForm, snapshot(need))
    pairs, touched, url = _posted(
        data,
        base,
        {"slug": "nouveau", "version": ""},
        f"/admin/needs/{need.id}",
        "/admin/needs/new",
    )
    post_hostile(staff, database, url + "?l=en", pairs, touched)


KIOSK_FIELDS = {
    "slug": "annexe",
    "name": "Annexe",
    "address": "1 rue",
    "latitude": "44.8378",
    "longitude": "-0.5792",
    "default_language": "ar",
    "idle_seconds": "120",
    "print_route": "escpos",
    "printer_host": "192.0.2.10",
    "printer_port": "9100",
    "paper_width_mm": "58",
    "is_default": "y",
    "attract_screen": "y",
}


@given(data=st.data())
def test_the_kiosk_form_with_its_printer_settings(database, staff, data):
    tried("admin forms: kiosk and printer")
    kiosk = _row(Kiosk, slug="annexe")
    pairs, touched, url = _posted(
        data,
        MultiDict({**KIOSK_FIELDS, "version": str(kiosk.version)}),
        {"slug": "nouveau"},
        f"/admin/kiosks/{kiosk.id}",
        "/admin/kiosks/new",
    )
    post_hostile(staff, database, url + "?l=en", pairs, touched)


@given(data=st.data())
def test_the_account_forms(database, staff, data):
    tried("admin forms: accounts and password")
    password = {"password": "correct horse battery", "confirm": "correct horse battery"}
    account = MultiDict({"email": "new@example.org", "role": "editor", **password})
    own = MultiDict({"current": "wrong, on purpose", **password})
    if data.draw(st.booleans()):
        pairs, touched = data.draw(hostile_posts(account))
        url = "/admin/accounts/new"
    else:  # the current password stays wrong: this form must never save
        pairs, touched = data.draw(hostile_posts(own))
        url, touched = "/admin/password", touched | {"current"}
    post_hostile(staff, database, url + "?l=en", pairs, touched)


@given(
    horaires=HOSTILE,
    latitude=HOSTILE,
    longitude=HOSTILE,
    place_id=HOSTILE,
    htmx=st.sampled_from([None, "true", "false", "", "\x00"]),
)
@example(horaires="", latitude="", longitude="", place_id="²", htmx=None)
def test_the_live_previews_answer_any_text(
    database, staff, horaires, latitude, longitude, place_id, htmx
):
    tried("admin forms: live previews")
    headers = {"HX-Request": htmx} if htmx is not None else {}
    queries = [
        ("/admin/places/hours-preview", [("horaires", horaires)]),
        (
            "/admin/places/position-preview",
            [("latitude", latitude), ("longitude", longitude), ("place_id", place_id)],
        ),
    ]
    for path, query in queries:
        url = f"{path}?{urlencode(query, errors='surrogatepass')}"
        response = request(staff, "get", url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)


def test_control_characters_are_dropped_from_what_staff_type(database, staff):
    tried("admin forms: regressions")
    place = _row(Place, standard_id="mairie")
    base = form_data(PlaceForm, snapshot(place))
    base.setlist("nom", ["Mairie\x00 annexe\x1b"])
    base.setlist("getting_there-fr", ["Tram\x00 B"])
    response = request(staff, "post", f"/admin/places/{place.id}", data=base)
    assert response.status_code == 302
    db.session.expire_all()
    saved = _row(Place, standard_id="mairie")
    assert saved.nom == "Mairie annexe" and saved.getting_there == {"fr": "Tram B"}
    database.reset()
