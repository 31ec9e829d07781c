"""Tap-to-paint and first load in Debian's Chromium with a 4× CPU slowdown.

A tap's time runs from the click event's timestamp (the finger lifting: a tap's click
is created at touchend) to the first frame painted after htmx swapped the new screen
in (a requestAnimationFrame callback, then a task: the frame has been produced). Not
from pointerdown: between Playwright's touchstart and touchend lies the automation's
own round trip, which a finger does not have. The first load's "usable" moment is
the later of the first contentful paint and the end of DOMContentLoaded (htmx is
listening by then).
"""

from pathlib import Path

from .routes import JOURNEY, JOURNEY_KIOSK

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 1280, "height": 800}
CPU_SLOWDOWN = 4

# Installed before any script of the page runs.
PROBE = """
window.KIOSK_REPEAT_MS = 0;  // the benchmark taps faster than the tremor guard allows
window.__taps = [];
let tapStart = null;
document.addEventListener("click", (e) => { tapStart = e.timeStamp; }, true);
document.addEventListener("htmx:afterSwap", () => {
  const start = tapStart;
  tapStart = null;
  if (start === null) return;
  requestAnimationFrame(() => setTimeout(() => {
    window.__taps.push(performance.now() - start);
  }, 0));
});
"""

USABLE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return Math.max(nav.domContentLoadedEventEnd, fcp ? fcp.startTime : 0);
}"""


def journey(base_url: str, runs: int) -> dict:
    """Return the first-load times (ms) and the tap times of each step (ms) over
    `runs` journeys, each in a fresh browser context (a cold cache)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    first_loads: list[float] = []
    steps: dict[str, list[float]] = {step: [] for step, _ in JOURNEY}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        version = browser.version
        for _ in range(runs):
            first, taps = _one_journey(browser, base_url)
            first_loads.append(first)
            for (step, _), ms in zip(JOURNEY, taps, strict=True):
                steps[step].append(ms)
        browser.close()
    return {"chromium": version, "first_load": first_loads, "steps": steps}


def _one_journey(browser, base_url: str) -> tuple[float, list[float]]:
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="fr-FR")
    context.add_cookies([{"name": "kiosk", "value": JOURNEY_KIOSK, "url": base_url}])
    context.add_init_script(PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    # A visitor taps a kiosk that has long finished loading: wait for the network to
    # rest (pictograms, fonts) before the first tap.
    page.goto(f"{base_url}/fr/", wait_until="networkidle")
    first = page.evaluate(USABLE)
    for count, (_, selector) in enumerate(JOURNEY, start=1):
        page.locator(selector).first.tap()
        page.wait_for_function(f"() => window.__taps.length >= {count}", timeout=30_000)
    taps = page.evaluate("window.__taps")
    context.close()
    return first, taps
