"""Kiosk screens show the WebP rendition of a bundled SVG pictogram or icon (each SVG
picture costs Chromium a document of its own the first time a page shows it)."""

import re
from pathlib import Path

from PIL import Image

from kiosk.templating import pictogram_url

PICTOS = Path(__file__).resolve().parent.parent / "kiosk" / "static" / "pictos"
HX = {"HX-Request": "true"}


def test_every_bundled_svg_has_its_webp_rendition():
    svgs = sorted(PICTOS.glob("*/*.svg"))
    assert svgs
    for svg in svgs:
        webp = svg.with_suffix(".webp")
        assert webp.is_file(), f"run tools/raster_pictograms.py ({svg.name})"
        with Image.open(webp) as picture:
            assert picture.format == "WEBP" and picture.size == (256, 256)


def test_the_webp_is_chosen_for_a_bundled_svg_only(app):
    with app.test_request_context():
        assert pictogram_url("openmoji/2753.svg").startswith(
            "/static/pictos/openmoji/2753.webp?v="
        )
        # Uploads are PNG or WebP already; a name without a rendition stays itself.
        upload = pictogram_url("uploads/abc.png")
        assert upload.startswith("/static/pictos/uploads/abc.png")
        assert pictogram_url("openmoji/none.svg") == "/static/pictos/openmoji/none.svg"


def test_screens_show_the_webp_and_it_is_served(client, small):
    for path in ("/fr/", "/fr/besoin/papiers", "/fr/besoin/impots"):
        html = client.get(path, headers=HX).get_data(as_text=True)
        assert "/static/pictos/openmoji/2753.webp?v=" in html
        assert "2753.svg" not in html
    response = client.get("/static/pictos/openmoji/2753.webp")
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    response.close()


def test_the_icons_masks_are_webp_renditions_that_exist():
    css = (PICTOS.parent / "css" / "kiosk.css").read_text()
    icons = re.findall(r'--icon: url\("\.\./(vendor/tabler-icons[^"]+)"\)', css)
    assert len(icons) >= 10
    for icon in icons:
        assert icon.endswith(".webp"), icon
        webp = PICTOS.parent / icon
        assert webp.is_file(), f"run tools/raster_pictograms.py ({icon})"
        with Image.open(webp) as picture:
            assert picture.mode == "RGBA" and picture.size == (144, 144)
