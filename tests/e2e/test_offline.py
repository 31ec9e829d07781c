"""Lost network and restarting server, in Debian's Chromium: a banner over the last
screen, recovery by itself, never the browser's error page, never a reload loop."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import choose_english

RECONNECTING = "One moment, we are reconnecting…"


def start_in_english(page, base):
    page.goto(f"{base}/k/hotel-de-ville")
    # The worker is active (it does not claim this first page; the language link's
    # full load below is the first page it controls).
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    choose_english(page, base)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate("window.__sameDocument = true")


def test_lost_network_banner_then_the_screen_comes_by_itself(page, live_server):
    start_in_english(page, live_server)
    banner = page.locator("#offline-banner")
    page.context.set_offline(True)
    page.get_by_role("link", name="ID papers").click()

    expect(banner).to_be_visible()
    expect(banner).to_have_text(RECONNECTING)
    expect(banner).to_have_attribute("role", "status")
    # The last screen stays under the banner.
    expect(page).to_have_url(f"{live_server}/en/")
    expect(page.get_by_role("link", name="ID papers")).to_be_visible()

    page.context.set_offline(False)
    expect(banner).to_be_hidden(timeout=15_000)
    expect(page).to_have_url(f"{live_server}/en/besoin/papiers")
    expect(page.get_by_role("link", name="French passport")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True  # no reload at all


def test_server_stopped_mid_journey_and_restarted(page, server_process):
    base = server_process.url
    start_in_english(page, base)
    page.get_by_role("link", name="ID papers").click()
    banner = page.locator("#offline-banner")
    passport = page.get_by_role("link", name="French passport")
    expect(passport).to_be_visible()  # the screen arrived before the server stops

    server_process.stop()
    passport.click()
    expect(banner).to_be_visible()
    expect(page.get_by_role("link", name="French passport")).to_be_visible()

    server_process.start()
    expect(banner).to_be_hidden(timeout=30_000)
    expect(page).to_have_url(f"{base}/en/besoin/passeport")
    expect(page.locator("article.place.best")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True


def test_a_page_load_while_the_server_is_down_gets_the_offline_page(
    page, server_process
):
    base = server_process.url
    start_in_english(page, base)
    server_process.stop()

    # A full load: a language link, Back, the idle reset's navigation home...
    response = page.goto(f"{base}/ar/besoin/papiers")
    assert response.status == 200  # the service worker's page, not Chromium's
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1:visible")).to_have_attribute("data-language", "ar")

    server_process.start()
    expect(page.locator("main[data-screen=precise]")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(f"{base}/ar/besoin/papiers")


def test_behind_a_proxy_its_502_page_is_never_shown(
    page, reverse_proxy, server_process
):
    start_in_english(page, reverse_proxy)
    banner = page.locator("#offline-banner")
    server_process.stop()

    page.get_by_role("link", name="ID papers").click()
    expect(banner).to_be_visible()
    expect(page.locator("#screen")).not_to_contain_text("Bad Gateway")

    page.goto(f"{reverse_proxy}/en/besoin/impots")
    expect(page.locator("body")).not_to_contain_text("Bad Gateway")
    expect(page.locator("h1:visible")).to_have_text(RECONNECTING)

    server_process.start()
    expect(page.locator("main[data-screen=precise]")).to_be_visible(timeout=30_000)


def test_a_server_error_on_a_swap_shows_the_kiosk_message_with_home(
    page, live_server, monkeypatch
):
    import kiosk.public.results

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    page.goto(f"{live_server}/en/besoin/papiers")
    monkeypatch.setattr(kiosk.public.results, "best_places_for", broken)
    page.get_by_role("link", name="French passport").click()

    expect(
        page.get_by_role("heading", name="Sorry, something went wrong.")
    ).to_be_visible()
    expect(page.locator("#offline-banner")).to_be_hidden()
    monkeypatch.undo()
    page.get_by_role("link", name="Home").click()
    expect(page).to_have_url(f"{live_server}/en/")
    expect(page.get_by_role("link", name="ID papers")).to_be_visible()


def test_a_failed_warm_up_is_not_a_screen_to_show_again(page, live_server):
    # kiosk.js's warm-up asks for /healthz once the page has loaded; the server is
    # unreachable just then. The banner may say so, but /healthz is never swapped in
    # as a screen when the server answers again.
    page.route(re.compile(r"/healthz$"), lambda route: route.abort())
    page.goto(f"{live_server}/k/hotel-de-ville")
    page.wait_for_load_state("networkidle")
    expect(page.locator("[hx-get='/healthz']")).to_have_count(0)  # its box is gone
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=15_000)
    expect(page).to_have_url(f"{live_server}/fr/")
    expect(page.get_by_role("link", name="Papiers")).to_be_visible()
    page.get_by_role("link", name="Papiers").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/papiers")
