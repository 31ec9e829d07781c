"""A visitor's journey in Debian's Chromium: tap to a referral, Back, reload."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_warm_up


def test_tap_need_and_sub_need_to_the_right_place(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    expect(page).to_have_url(f"{live_server}/fr/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "De quelle aide avez-vous besoin ?"
    )

    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    page.get_by_role("link", name="Passeport français").click()

    expect(page).to_have_url(f"{live_server}/fr/besoin/passeport")
    best = page.locator("article.place.best")
    # Tuesday 10:30, at the Hôtel de Ville: its own titles desk is open and 0 m away.
    expect(best.get_by_role("heading", level=2)).to_have_text(
        re.compile("Hôtel de Ville", re.I)
    )
    expect(best).to_contain_text("Ouvert maintenant")
    expect(page.locator("#to-bring")).to_contain_text("À apporter")

    # No snapshot is kept in the browser: htmx reloads the URL from the server, and
    # the next step must wait for that load or it races with it.
    with page.expect_event("load"):
        page.go_back()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    expect(page.get_by_role("link", name="Passeport français")).to_be_visible()

    # Forward is a history miss: htmx reloads the page itself; let that load end
    # before reloading again (two reloads at once detach Playwright from the page).
    with page.expect_response(f"{live_server}/fr/besoin/passeport"):
        page.go_forward()
    expect(page).to_have_url(f"{live_server}/fr/besoin/passeport")
    # htmx keeps no history snapshots: it reloads the page itself on Forward. Let
    # that reload finish first, or ours would abort it (a flaky ERR_ABORTED).
    page.wait_for_function(
        "() => performance.getEntriesByType('navigation')[0].type === 'reload'"
    )
    expect(page.locator("article.place.best")).to_be_visible()
    page.reload()
    expect(page.locator("article.place.best h2")).to_have_text(
        re.compile("Hôtel de Ville", re.I)
    )


def test_swaps_do_not_reload_the_page(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Papiers").click()
    page.get_by_role("link", name="Passeport français").click()
    expect(page.locator("article.place.best")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    assert page.title().startswith("Passeport")


def test_home_and_back_buttons_lead_where_they_say(page, live_server):
    page.goto(f"{live_server}/fr/besoin/passeport")
    page.get_by_role("link", name="Retour").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    page.get_by_role("link", name="Accueil").click()
    expect(page).to_have_url(f"{live_server}/fr/")


def test_sizes_meet_the_numbers_of_the_product_brief(page, live_server):
    page.goto(f"{live_server}/fr/")
    tiles = page.locator("a.tile")
    assert tiles.count() >= 12
    for box in (tiles.nth(i).bounding_box() for i in range(tiles.count())):
        assert box["width"] >= 120 and box["height"] >= 120, box
    for link in page.locator("a.language:visible").all():
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    page.goto(f"{live_server}/fr/besoin/passeport")
    controls = "a.button:visible, a.alternative, a.language:visible"
    for control in page.locator(controls).all():
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    sizes = page.eval_on_selector_all(
        "main p, main dd, main dt, main li, .tile-label",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert min(sizes) >= 24, min(sizes)


def test_a_second_tap_within_500_ms_is_ignored(slow_page, live_server):
    page = slow_page
    page.goto(f"{live_server}/k/hotel-de-ville")
    requests = []
    page.on("request", lambda r: "/besoin/" in r.url and requests.append(r.url))
    # A tremor: two taps on two tiles in the same instant.
    page.evaluate(
        """() => { const tiles = document.querySelectorAll('a.tile');
                   tiles[0].click(); tiles[1].click(); }"""
    )
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    expect(page.get_by_role("link", name="Passeport français")).to_be_visible()
    assert requests == [f"{live_server}/fr/besoin/papiers"]


def touch(cdp, kind: str, point: dict | None = None) -> None:
    """Send one touch event, as a finger does (touchStart, touchMove, touchEnd)."""
    points = [point] if point else []
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def centre(locator) -> dict:
    box = locator.bounding_box()
    return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}


def watched_answers(page, path: str) -> list[bool]:
    """Return a list filled, as the page gets answers for `path`, with whether each
    came from the browser's cache."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    answers = []

    def received(event):
        response = event["response"]
        if response["url"].endswith(path):
            answers.append(bool(response.get("fromDiskCache")))

    cdp.on("Network.responseReceived", received)
    return answers


def until(page, condition) -> None:
    """Wait (up to 10 s, letting Playwright's events in) until `condition()` holds."""
    for _ in range(500):
        if condition():
            return
        page.wait_for_timeout(20)
    raise AssertionError("still not so after 10 s")


def test_a_tap_asks_as_the_finger_touches_and_changes_the_screen_as_it_lifts(
    page, live_server
):
    page.goto(f"{live_server}/k/hotel-de-ville")
    wait_for_warm_up(page)  # the tap path's warm-up is done
    assert page.locator("[hx-get='/healthz']").count() == 0  # its box is gone
    assert page.locator(".rehearsal").count() == 0  # the screens it laid out too
    answers = watched_answers(page, "/fr/besoin/papiers")
    cdp = page.context.new_cdp_session(page)

    touch(cdp, "touchStart", centre(page.get_by_role("link", name="Papiers")))
    until(page, lambda: answers == [False])  # asked for, from the server
    expect(page).to_have_url(f"{live_server}/fr/")  # but not shown yet
    touch(cdp, "touchEnd")

    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
    expect(page.get_by_role("link", name="Passeport français")).to_be_visible()
    # htmx's request at the click was answered by the browser's cache: one visit to
    # the server, one screen counted.
    assert answers == [False, True]


def test_a_finger_that_slides_off_a_tile_changes_nothing(page, live_server):
    page.goto(f"{live_server}/k/hotel-de-ville")
    wait_for_warm_up(page)
    answers = watched_answers(page, "/fr/besoin/papiers")
    cdp = page.context.new_cdp_session(page)

    before = page.evaluate("history.length")
    start = centre(page.get_by_role("link", name="Papiers"))
    touch(cdp, "touchStart", start)
    until(page, lambda: answers == [False])
    touch(cdp, "touchMove", {"x": start["x"], "y": start["y"] + 300})
    touch(cdp, "touchEnd")
    page.get_by_role("link", name="Santé").click()  # a tap after it is served

    expect(page).to_have_url(re.compile(r"/fr/besoin/sante"))
    assert answers == [False]
    assert page.evaluate("history.length") == before + 1  # Santé's screen only
