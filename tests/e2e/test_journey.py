"""A visitor's journey in Debian's Chromium: tap to a referral, Back, reload."""

import re

from playwright.sync_api import expect


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
