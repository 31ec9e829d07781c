"""Write the WebP rendition of every bundled SVG pictogram and icon, drawn by Chromium.

    .venv/bin/python tools/raster_pictograms.py

Kiosk screens show `pictos/<set>/<name>.webp` when it exists beside the SVG
(`kiosk/web/templating.py`, `pictogram_url`): Chromium builds a whole SVG document for
each SVG picture the first time it shows one, a WebP is only decoded, off the main
thread.
256 px a side: the largest a tile shows is 130 CSS px (large text), sharp on a screen
of up to 2 device pixels per CSS pixel.
The Tabler icons (CSS masks: only their alpha counts) get 144 px: an icon is 1.3 em,
70 CSS px at most (large text). Lossless WebP: the same pixels as a PNG in half the
bytes. Run again after adding or changing an SVG; a test checks that none is missing.
"""

import base64
import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "kiosk" / "static"
PICTOS = STATIC / "pictos"
ICONS = STATIC / "vendor" / "tabler-icons-3.52.0"
SIDE, ICON_SIDE = 256, 144
CHROMIUM = "/usr/bin/chromium"


def render(page, svg: Path, side: int) -> bytes:
    """Return the SVG drawn at side × side on a transparent background, as WebP."""
    data = base64.b64encode(svg.read_bytes()).decode()
    page.set_viewport_size({"width": side, "height": side})
    page.set_content(
        "<style>html, body { margin: 0; background: transparent; }</style>"
        f'<img src="data:image/svg+xml;base64,{data}" width="{side}" height="{side}">'
    )
    page.wait_for_function("() => document.images[0].complete")
    shot = page.screenshot(omit_background=True)
    out = io.BytesIO()
    Image.open(io.BytesIO(shot)).save(out, "WEBP", lossless=True, method=6)
    return out.getvalue()


def main() -> int:
    svgs = [(p, SIDE) for p in sorted(PICTOS.glob("*/*.svg"))]
    svgs += [(p, ICON_SIDE) for p in sorted(ICONS.glob("*.svg"))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        for svg, side in svgs:
            svg.with_suffix(".webp").write_bytes(render(page, svg, side))
        browser.close()
    print(f"{len(svgs)} pictures written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
