"""Heartbeats reach the fleet page; a scripted journey leaves the right counters."""

import time

from playwright.sync_api import expect
from sqlalchemy import select

from kiosk import __version__
from kiosk.extensions import db
from kiosk.models import UsageCount
from kiosk.usage.counting import flush_counts
from tests.conftest import make_kiosk
from tests.e2e.conftest import choose_english, log_in, tablet_link
from tests.fake_printer import NO_PAPER, PAPER_OK, FakePrinter
from tests.receipt import read


def test_heartbeat_updates_the_fleet_page(page, live_server, live_app):
    printer = FakePrinter()  # a receipt printer on loopback, paper in
    with live_app.app_context():
        slug = make_kiosk(
            name="Hall of the test",
            idle_seconds=60,
            print_route="escpos",
            printer_host="127.0.0.1",
            printer_port=printer.port,
        ).slug
    staff = page.context.browser.new_page()  # a staff member's desk, no kiosk cookie
    log_in(staff, live_server)
    staff.goto(f"{live_server}/admin/parc/?l=en")
    row = staff.locator(f"tr[data-kiosk={slug}]")
    expect(row.locator(".state")).to_contain_text("Never seen")
    try:
        page.clock.install()
        with page.expect_response(heartbeat):  # the first beat leaves at page load
            page.goto(f"{live_server}{tablet_link(live_app, slug)}")
        staff.reload()
        expect(row.locator(".state")).to_contain_text("Online")
        expect(row).to_contain_text(__version__)
        expect(row).to_contain_text("1280x800")
        # The beat had the server ask the printer how it is, behind the answer.
        reload_until(staff, row.locator(".printer"), "Ready")

        # The roll runs out: the next visitor's print finds it, and staff see it.
        printer.paper_status = NO_PAPER
        page.get_by_role("link", name="Papiers").click()
        page.get_by_role("link", name="Passeport français").click()
        page.get_by_role("button", name="Imprimer").click()
        expect(page.locator(".print-outcome.problem")).to_be_visible()
        staff.reload()
        expect(row.locator(".printer")).to_contain_text("Out of paper")
        expect(row).to_have_class("attention")

        # A new roll, and the next print comes out: ready again.
        printer.paper_status = PAPER_OK
        page.clock.fast_forward(600)  # past the repeat-tap guard
        page.get_by_role("link", name="OK").click()
        page.get_by_role("button", name="Imprimer").click()
        expect(page.locator(".print-outcome.done")).to_be_visible()
        staff.reload()
        expect(row.locator(".printer")).to_contain_text("Ready")
        expect(row).to_have_class("fine")
        assert read(printer.slip).cuts == 1  # one slip came out, no more
    finally:
        printer.close()
        staff.close()


def reload_until(page, locator, text: str, seconds: float = 10) -> None:
    """Reload `page` until `locator` shows `text` (written behind another request)."""
    deadline = time.monotonic() + seconds
    while text not in locator.inner_text() and time.monotonic() < deadline:
        time.sleep(0.1)
        page.reload()
    expect(locator).to_contain_text(text)


def heartbeat(response) -> bool:
    return (
        response.url.endswith("/kiosk/heartbeat") and response.request.method == "POST"
    )


def event(response) -> bool:
    return response.url.endswith("/kiosk/event")


def counters(app, slug: str) -> dict[tuple[str, str, str], int]:
    """Return {(language, need, kind): count} for one kiosk."""
    from kiosk.models import Kiosk

    with app.app_context():
        flush_counts()  # the server's counts, written now rather than in 2 s
        kiosk_id = db.session.scalar(select(Kiosk.id).where(Kiosk.slug == slug))
        rows = db.session.scalars(
            select(UsageCount).where(UsageCount.kiosk_id == kiosk_id)
        )
        return {(r.language, r.need, r.kind): r.count for r in rows}


def test_usage_counters_after_a_scripted_journey(page, live_server, live_app):
    with live_app.app_context():
        slug = make_kiosk(idle_seconds=60).slug
    page.clock.install()
    # First visitor: home, Papers, Passport (a result), Listen, then walks away.
    page.goto(f"{live_server}{tablet_link(live_app, slug)}")
    page.get_by_role("link", name="Papiers").click()
    page.get_by_role("link", name="Passeport français").click()
    expect(page.locator("article.place.best")).to_be_visible()
    with page.expect_response(event):  # the press is counted by the tablet
        page.get_by_role("button", name="Écouter").click()
    page.clock.fast_forward(61_000)
    page.clock.fast_forward(31_000)
    expect(page).to_have_url(f"{live_server}/fr/")
    # Second visitor: English, Taxes, gives up on the sub-needs screen.
    choose_english(page, live_server)
    page.get_by_role("link", name="Taxes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Taxes")
    page.clock.fast_forward(61_000)
    page.clock.fast_forward(31_000)
    expect(page).to_have_url(f"{live_server}/fr/")

    expected = {
        ("fr", "", "screen"): 3,  # first load, after each reset
        ("fr", "papiers", "screen"): 1,
        ("fr", "passeport", "screen"): 1,
        ("fr", "passeport", "result"): 1,
        ("fr", "passeport", "qr"): 1,  # the result's QR code, counted by the server
        ("fr", "passeport", "listen"): 1,
        ("en", "", "screen"): 1,
        ("en", "impots", "screen"): 1,
        ("en", "impots", "reset"): 1,  # a reset without a result, on Taxes
    }
    # The reset's event leaves as the page goes: give it a moment to be stored.
    deadline = time.monotonic() + 5
    while counters(live_app, slug) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert counters(live_app, slug) == expected

    staff = page.context.browser.new_page()
    log_in(staff, live_server)
    staff.goto(f"{live_server}/admin/usage/?days=7")
    expect(staff.locator(f"tr[data-kiosk={slug}]")).to_be_visible()
    expect(staff.locator("tr[data-need=impots] td").last).not_to_have_text("0")
    staff.close()
