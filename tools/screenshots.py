"""Take the screenshots of the README: home and result, French and Arabic, normal and
larger text, at 1280 × 800 in Debian's Chromium, on the demo data (the clock of the
tests: a Tuesday at 10:30) at the kiosk of Bordeaux's Hôtel de Ville.

    .venv/bin/python tools/screenshots.py

Writes docs/screens/<screen>-<lang>[-larger].png. Map tiles are not fetched: the
sketch is what a kiosk without internet shows.
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, TABLET, serve  # noqa: E402

OUT = ROOT / "docs" / "screens"
SCREENS = {"home": "/{lang}/", "result": "/{lang}/besoin/passeport"}


def main() -> None:
    server = serve(Path(tempfile.mkdtemp()))
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        for name, path in SCREENS.items():
            for lang in ("fr", "ar"):
                for larger in (False, True):
                    context = browser.new_context(viewport=TABLET)
                    page = context.new_page()
                    page.route("**/test-tiles/**", lambda route: route.abort())
                    page.goto(f"{base}/k/hotel-de-ville")
                    page.goto(base + path.format(lang=lang))
                    if larger:
                        page.click("[data-display-mode=large-text]")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    page.wait_for_timeout(300)  # the pager has measured
                    suffix = "-larger" if larger else ""
                    out = OUT / f"{name}-{lang}{suffix}.png"
                    page.screenshot(path=str(out))
                    print("wrote", out.relative_to(ROOT))
                    context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
