"""axe-core (vendored) on every kiosk screen, French and Arabic, in every display
mode: no violation of WCAG 2.2 A/AA, nor of the enhanced (7:1) contrast rule."""

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENS = [
    "/{lang}/",
    "/{lang}/besoin/papiers",
    "/{lang}/besoin/passeport",
    "/{lang}/besoin/nope",
]


def axe_violations(page) -> list[dict]:
    """Return axe's violations: WCAG 2.2 A/AA, and color-contrast-enhanced (7:1)."""
    page.evaluate(AXE.read_text())  # not a <script>: the CSP refuses inline ones
    return page.evaluate(
        """async (tags) => {
             const tagged = await axe.run(document, {
                 runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
             const enhanced = await axe.run(document, {
                 runOnly: {type: 'rule', values: ['color-contrast-enhanced']},
                 resultTypes: ['violations']});
             return [...tagged.violations, ...enhanced.violations].map(v => ({
                 id: v.id, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
             }));
           }""",
        TAGS,
    )


@pytest.mark.parametrize("mode", ["normal", "large-text", "high-contrast"])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_axe_violation_on_any_screen(page, live_server, lang, mode):
    page.goto(f"{live_server}/{lang}/")
    if mode != "normal":
        page.locator(f"[data-display-mode='{mode}']").click()
    for screen in SCREENS:
        page.goto(live_server + screen.format(lang=lang))
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
