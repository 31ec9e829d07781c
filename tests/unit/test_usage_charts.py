"""The dashboard's SVG charts, drawn without a request or a chart library."""

import xml.etree.ElementTree as ET

from kiosk.usage.charts import bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_bar_chart_draws_one_bar_per_item_proportional_to_its_value():
    svg = parse(bar_chart([("Passeport", 40), ("Impôts", 10), ("Rien", 0)], "Top"))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Top"
    widths = [int(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] > 0 and abs(widths[1] * 4 - widths[0]) <= 4 and widths[2] == 0
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Passeport", "40", "Impôts", "10", "Rien", "0"]


def test_bar_chart_escapes_labels_and_shortens_long_ones():
    svg = parse(bar_chart([("<script>alert(1)</script> and a very long name", 3)], "T"))
    label = next(svg.iter(f"{SVG}text")).text
    assert label.startswith("<script>") and label.endswith("…") and len(label) == 32


def test_empty_bar_chart_is_still_a_valid_svg():
    svg = parse(bar_chart([], "Nothing"))
    assert list(svg.iter(f"{SVG}rect")) == []


def test_column_chart_has_24_hours_the_busiest_the_tallest():
    values = [0] * 24
    values[10], values[14] = 30, 15
    svg = parse(column_chart(values, [f"{h}h" for h in range(24)], "Hours"))
    heights = [int(rect.get("height")) for rect in svg.iter(f"{SVG}rect")]
    assert len(heights) == 24
    assert heights[10] == max(heights) and abs(heights[14] * 2 - heights[10]) <= 2
    assert heights[0] == 0
