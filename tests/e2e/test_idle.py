"""Idle reset and attract screen in Debian's Chromium, time driven by Playwright's
clock (minutes pass instantly, nothing sleeps)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import make_kiosk
from tests.e2e.conftest import choose_english


@pytest.fixture
def kiosk(live_app, request):
    """Return a kiosk idle after 60 s (the shortest allowed); attract when marked."""
    marker = request.node.get_closest_marker("attract")
    with live_app.app_context():
        made = make_kiosk(idle_seconds=60, attract_screen=marker is not None)
        return made.slug


AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
DISPLAY_MODES = ("large-text", "high-contrast")


def warning(page):
    return page.get_by_role("alertdialog", name="Are you still there?")


def test_warning_after_idle_time_continue_keeps_the_screen(page, live_server, kiosk):
    page.clock.install()
    page.goto(f"{live_server}/k/{kiosk}")
    choose_english(page, live_server)
    page.get_by_role("link", name="ID papers").click()
    expect(page).to_have_url(f"{live_server}/en/besoin/papiers")

    page.clock.fast_forward(59_000)
    expect(warning(page)).to_be_hidden()
    page.clock.fast_forward(2_000)
    expect(warning(page)).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    # The clock also runs by itself: on a busy machine a second or two may pass.
    expect(page.locator("#idle-text")).to_have_text(
        re.compile(r"^The screen will start again in (30|29|28|27) seconds\.$")
    )
    box = page.get_by_role("button", name="Continue").bounding_box()
    assert box["height"] >= 120, box
    assert page.locator("#screen").evaluate("el => el.inert") is True

    page.clock.fast_forward(20_000)  # the visitor takes their time: extendable
    expect(page.locator(".countdown")).to_have_text(re.compile(r"^([1-9]|10)$"))
    page.get_by_role("button", name="Continue").click()
    expect(warning(page)).to_be_hidden()
    expect(page).to_have_url(f"{live_server}/en/besoin/papiers")
    expect(page.get_by_role("link", name="French passport")).to_be_visible()

    page.clock.fast_forward(61_000)  # and again, without limit
    expect(warning(page)).to_be_visible()
    page.evaluate(AXE.read_text())  # not a <script>: the CSP refuses inline ones
    result = page.evaluate(
        "axe.run('#idle-warning', {runOnly: ['wcag2a', 'wcag2aa', 'wcag2aaa']})"
    )
    assert [v["id"] for v in result["violations"]] == []
    page.get_by_role("button", name="Continue").click()
    expect(warning(page)).to_be_hidden()


def test_countdown_resets_to_home_in_the_default_language(page, live_server, kiosk):
    page.clock.install()
    page.goto(f"{live_server}/k/{kiosk}")
    choose_english(page, live_server)
    page.get_by_role("link", name="ID papers").click()
    page.get_by_role("link", name="French passport").click()
    expect(page.locator("article.place.best")).to_be_visible()
    for mode in DISPLAY_MODES:  # the visitor's larger text and contrast
        page.locator(f"[data-display-mode='{mode}']").click()
        expect(page.locator("html")).to_have_class(re.compile(rf"\b{mode}\b"))
    page.evaluate(
        """() => {
        sessionStorage.setItem("visitor", "something of the visitor");
        document.addEventListener("kiosk:reset", () =>
            localStorage.setItem("reset-seen-on", location.pathname));
    }"""
    )

    page.clock.fast_forward(61_000)
    expect(warning(page)).to_be_visible()
    page.clock.fast_forward(31_000)

    expect(page).to_have_url(f"{live_server}/fr/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(warning(page)).to_be_hidden()
    for mode in DISPLAY_MODES:  # back to the kiosk's own display
        expect(page.locator("html")).not_to_have_class(re.compile(rf"\b{mode}\b"))
        expect(page.locator(f"[data-display-mode='{mode}']")).to_have_attribute(
            "aria-pressed", "false"
        )
    # The event came before leaving the screen, and nothing of the visitor is left.
    assert page.evaluate("localStorage.getItem('reset-seen-on')") == (
        "/en/besoin/passeport"
    )
    # At most what htmx writes on any page load: the path of the new home screen.
    left = page.evaluate("({...sessionStorage})")
    assert left in ({}, {"htmx-current-path-for-history": "/fr/"}), left
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") is None


def test_no_timer_on_the_untouched_home_screen(page, live_server, kiosk):
    page.clock.install()
    page.goto(f"{live_server}/k/{kiosk}")
    expect(page).to_have_url(f"{live_server}/fr/")
    page.evaluate("window.__sameDocument = true")
    page.clock.fast_forward(600_000)
    expect(warning(page)).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True  # never reloaded
    expect(page).to_have_url(f"{live_server}/fr/")


def test_home_in_another_language_is_not_clean(page, live_server, kiosk):
    page.clock.install()
    page.goto(f"{live_server}/k/{kiosk}")
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.wait_for_load_state("load")  # idle.js armed its timer (a full page load)
    page.clock.fast_forward(61_000)
    expect(page.get_by_role("alertdialog")).to_be_visible()
    page.clock.fast_forward(31_000)
    expect(page).to_have_url(f"{live_server}/fr/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")


@pytest.mark.attract
def test_attract_screen_after_reset_and_the_waking_touch_presses_nothing(
    page, live_server, kiosk
):
    page.clock.install()
    page.goto(f"{live_server}/k/{kiosk}")
    attract = page.locator("#attract")
    expect(attract).to_be_hidden()  # not on a plain load, only after a reset
    page.get_by_role("link", name="Papiers").click()
    page.clock.fast_forward(61_000)
    page.clock.fast_forward(31_000)
    expect(page).to_have_url(f"{live_server}/fr/")
    expect(attract).to_be_visible()

    # A finger lands where the "Papiers" tile is, under the attract screen.
    requests = []
    page.on("request", lambda r: "/besoin/" in r.url and requests.append(r.url))
    tile = page.get_by_role("link", name="Papiers")
    box = tile.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(attract).to_be_hidden()
    page.clock.fast_forward(2_000)
    expect(page).to_have_url(f"{live_server}/fr/")
    # The next touch is a real one: the tile's requests (asked at the touch, read
    # from the browser's cache at the click), and none before it.
    assert requests == []
    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    assert set(requests) == {f"{live_server}/fr/besoin/papiers"}


@pytest.mark.attract
def test_attract_screen_is_calm(page, live_server, kiosk):
    page.goto(f"{live_server}/k/{kiosk}")
    page.evaluate("sessionStorage.setItem('kiosk.attract', '1')")
    page.reload()
    attract = page.locator("#attract")
    expect(attract).to_be_visible()
    expect(attract.locator("li[lang=ar]")).to_have_attribute("dir", "rtl")
    animations = page.evaluate(
        "document.getAnimations().map(a => a.effect.getComputedTiming().duration)"
    )
    # At most one slow drift, nothing that flashes (WCAG 2.3.1: under 3 per second).
    assert all(duration >= 10_000 for duration in animations), animations
