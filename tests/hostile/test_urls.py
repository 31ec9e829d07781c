"""Every public URL with odd segments, query strings and htmx headers: never a 500.

Paths come from the app's own routes (`app.url_map`), each variable part replaced by
a real value, an unknown one or a hostile one (percent-encoded bytes, "..", NUL,
very long). A 404 is the kiosk's own page (or the phone page's "link not found").
"""

import json
import re
from urllib.parse import quote, urlencode

from hypothesis import example, given
from hypothesis import strategies as st

from .conftest import request, tried

VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
SEGMENTS = st.one_of(
    st.sampled_from(
        [
            "fr",
            "ar",
            "xx",
            "FR",
            "zh-Hans",
            "passeport",
            "papiers",
            "mairie",
            "hostile-1",
            "hall",
            "-1",
            "0",
            "99999999999999999999",
            "1e999",
            "..",
            "%2e%2e",
            "%00",
            "%ff%fe",
            "%C2%B2",
            "a" * 3000,
            "lieu-de-mediation-numerique.csv",
        ]
    ),
    st.text(max_size=20).map(lambda s: quote(s, safe="", errors="surrogatepass")),
)
QUERY_KEYS = ["lat", "lon", "place", "l", "ecran", "erreur", "page", "q", "need", "x"]
QUERY_VALUES = st.one_of(
    st.sampled_from(["", "nan", "1e999", "-inf", "/fr/", "//evil", "ar", "%00", "²"]),
    st.text(max_size=15),
)
HTMX = st.dictionaries(
    st.sampled_from(["HX-Request", "HX-Boosted", "HX-History-Restore-Request"]),
    st.sampled_from(["true", "false", "", "TRUE", "1", "\t", "é"]),
    max_size=3,
)


def _public_rules(app) -> list:
    return sorted(
        (r for r in app.url_map.iter_rules() if not r.rule.startswith("/admin")),
        key=lambda r: r.rule,
    )


@st.composite
def public_requests(draw, rules) -> tuple[str, str]:
    """Return a method and a URL made from one of the public routes."""
    rule = draw(st.sampled_from(rules))
    path = VARIABLE.sub(lambda _m: draw(SEGMENTS), rule.rule)
    if draw(st.integers(0, 9)) == 0:
        path = draw(st.sampled_from(["/../../etc/passwd", "//x", "/" + "a/" * 500]))
    pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), QUERY_VALUES)))
    query = urlencode(pairs, errors="surrogatepass")
    method = draw(st.sampled_from(sorted(rule.methods - {"OPTIONS"})))
    return method, f"{path}?{query}" if query else path


def _friendly(response) -> bool:
    """Return True for the kiosk's own error page, the phone page's, or the page of
    an update link that opens nothing."""
    page = response.get_data(as_text=True)
    return response.headers.get("X-Kiosk-Error") == "not_found" or (
        "<html" in page and ("css/phone.css" in page or 'class="selfupdate"' in page)
    )


@given(
    data=st.data(), headers=HTMX, cookie=st.sampled_from(["", "hall", "nope", "\x7f"])
)
@example(data=None, headers={}, cookie="")
def test_no_public_url_answers_500(hostile_app, data, headers, cookie):
    rules = _public_rules(hostile_app)
    if data is None:  # a sweep of every route with plain hostile parts
        draws = [("GET", VARIABLE.sub("..", r.rule)) for r in rules]
    else:
        draws = [data.draw(public_requests(rules))]
    client = hostile_app.test_client()
    if cookie:
        client.set_cookie("kiosk", cookie)
    for method, url in draws:
        tried("urls: public routes")
        response = request(client, method, url, headers=headers)
        assert response.status_code < 500, (method, url, response.status_code)
        if response.status_code == 404:
            if method == "HEAD":  # no body to judge: the page a GET would show
                response = request(client, "GET", url, headers=headers)
            assert _friendly(response), (method, url)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["kind", "language", "need", "version", "screen", "printer"]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)


@given(
    path=st.sampled_from(["/kiosk/event", "/kiosk/heartbeat"]),
    payload=JSON,
    raw=st.one_of(st.none(), st.binary(max_size=30)),
)
@example(path="/kiosk/event", payload={"kind": [], "language": "fr"}, raw=None)
@example(path="/kiosk/heartbeat", payload={"version": "1", "printer": {}}, raw=None)
def test_the_tablet_reports_accept_only_what_they_understand(
    hostile_app, path, payload, raw
):
    tried("urls: tablet reports (JSON)")
    client = hostile_app.test_client()
    client.set_cookie("kiosk", "hall")
    body = raw if raw is not None else json.dumps(payload)
    response = request(client, "post", path, data=body, content_type="application/json")
    assert response.status_code in (200, 204, 400), response.status_code


FOUND = [
    ("GET", "/static/.."),  # IsADirectoryError while the 404 page versioned URLs
    ("GET", "/static/../../../../dev/zero"),  # would have read /dev/zero forever
    ("GET", "/admin/places/99999999999999999999"),  # OverflowError in SQLite
    ("GET", "/admin/history/need/9223372036854775808"),  # same, through history
    ("GET", "/admin/places/?page=99999999999999999999"),  # an OFFSET too large
    ("GET", "/admin/places/position-preview?place_id=%C2%B2"),  # int("²")
]


def test_the_urls_hypothesis_found_answer_without_a_500(hostile_app, staff):
    for method, url in FOUND:
        tried("urls: regressions")
        response = request(staff, method, url)
        assert response.status_code in (200, 404), (url, response.status_code)
