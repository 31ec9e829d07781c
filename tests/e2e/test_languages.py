"""Nine languages in Debian's Chromium: lang/dir, Arabic mirrored, switching keeps
the screen, and every glyph drawn with our own fonts (no tofu)."""

import pytest
from playwright.sync_api import expect

from kiosk.languages import LANGUAGES
from tests.e2e.fonts import OUR_FONTS, fonts_drawing_text


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_glyph_is_drawn_with_our_fonts(page, live_server, lang):
    for path in (f"/{lang}/", f"/{lang}/besoin/passeport"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.lang") == lang
        assert (
            page.evaluate("document.documentElement.dir") == LANGUAGES[lang].direction
        )
        drawn = fonts_drawing_text(page)
        assert len(drawn) > 20, path
        strangers = {
            text: fonts - OUR_FONTS
            for text, fonts in drawn.items()
            if fonts - OUR_FONTS
        }
        assert not strangers, f"{path} drawn with other fonts: {strangers}"
        assert page.evaluate("document.fonts.status") == "loaded"


def test_the_font_check_sees_a_script_we_do_not_ship(page, live_server):
    # Greek is in no vendored font: the check must notice it, or it proves nothing.
    page.goto(f"{live_server}/fr/")
    page.evaluate("document.querySelector('h1').textContent = 'Ελληνικά'")
    drawn = fonts_drawing_text(page, "main h1")
    assert any(name.startswith("system:") for name in drawn.popitem()[1])


def test_arabic_is_mirrored(page, live_server):
    page.goto(f"{live_server}/ar/besoin/passeport")
    width = page.viewport_size["width"]
    back = page.locator("a.button.back").bounding_box()
    tools = page.locator(".tools").bounding_box()
    heading = page.locator("main h1").bounding_box()
    place = page.locator("article.place").bounding_box()
    take = page.locator("section.take-home").bounding_box()
    assert back["x"] > width / 2  # Home and Back on the right
    assert tools["x"] < 40  # the tools on the left
    assert heading["x"] + heading["width"] > width - 40  # text starts on the right
    assert place["x"] > take["x"] + take["width"]  # the best place first, right
    arrow = page.locator(".arrow-back").evaluate("e => getComputedStyle(e).transform")
    assert arrow.startswith("matrix(-1,")  # the Back arrow points right
    assert page.locator("main").evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_french_is_not_mirrored(page, live_server):
    # The same measures the other way round: the RTL test above can fail.
    page.goto(f"{live_server}/fr/besoin/passeport")
    width = page.viewport_size["width"]
    assert page.locator("a.button.back").bounding_box()["x"] < width / 2
    tools = page.locator(".tools").bounding_box()
    assert tools["x"] + tools["width"] > width - 40
    assert (
        page.locator(".arrow-back").evaluate("e => getComputedStyle(e).transform")
        == "none"
    )
    place = page.locator("article.place").bounding_box()
    assert place["x"] < page.locator("section.take-home").bounding_box()["x"]


def test_switching_language_mid_journey_keeps_the_screen(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.get_by_role("link", name="Papiers").click()
    page.get_by_role("link", name="Passeport français").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/passeport")
    place = page.locator("article.place h2").text_content()

    # On an inner screen the languages are behind one button that says it in three.
    page.get_by_role("button", name="Langue · Language · اللغة").click()
    page.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(f"{live_server}/ar/besoin/passeport")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("main h1")).to_have_text("جواز السفر الفرنسي")
    expect(page.locator("article.place h2")).to_have_text(place)
    expect(page.locator("#speech-script")).to_have_attribute("lang", "ar")

    page.get_by_role("link", name="Back").or_(page.locator("a.button.back")).click()
    expect(page).to_have_url(f"{live_server}/ar/besoin/papiers")
    page.locator(".language-button").click()
    page.get_by_role("link", name="Українська").click()
    expect(page).to_have_url(f"{live_server}/uk/besoin/papiers")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("main h1")).to_have_text("Документи")


def test_every_language_link_is_marked_with_its_language(page, live_server):
    page.goto(f"{live_server}/fr/")
    for code, language in LANGUAGES.items():
        link = page.get_by_role("link", name=language.name, exact=True)
        expect(link).to_have_attribute("lang", code)
        expect(link).to_have_attribute("dir", language.direction)
