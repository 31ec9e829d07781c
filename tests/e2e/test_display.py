"""Larger text and high contrast in Debian's Chromium, and the numbers of
PRODUCT.md measured on the rendered screens (getBoundingClientRect)."""

import base64
import itertools
import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TABLET

# A 10.1" 1280x800 tablet: 1509 px across the diagonal / 10.1 in = 149 ppi, at a
# devicePixelRatio of 1 that is 5.88 CSS px per mm.
PX_PER_MM = (1280**2 + 800**2) ** 0.5 / 10.1 / 25.4
CAP_HEIGHT_PX = 6.1 * PX_PER_MM  # 0.7 degree at 50 cm (EN 301 549 5.1.4)
TILE_PX, GAP_PX, CONTROL_PX, TEXT_PX = 120, 3 * PX_PER_MM, 44, 24
SCREENS = [
    "/fr/",
    "/fr/besoin/papiers",
    "/fr/besoin/passeport",
    "/fr/nope",
    "/ar/",
    "/ar/besoin/passeport",
]

# For every element that has text of its own: the height of a capital H in its font.
CAP_HEIGHTS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
    if (!own || !el.getClientRects().length) continue;
    if (el.closest('[hidden], template')) continue;
    // SVG text scales with its picture (the map sketch); its words are in the caption.
    if (el.closest('svg')) continue;
    // The frame keeps its size: the bar's buttons and the pager (24 px bold) stay one
    // row and one column so that the screen keeps its room (docs/decisions.md).
    if (el.closest('#nav-buttons, .tools > .button, .pager')) continue;
    const s = getComputedStyle(el);
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const cap = ctx.measureText('H').actualBoundingBoxAscent;
    out.push([el.textContent.trim().slice(0, 40), cap]);
  }
  return out;
}"""


def turn_on(page, mode: str) -> None:
    """Tap the toggle of `mode` and check it says it is on."""
    button = page.locator(f"[data-display-mode='{mode}']")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class(re.compile(rf"\b{mode}\b"))


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.getClientRects().length)"
        ".map(e => e.getBoundingClientRect().toJSON())",
    )


def test_larger_text_capital_h_is_6_1_mm(page, live_server):
    for path in SCREENS:
        page.goto(live_server + path)
        if path == SCREENS[0]:
            normal = min(h for _, h in page.evaluate(CAP_HEIGHTS))
            assert normal < CAP_HEIGHT_PX  # the normal mode is not already large
            turn_on(page, "large-text")
        page.evaluate("document.fonts.ready.then(() => true)")
        heights = page.evaluate(CAP_HEIGHTS)
        assert heights, path
        small = [(text, round(h, 1)) for text, h in heights if h < CAP_HEIGHT_PX]
        assert not small, f"{path}: capital H under {CAP_HEIGHT_PX:.1f} px: {small}"


@pytest.mark.parametrize("width", [1280, 320])
def test_larger_text_keeps_the_layout_without_horizontal_scroll(
    page, live_server, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server}/fr/")
    turn_on(page, "large-text")
    for path in SCREENS:
        page.goto(live_server + path)
        expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
        page.evaluate("document.fonts.ready.then(() => true)")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width}: {scroll}"
        clipped = page.eval_on_selector_all(
            "main *, header *",
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1"
            " && getComputedStyle(e).overflowX !== 'visible').map(e => e.outerHTML)",
        )
        assert not clipped, clipped
        # No part of a result is squeezed into a sliver (an implicit grid column once
        # made the place card 102 px wide and 30 000 px tall).
        for box in boxes(page, ".result-first > *"):
            if box["height"] == 0:  # an empty part (the heading, hidden)
                continue
            assert box["width"] >= min(300, width - 40), (path, box)
        tiles = boxes(page, "a.tile")
        for a, b in itertools.combinations(tiles, 2):  # no tile over another
            assert (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            ), (a, b)
    page.locator("[data-speech-play]").click()  # the Listen panel open too
    page.locator("#speech-panel").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# Every control the visitor can touch and every piece of text the visitor reads,
# whatever its element. The one exception: the map sketch's words (North, the
# street names) are SVG text that scales with the picture; what they say is in the
# map's caption and legend, which are measured.
CONTROLS = """() => [...document.querySelectorAll('a[href], button')]
  .filter(e => e.checkVisibility({visibilityProperty: true}))
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().toJSON()])"""
TEXTS = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || el.closest('svg, script, template')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const s = getComputedStyle(el);
    out.push([node.data.trim().slice(0, 40), parseFloat(s.fontSize),
              parseFloat(s.lineHeight) / parseFloat(s.fontSize)]);
  }
  return out;
}"""


@pytest.mark.parametrize("mode", ["normal", "large-text", "high-contrast"])
def test_sizes_meet_the_numbers_of_the_product_brief(page, live_server, mode):
    page.goto(f"{live_server}/fr/")
    if mode != "normal":
        turn_on(page, mode)
    for path in SCREENS:
        page.goto(live_server + path)
        page.evaluate("document.fonts.ready.then(() => true)")
        tiles = boxes(page, "a.tile")
        assert tiles or not path.endswith(("/", "/papiers")), path
        for box in tiles:
            assert box["width"] >= TILE_PX and box["height"] >= TILE_PX, (path, box)
        rows = {}
        for box in tiles:
            rows.setdefault(round(box["top"]), []).append(box)
        for row in rows.values():
            row.sort(key=lambda b: b["left"])
            for a, b in itertools.pairwise(row):
                assert b["left"] - a["right"] >= GAP_PX, (path, a, b)
        controls = page.evaluate(CONTROLS)
        assert len(controls) >= 4, path  # Listen, the modes, Languages, Home...
        small = [
            (html, round(box["width"]), round(box["height"]))
            for html, box in controls
            if box["width"] < CONTROL_PX or box["height"] < CONTROL_PX
        ]
        assert not small, (path, small)
        texts = page.evaluate(TEXTS)
        assert len(texts) >= 5, path
        small = [(text, size) for text, size, _ in texts if size < TEXT_PX]
        assert not small, (path, small)
        tight = [(text, round(ratio, 2)) for text, _, ratio in texts if ratio < 1.5]
        headings = page.eval_on_selector_all(
            "h1, h2", "els => els.map(e => e.textContent.trim().slice(0, 40))"
        )
        # Headings are large text, set at 1.3 (body text is the 1.5 rule's concern).
        assert not [t for t in tight if t[0] not in headings], (path, tight)


