"""One screen, one answer (issue 17): at 1280 x 800, in French, Arabic and Ukrainian,
in normal and larger text and high contrast, the result's first screen holds the
place, its address, whether it is open, how to get there, its phone, the QR code and
Print; no page scrolls by itself; a screen too long is paged, and its ▼ button alone
reaches its end."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TABLET

RESULT = "/{lang}/besoin/passeport/lieu/bm-mairie-merignac"
ESSENTIALS = {
    "place": ".place h2",
    "address": ".place .address",
    "open state": ".place .state",
    "how to get there": ".place .getting-there",
    "phone": ".place .phone",
    "QR code": ".qr-code svg",
    "Print": "button.print",
}
# Whether to book first: on the first screen in normal size (a senior walked in
# without an appointment once it was below the fold). In larger text a long address
# can push it to the top of the second page.
APPOINTMENT = {"appointment": ".place .appointment"}
MODES = {
    "normal": [],
    "larger text": ["large-text"],
    "high contrast": ["high-contrast"],
}


def open_screen(page, server, path, modes):
    page.set_viewport_size(TABLET)
    page.goto(f"{server}/k/hotel-de-ville")
    page.goto(server + path)
    page.wait_for_load_state("load")
    for mode in modes:
        page.click(f"[data-display-mode={mode}]")
    for mode in modes:
        expect(page.locator("html")).to_have_class(re.compile(mode))


def inside_first_screen(page, selector):
    """Return the element's box, and whether it lies wholly in the window, below
    the bar and beside the pager."""
    box = page.locator(selector).first.bounding_box()
    bar = page.locator(".bar").bounding_box()
    screen = page.locator("#screen").bounding_box()
    inside = (
        box is not None
        and box["y"] >= bar["y"] + bar["height"] - 1
        and box["y"] + box["height"] <= TABLET["height"]
        and box["x"] >= screen["x"] - 1
        and box["x"] + box["width"] <= screen["x"] + screen["width"] + 1
    )
    return box, inside


@pytest.mark.parametrize("lang", ["fr", "ar", "uk"])
@pytest.mark.parametrize("mode", list(MODES))
def test_the_answer_is_on_the_first_screen(page, live_server, lang, mode):
    open_screen(page, live_server, RESULT.format(lang=lang), MODES[mode])
    outside = {}
    essentials = ESSENTIALS | ({} if mode == "larger text" else APPOINTMENT)
    for name, selector in essentials.items():
        box, inside = inside_first_screen(page, selector)
        if not inside:
            outside[name] = box
    assert outside == {}
    # Nothing scrolls by itself: the page is the window, the screen is paged.
    assert page.evaluate("document.documentElement.scrollHeight") <= TABLET["height"]
    page.mouse.wheel(0, 600)
    assert page.evaluate("document.getElementById('screen').scrollTop") == 0


@pytest.mark.parametrize("mode", ["normal", "larger text"])
def test_a_paged_screen_reaches_its_end_with_the_down_button_alone(
    page, live_server, mode
):
    open_screen(page, live_server, RESULT.format(lang="fr"), MODES[mode])
    pager = page.locator("#pager")
    expect(pager).to_be_visible()
    total = int(pager.locator("[data-page-count]").inner_text())
    assert total >= 2
    expect(pager.locator("[data-page-now]")).to_have_text("1")
    expect(pager.get_by_role("button", name="Haut")).to_be_disabled()
    down = pager.get_by_role("button", name="Suite")
    for now in range(2, total + 1):
        down.click()
        expect(pager.locator("[data-page-now]")).to_have_text(str(now))
    expect(down).to_be_disabled()
    last = page.locator("#others li").last
    _, inside = inside_first_screen(page, "#others li:last-child")
    assert inside, last.bounding_box()


def test_a_labelled_button_brings_what_to_bring_into_view(page, live_server):
    open_screen(page, live_server, RESULT.format(lang="fr"), [])
    page.get_by_role("button", name="Que dois-je apporter ?").click()
    _, inside = inside_first_screen(page, "#to-bring h2")
    assert inside
    expect(page.locator("#to-bring")).to_contain_text("Photo d'identité")


@pytest.mark.parametrize("lang", ["fr", "en", "ar", "es", "pt", "uk", "ru", "tr", "ro"])
def test_the_home_screen_fits_without_paging(page, live_server, lang):
    open_screen(page, live_server, f"/{lang}/", [])
    expect(page.locator("#pager")).to_be_hidden()
    box, inside = inside_first_screen(page, ".tiles li:last-child")
    assert inside, box
