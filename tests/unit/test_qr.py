"""QR codes: what the kiosk serves decodes to the URL, level M, 4-module margin."""

import pytest

from kiosk.takehome.qr import QUIET_ZONE, qr_image, qr_matrix, qr_svg
from tests.qr_decode import decode, ec_levels, svg_image

URL = "https://kiosque.example.fr/p/k3x9m2?l=ar"


def test_the_served_svg_decodes_to_the_url_at_level_m():
    image = svg_image(qr_svg(URL))
    assert decode(image) == [URL]
    assert ec_levels(image) == ["M"]


def test_quiet_zone_is_four_light_modules_on_every_side():
    matrix = qr_matrix(URL)
    size = len(matrix)
    assert size == 29 + 2 * QUIET_ZONE  # a 40-character URL fits version 3 at M
    for i in range(QUIET_ZONE):
        for row in (matrix[i], matrix[size - 1 - i]):
            assert not any(row)
        assert not any(row[i] or row[size - 1 - i] for row in matrix)
    assert matrix[QUIET_ZONE][QUIET_ZONE]  # the finder pattern starts right after


def test_svg_is_sized_by_css_not_by_itself():
    svg = qr_svg(URL)
    assert 'viewBox="0 0 37 37"' in svg
    assert "width=" not in svg.split(">")[0]


def test_svgs_are_cached_per_url():
    qr_svg.cache_clear()
    first = qr_svg(URL)
    assert qr_svg(URL) is first
    info = qr_svg.cache_info()
    assert (info.hits, info.misses) == (1, 1)


@pytest.mark.parametrize("module", [4, 8])
def test_printed_image_decodes_and_has_the_quiet_zone(module):
    image = qr_image(URL, module)
    assert image.size == (37 * module, 37 * module)
    assert decode(image) == [URL]
    margin = image.crop((0, 0, image.width, QUIET_ZONE * module))
    assert margin.convert("L").getextrema() == (255, 255)  # all white


def test_a_short_url_still_gets_a_version_3_code():
    """Version 3 at least: the kiosk's box makes every symbol 40 mm (kiosk.css)."""
    short = "https://a.fr/p/abcdef?l=fr"  # would fit version 2
    matrix = qr_matrix(short)
    assert len(matrix) == 29 + 2 * QUIET_ZONE
    assert decode(svg_image(qr_svg(short))) == [short]


def test_a_long_url_grows_beyond_version_3():
    long = "https://" + "x" * 60 + ".example.fr/p/abcdef?l=fr"
    assert len(qr_matrix(long)) > 29 + 2 * QUIET_ZONE
