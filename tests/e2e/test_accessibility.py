"""axe-core (vendored) on every kiosk screen, French and Arabic, in every display
mode: no violation of WCAG 2.2 A/AA, nor of the enhanced (7:1) contrast rule."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_receipt_printer import printer, printing_server  # noqa: F401 (fixtures)
from tests.fake_printer import OFFLINE, ONLINE

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENS = [
    "/{lang}/",
    "/{lang}/besoin/papiers",
    "/{lang}/besoin/passeport",
    "/{lang}/besoin/nope",
    "/{lang}/besoin/passeport/lieu/bm-mairie-talence",  # an alternative in front
    "/{lang}/besoin/passeport/lieu/bm-mairie-talence/fiche",  # the page-print slip
]
MODES = ["normal", "large-text", "high-contrast"]


def axe_violations(page) -> list[dict]:
    """Return axe's violations: WCAG 2.2 A/AA, and color-contrast-enhanced (7:1)."""
    page.evaluate(AXE.read_text())  # not a <script>: the CSP refuses inline ones
    return page.evaluate(
        """async (tags) => {
             // One run: the tags, plus the 7:1 rule (not in them) switched on by name.
             const result = await axe.run(document, {
                 runOnly: {type: 'tag', values: tags},
                 rules: {'color-contrast-enhanced': {enabled: true}},
                 resultTypes: ['violations']});
             return result.violations.map(v => ({
                 id: v.id, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
             }));
           }""",
        TAGS,
    )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_axe_violation_on_any_screen(page, live_server, lang, mode):
    page.goto(f"{live_server}/{lang}/")
    if mode != "normal":
        page.locator(f"[data-display-mode='{mode}']").click()
    for screen in SCREENS:
        response = page.goto(live_server + screen.format(lang=lang))
        assert response.status == (404 if "nope" in screen else 200), screen
        assert mode == "normal" or mode in page.locator("html").get_attribute("class")
        page.evaluate("document.fonts.ready.then(() => true)")
        assert axe_violations(page) == [], screen


def test_axe_sees_the_listen_panel_open(page, live_server):
    page.goto(f"{live_server}/ar/besoin/passeport")
    page.locator("[data-speech-play]").click()
    page.locator("#speech-panel").wait_for(state="visible")
    for mode in ("normal", "high-contrast"):
        if mode != "normal":
            page.locator(f"[data-display-mode='{mode}']").click()
        assert axe_violations(page) == [], mode


@pytest.mark.parametrize(("lang", "status"), [("fr", ONLINE), ("ar", OFFLINE)])
def test_axe_on_the_print_outcome(page, printing_server, printer, lang, status):  # noqa: F811
    """A kiosk with a receipt printer: the message after Print, both kinds."""
    printer.printer_status = status
    outcome = "done" if status == ONLINE else "problem"
    page.goto(f"{printing_server}{printing_server.tablet}")
    page.goto(f"{printing_server}/{lang}/besoin/passeport")
    page.locator("#print-area button").click()
    expect(page.locator(f".print-outcome.{outcome}")).to_be_visible()
    assert axe_violations(page) == [], "normal"
    for mode in MODES[1:]:  # each mode on its own: on, checked, off again
        toggle = page.locator(f"[data-display-mode='{mode}']")
        toggle.click()
        expect(page.locator("html")).to_have_class(re.compile(mode))
        assert axe_violations(page) == [], mode
        toggle.click()


def test_axe_finds_what_it_should(page, live_server):
    # A grey-on-white line breaks the 7:1 rule: the check above could fail.
    page.goto(f"{live_server}/fr/")
    page.evaluate("document.querySelector('.hint').style.color = '#777'")
    found = {v["id"] for v in axe_violations(page)}
    assert "color-contrast-enhanced" in found


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_axe_violation_on_the_phone_page(page, live_server, live_app, lang):
    from sqlalchemy import select

    from kiosk.extensions import db
    from kiosk.models import Need, ShortLink

    page.goto(f"{live_server}/{lang}/besoin/passeport")  # its QR makes the short link
    with live_app.app_context():
        need = db.session.scalar(select(Need).where(Need.slug == "passeport"))
        code = db.session.scalar(
            select(ShortLink.code).where(ShortLink.need_id == need.id).limit(1)
        )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server}/p/{code}?l={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == [], lang
    # The phone's own larger text (no toggle on this page): twice the root size.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("getComputedStyle(document.body).fontSize") != "16px"
    assert axe_violations(page) == [], f"{lang}, text at 200%"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), f"{lang}: text at 200% scrolls sideways"
