"""Draw the contact sheet of the need pictograms: docs/screens/pictograms.png.

    .venv/bin/python tools/pictogram_sheet.py

One row a top-level need of kiosk/taxonomy/needs.json (grey) and its sub-needs, each
drawn at 96 px from the WebP rendition a kiosk shows, with its French label and its
file; the top-level needs without sub-needs share a row; then the pictures of
pictos/aiguillage/ that no need uses yet. Look at it after adding or
changing a picture: a test compares pixels, only eyes tell that two pictures mean the
same thing. Run tools/raster_pictograms.py first.
"""

import base64
import html
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PICTOS = ROOT / "kiosk" / "static" / "pictos"
NEEDS = ROOT / "kiosk" / "taxonomy" / "needs.json"
OUT = ROOT / "docs" / "screens" / "pictograms.png"
CHROMIUM = "/usr/bin/chromium"
STYLE = """
body { margin: 16px; background: #fff; font: 15px/1.25 sans-serif; color: #000; }
h1 { font-size: 20px; margin: 0 0 12px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
figure { margin: 0; width: 132px; padding: 6px 4px; text-align: center;
         border: 1px solid #ccc; border-radius: 6px; }
figure.top { background: #f3f3f3; border-color: #666; }
img { display: block; margin: 0 auto 4px; }
small { display: block; color: #555; font-size: 11px; overflow-wrap: anywhere; }
"""


def cell(pictogram: str, label: str, top: bool = False) -> str:
    """Return one figure: the picture at 96 px, its label and its file."""
    webp = (PICTOS / pictogram).with_suffix(".webp")
    data = base64.b64encode(webp.read_bytes()).decode()
    return (
        f'<figure class="{"top" if top else ""}">'
        f'<img src="data:image/webp;base64,{data}" width="96" height="96" alt="">'
        f"{html.escape(label)}<small>{html.escape(pictogram)}</small></figure>"
    )


def sheet_html(needs: list[dict]) -> str:
    """Return the page: a row a need with sub-needs, one row for the needs without,
    then the drawings no need uses yet."""
    order = sorted(needs, key=lambda need: need["sort"])
    rows, alone = [], []
    for top in (need for need in order if need["parent"] is None):
        children = [need for need in order if need["parent"] == top["slug"]]
        cells = [cell(top["pictogram"], top["label"]["fr"], top=True)]
        if not children:
            alone += cells
            continue
        cells += [cell(need["pictogram"], need["label"]["fr"]) for need in children]
        rows.append(f'<div class="row">{"".join(cells)}</div>')
    rows.append(f'<div class="row">{"".join(alone)}</div>')
    used = {need["pictogram"] for need in needs}
    spare = [
        f"aiguillage/{svg.name}"
        for svg in sorted((PICTOS / "aiguillage").glob("*.svg"))
        if f"aiguillage/{svg.name}" not in used
    ]
    if spare:
        rows.append("<h1>Dessins pas encore utilisés</h1>")
        cells = [cell(name, Path(name).stem) for name in spare]
        rows.append(f'<div class="row">{"".join(cells)}</div>')
    return (
        f'<html lang="fr"><style>{STYLE}</style>'
        f"<h1>Pictogrammes des besoins (kiosk/taxonomy/needs.json)</h1>{''.join(rows)}"
    )


def main() -> int:
    needs = json.loads(NEEDS.read_text(encoding="utf-8"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page(viewport={"width": 1140, "height": 600})
        page.set_content(sheet_html(needs))
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        page.screenshot(path=str(OUT), full_page=True)
        browser.close()
    print(f"{OUT.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
