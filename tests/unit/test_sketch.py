"""The offline map sketch: geometry to scale, north up, and the way in words."""

import pytest
from flask_babel import force_locale

from kiosk.takehome.sketch import compass_index, directions_text, layout, sketch_svg

HERE = (44.8378, -0.5792)


@pytest.mark.parametrize(
    ("bearing", "index"),
    [
        (0, 0),
        (22, 0),
        (23, 1),
        (45, 1),
        (90, 2),
        (180, 4),
        (270, 6),
        (337, 7),
        (359, 0),
    ],
)
def test_compass_points(bearing, index):
    assert compass_index(bearing) == index


def test_north_is_up_and_east_is_right():
    north_east = layout(HERE, (HERE[0] + 0.004, HERE[1] + 0.004))
    assert north_east.place[1] < north_east.you[1]  # y grows downwards
    assert north_east.place[0] > north_east.you[0]
    south_west = layout(HERE, (HERE[0] - 0.004, HERE[1] - 0.004))
    assert south_west.place[1] > south_west.you[1]
    assert south_west.place[0] < south_west.you[0]


def test_both_points_fit_inside_the_margins():
    for target in [(44.9, -0.5792), (44.8378, -0.40), (44.80, -0.60), (44.838, -0.579)]:
        sketch = layout(HERE, target, width=480, height=270, margin=64)
        for x, y in (sketch.you, sketch.place):
            assert 64 - 1e-6 <= y <= 270 - 64 + 1e-6
            assert 64 - 1e-6 <= x <= 480 - 64 + 1e-6


def test_the_sketch_keeps_the_angle():
    # Due east: both points on the same horizontal line.
    sketch = layout(HERE, (HERE[0], HERE[1] + 0.01))
    assert sketch.you[1] == pytest.approx(sketch.place[1])


def test_same_spot_is_one_point():
    sketch = layout(HERE, (HERE[0] + 0.0001, HERE[1]))
    assert sketch.same_spot and sketch.you == sketch.place


def test_words_in_english_and_french(app):
    with app.test_request_context(), force_locale("en"):
        text = directions_text(650, 45, "650 m")
        assert text == "650 m to the north-east, about 17 minutes on foot"
        assert directions_text(15_000, 180, "15 km").endswith(
            "about 90 minutes by tram or bus"  # a 101-minute walk is not proposed
        )
        assert "You are there" in directions_text(10, 0, "10 m")
        assert "You are there" in directions_text(40, 270, "40 m")  # within 50 m
        assert directions_text(60, 270, "60 m").startswith("60 m to the west, about 2")


def test_svg_has_the_points_the_line_and_an_escaped_name(app):
    with app.test_request_context(), force_locale("en"):
        svg = str(sketch_svg(layout(HERE, (44.84, -0.57)), 'a "way" <here>'))
        alone = str(sketch_svg(layout(HERE, HERE), "here"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="a &#34;way&#34; &lt;here&gt;"' in svg
    assert "<line" in svg and 'class="sketch-you"' in svg and "sketch-place" in svg
    assert ">North</text>" in svg
    assert "<line" not in alone and "sketch-place" in alone