def test_modes_last_the_visit_and_end_with_the_kiosk_reset(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    turn_on(page, "large-text")
    turn_on(page, "high-contrast")
    # An htmx swap brings a new top bar: its toggles still say "on".
    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    for mode in ("large-text", "high-contrast"):
        expect(page.locator(f"[data-display-mode='{mode}']")).to_have_attribute(
            "aria-pressed", "true"
        )
    # A full page in another language keeps them too, applied before the first paint.
    page.locator(".language-button").click()
    page.locator("#language-menu").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server}/en/besoin/papiers")
    expect(page.locator("html")).to_have_class("large-text high-contrast")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(0, 0, 0)"
    )
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == (
        "54px"
    )
    # One more tap turns a mode off.
    page.get_by_role("button", name="High contrast").click()
    expect(page.locator("html")).not_to_have_class("high-contrast")
    # The kiosk resets: nothing of this visitor's choices is left.
    page.evaluate("document.dispatchEvent(new CustomEvent('kiosk:reset'))")
    expect(page.locator("html")).to_have_class("")
    page.goto(f"{live_server}/fr/")
    expect(page.locator("html")).to_have_class("")
    expect(page.get_by_role("button", name="Texte plus grand")).to_have_attribute(
        "aria-pressed", "false"
    )


def test_modes_are_never_sent_to_the_server(page, live_server):
    page.goto(f"{live_server}/fr/")
    turn_on(page, "large-text")
    with page.expect_request("**/fr/besoin/papiers") as request:
        page.locator("a.tile").first.click()
    assert "large" not in request.value.url
    # Flask's session holds the CSRF token and Flask-Login's freshness flag: no mode.
    for cookie in page.context.cookies():
        payload = cookie["value"].lstrip(".").split(".")[0]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * -len(payload)))
        assert set(data) <= {"csrf_token", "_fresh"}, data


@pytest.mark.parametrize(
    "path", ["/fr/", "/ar/", "/fr/besoin/numerique", "/ar/besoin/numerique"]
)
def test_every_tile_is_on_the_tablet_screen_without_scrolling(page, live_server, path):
    # "Je ne sais pas" is the last tile: a lost visitor must not have to scroll to it.
    # numerique has the most sub-needs of the demo's needs.
    page.goto(live_server + path)
    page.evaluate("document.fonts.ready.then(() => true)")
    tiles = boxes(page, "a.tile")
    assert len(tiles) >= (13 if path.endswith("/") else 6)
    height = TABLET["height"]
    assert max(box["bottom"] for box in tiles) <= height, (path, tiles[-1])
    assert page.evaluate("document.documentElement.scrollHeight") <= height


NAV_CENTRES = """() => [...document.querySelectorAll('#nav-buttons a')].map(a => {
  const r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return [a.className, r.top >= 0 && r.bottom <= innerHeight, !!hit && a.contains(hit)];
})"""


@pytest.mark.parametrize(
    ("lang", "mode"),
    [("fr", "normal"), ("ar", "normal"), ("fr", "large-text"), ("ar", "high-contrast")],
)
def test_home_and_back_stay_on_screen_on_the_last_page_of_a_result(
    page, live_server, lang, mode
):
    page.goto(f"{live_server}/{lang}/")
    if mode != "normal":
        turn_on(page, mode)
    page.goto(f"{live_server}/{lang}/besoin/passeport")
    page.evaluate("document.fonts.ready.then(() => true)")
    down = page.locator("#pager [data-page='1']")
    expect(down).to_be_visible()  # the result does not fit: it is paged
    for _ in range(20):
        if down.is_disabled():
            break
        down.click()
    assert down.is_disabled(), "the last page was never reached"
    # The window itself never scrolled: the bar is where it was, whole and on top.
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate(NAV_CENTRES) == [
        ["button home", True, True],
        ["button back", True, True],
    ]
    page.locator("#nav-buttons a.back").tap()
    expect(page).to_have_url(f"{live_server}/{lang}/besoin/papiers")


FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  const s = document.getElementById('screen').getBoundingClientRect();
  return [e.outerHTML.slice(0, 60), e.closest('#nav-buttons, .tools, .pager') !== null,
          r.top >= s.top - 1 && r.bottom <= s.bottom + 1]; }"""


def test_focus_going_up_a_paged_result_is_always_in_view(page, live_server):
    page.goto(f"{live_server}/fr/besoin/passeport")
    page.locator("a.alternative").last.focus()
    assert page.evaluate("document.getElementById('screen').scrollTop") > 0
    seen = []
    for _ in range(60):  # Shift+Tab back up the screen to the bar
        page.keyboard.press("Shift+Tab")
        html, in_frame, in_view = page.evaluate(FOCUSED)
        if in_frame:
            break
        seen.append(html)
        assert in_view, html  # the screen moved to the element's page
    else:
        pytest.fail("Shift+Tab never reached the bar or the pager")
    assert len(seen) >= 4  # the alternatives, the jumps, the print button...
    assert page.evaluate("window.scrollY") == 0
