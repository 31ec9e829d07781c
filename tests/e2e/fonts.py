"""Which fonts Chromium really drew a page's text with (DevTools protocol)."""

from tests.e2e.conftest import wait_for_warm_up

# Our vendored web fonts (static/css/fonts.css). Anything else is a system font the
# kiosk tablet may not have: a tofu box there.
OUR_FONTS = {"Atkinson Hyperlegible Next", "Noto Sans", "Noto Sans Arabic"}


def fonts_drawing_text(page, selector: str = "body") -> dict[str, set[str]]:
    """Return {element: names of the fonts its own text was drawn with}.

    Elements are node ids, or their HTML when a font is not one of ours.

    A name is prefixed with "system:" when the font is not a web font of the page.
    """
    wait_for_warm_up(page)
    page.evaluate("document.fonts.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        found = {}
        query = {"nodeId": root, "selector": f"{selector}, {selector} *"}
        for node in cdp.send("DOM.querySelectorAll", query)["nodeIds"]:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            if fonts:
                found[node] = {
                    ("" if font["isCustomFont"] else "system:") + font["familyName"]
                    for font in fonts
                }
        strangers = {node for node, names in found.items() if names - OUR_FONTS}
        for node in strangers:  # name the culprits by their HTML
            html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:120]
            found[html] = found.pop(node)
        return found
    finally:
        cdp.detach()
