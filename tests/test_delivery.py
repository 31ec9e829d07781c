"""How answers travel: gzip when accepted, static files versioned and kept a year."""

import gc
import gzip
import re
from pathlib import Path

import pytest

from kiosk.web.assets import ONE_YEAR, static_version
from kiosk.web.compression import accepts_gzip
from tests.conftest import make_kiosk, make_need

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def home(app):
    make_kiosk()
    for n in range(8):
        make_need(slug=f"need-{n}")
    return "/fr/"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("deflate, br", False),
        ("", False),
    ],
)
def test_accept_encoding(header, expected):
    assert accepts_gzip(header) is expected


def test_pages_are_gzipped_when_the_browser_accepts_it(client, home):
    plain = client.get(home)
    packed = client.get(home, headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert {"Accept-Encoding", "HX-Request"} <= set(packed.vary)


def test_swaps_are_gzipped_too(client, home):
    swap = client.get(home, headers={**GZIP, "HX-Request": "true"})
    assert swap.headers["Content-Encoding"] == "gzip"
    assert b'id="screen"' not in gzip.decompress(swap.data)  # the part, not the page


def test_tiny_answers_and_refusals_stay_plain(client, home):
    assert "Content-Encoding" not in client.get("/healthz", headers=GZIP).headers
    refused = client.get(home, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_static_urls_carry_the_file_version_and_are_kept_a_year(client, home, app):
    html = client.get(home).get_data(as_text=True)
    url = re.search(r'<script src="(/static/vendor/htmx[^"]+)"', html).group(1)
    version = static_version(app.static_folder, "vendor/htmx-2.0.11.min.js")
    assert url.endswith(f"?v={version}") and len(version) == 10
    response = client.get(url, headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.cache_control.max_age == ONE_YEAR
    assert response.cache_control.immutable
    script = Path(app.static_folder, "vendor/htmx-2.0.11.min.js").read_bytes()
    assert gzip.decompress(response.data) == script
    response.close()


def test_a_stale_or_missing_version_is_not_kept_a_year(client, app):
    for url in ("/static/js/kiosk.js?v=0000000000", "/static/js/kiosk.js"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cache_control.immutable
        assert response.cache_control.max_age != ONE_YEAR
        response.close()


def test_static_files_are_closed_whether_compressed_now_or_before(client):
    for _ in range(3):
        response = client.get("/static/js/kiosk.js", headers=GZIP)
        assert response.headers["Content-Encoding"] == "gzip"
        response.close()
    gc.collect()  # an unclosed file warns here, which fails the test


def test_a_gzipped_static_file_still_answers_not_modified(client, app):
    first = client.get("/static/css/kiosk.css", headers=GZIP)
    etag = first.headers["ETag"]
    assert etag.startswith("W/")
    again = client.get("/static/css/kiosk.css", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    first.close()
    again.close()


def test_the_version_follows_the_content(tmp_path):
    (tmp_path / "a.css").write_text("body { color: black }")
    before = static_version(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("body { color: navy }")
    assert static_version(str(tmp_path), "a.css") != before
    assert static_version(str(tmp_path), "missing.css") == ""
