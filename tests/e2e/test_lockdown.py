"""Lockdown in the page, checked in Debian's Chromium: CSS and handlers in place."""

from playwright.sync_api import expect


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(
        selector, f"el => getComputedStyle(el).getPropertyValue('{prop}')"
    )


def test_lockdown_css(page, live_server):
    page.goto(f"{live_server}/fr/besoin/passeport")
    assert style(page, "body", "user-select") == "none"
    assert style(page, "a.tile, main h1", "user-select") == "none"
    assert style(page, "html", "overscroll-behavior-y") == "none"
    assert style(page, "body", "overscroll-behavior-x") == "none"
    assert style(page, "body", "touch-action") == "manipulation"
    # touch-action is not inherited: html allows panning only, so no pinch zoom.
    assert style(page, "html", "touch-action") == "pan-x pan-y"
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<input id=field>')"
    )
    assert style(page, "#field", "user-select") == "text"


def dispatch(page, selector: str, event: str) -> bool:
    """Dispatch a cancelable event on an element; return True if it was prevented."""
    return page.eval_on_selector(
        selector,
        f"""el => {{
            const e = new MouseEvent('{event}', {{bubbles: true, cancelable: true}});
            el.dispatchEvent(e);
            return e.defaultPrevented;
        }}""",
    )


def test_context_menu_drag_and_ctrl_zoom_are_refused(page, live_server):
    page.goto(f"{live_server}/fr/")
    assert dispatch(page, "a.tile", "contextmenu") is True
    assert dispatch(page, "a.tile img", "dragstart") is True
    prevented = page.evaluate(
        """() => {
        const e = new WheelEvent('wheel', {ctrlKey: true, deltaY: -100,
                                           bubbles: true, cancelable: true});
        document.querySelector('main').dispatchEvent(e);
        return e.defaultPrevented;
    }"""
    )
    assert prevented is True


def test_no_link_leaves_the_kiosk(page, live_server):
    page.goto(f"{live_server}/fr/")
    outside = []
    page.on("request", lambda r: "127.0.0.1" not in r.url and outside.append(r.url))
    # Even a link slipped in by content or a library (a map attribution) stays inert.
    page.evaluate(
        """document.querySelector('main').insertAdjacentHTML('beforeend',
        '<a id=web href="https://example.org/">site</a>' +
        '<a id=phone href="tel:+33556000000">tel</a>' +
        '<a id=blank href="/fr/" target="_blank">new window</a>')"""
    )
    for link in ("#web", "#phone", "#blank"):
        page.click(link)
    expect(page).to_have_url(f"{live_server}/fr/")
    assert len(page.context.pages) == 1
    assert outside == []
    # Our own links still work.
    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
