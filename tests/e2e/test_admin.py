"""A member of staff in Debian's Chromium: log in, fix a place's hours in the expert
field with the live preview, and see the change on the kiosk's result screen."""

import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.extensions import db
from tests.admin.conftest import PASSWORD, make_user
from tests.conftest import FROZEN_NOW
from tests.e2e.conftest import closing, staff_page_violations

STAFF = "staff@example.org"
ADMIN = "boss@example.org"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    """Serve its own app and database (this test changes data) with a staff account."""
    from kiosk.demo import load_demo

    path = tmp_path_factory.mktemp("admin") / "admin.sqlite3"
    app = create_app(
        {
            "SECRET_KEY": "e2e-admin",
            "PUBLIC_BASE_URL": "http://127.0.0.1",  # its port, once it has one
            "DATABASE_URL": f"sqlite:///{path}",
            "FROZEN_NOW": FROZEN_NOW,
            "MAP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",  # no tiles: degrade
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
        make_user(STAFF, "editor")
        make_user(ADMIN, "admin")
    server = make_server("127.0.0.1", 0, closing(app), threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app.config["PUBLIC_BASE_URL"]
    server.shutdown()


def test_fix_hours_with_the_live_preview_then_see_them_on_the_kiosk(page, admin_server):
    base = admin_server
    page.goto(f"{base}/admin/places/?q=Hôtel+de+Ville")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.locator("#email").fill(STAFF)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/places/\?q="))

    page.get_by_role("link", name="Hôtel de Ville de Bordeaux").click()
    hours = page.locator("#horaires")
    preview = page.locator("#hours-preview")
    expect(hours).to_have_value("Mo-Fr 08:30-17:00; PH off")
    expect(preview).to_contain_text("08:30–17:00")
    # The position preview degrades to text when no tile can be fetched.
    expect(page.locator("#position-preview figcaption")).to_contain_text("44.83770")

    page.get_by_text("Expert : les horaires tels qu’enregistrés").click()
    hours.fill("Mo-Fr 08:30-12:15;")  # a typo: said once, under the field, in French
    problem = page.locator("#horaires-problem .error")
    expect(problem).to_contain_text("Incomplet : il manque quelque chose après")
    expect(page.locator(".error", has_text="Incomplet")).to_have_count(1)
    hours.fill("Mo-Fr 08:30-12:15; PH off")
    expect(problem).to_have_count(0)  # gone once the text reads
    expect(page.locator("#week-0-closes")).to_have_value("12:15")  # the grid follows
    expect(preview).to_contain_text("08:30–12:15")
    expect(preview.locator(".state.open")).to_be_visible()  # Tuesday 10:30
    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("#horaires")).to_have_value("Mo-Fr 08:30-12:15; PH off")

    page.goto(f"{base}/k/hotel-de-ville")
    page.get_by_role("link", name="Papiers").click()
    page.get_by_role("link", name="Passeport français").click()
    best = page.locator("article.place.best")
    expect(best.get_by_role("heading", level=2)).to_have_text(
        re.compile("Hôtel de Ville", re.I)
    )
    expect(best).to_contain_text("12:15")


@pytest.mark.parametrize("width", [1280, 390])
def test_admin_pages_pass_axe_at_desk_and_phone_widths(browser, admin_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{admin_server}/admin/login")
    assert staff_page_violations(page) == []
    page.locator("#email").fill(STAFF)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{admin_server}/admin/")
    for path in (
        "/admin/",
        "/admin/places/",  # the place form is scanned below, with an error in it
        "/admin/needs/",
        "/admin/needs/2",
        "/admin/history/structure/1",
        "/admin/places/bin",
    ):
        page.goto(f"{admin_server}{path}")
        assert staff_page_violations(page) == [], path
    # The first field in error gets the focus, its message linked to it.
    page.goto(f"{admin_server}/admin/places/1")
    page.locator("#telephone").fill("05 56")
    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator("#telephone")).to_be_focused()
    expect(page.locator("#telephone")).to_have_attribute(
        "aria-describedby", re.compile("telephone-error")
    )
    assert staff_page_violations(page) == []
    width_overflow = page.evaluate(
        "document.documentElement.scrollWidth > window.innerWidth"
    )
    assert not width_overflow
    context.close()


def _log_in(page, base: str, email: str = STAFF) -> None:
    page.goto(f"{base}/admin/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{base}/admin/")


@pytest.fixture
def too_large(tmp_path):
    """Return a 33 MB file (over MAX_CONTENT_LENGTH: sent, the body is refused).
    A path, not a buffer: Chromium reads it from disk, Playwright copies nothing."""
    path = tmp_path / "photo.png"
    with path.open("wb") as file:
        file.truncate(33 * 1024 * 1024)
    return path


def test_a_picture_too_large_is_refused_when_chosen_and_nothing_typed_is_lost(
    page, admin_server, too_large
):
    """Sent, a file this large is refused unread (413) with everything typed in the
    form: admin.js refuses it in its field as soon as it is chosen, and empties it,
    so the form is still saved with what was typed."""
    _log_in(page, admin_server)
    page.goto(f"{admin_server}/admin/needs/2")
    page.locator("#to_bring-fr").fill("Votre pièce d'identité")
    page.locator("#upload").set_input_files(too_large)
    upload = page.locator("#upload")
    expect(page.locator("#upload-error")).to_have_text("L'image dépasse 512 Ko.")
    expect(upload).to_have_attribute("aria-invalid", "true")
    expect(upload).to_have_attribute("aria-describedby", "upload-hint upload-error")
    assert upload.evaluate("input => input.files.length") == 0
    expect(page.locator("#to_bring-fr")).to_have_value("Votre pièce d'identité")

    page.locator(".save-bar button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("Enregistré.")
    expect(page.locator("#to_bring-fr")).to_have_value("Votre pièce d'identité")

    # The open-data import's file field does the same with the server's limit.
    page.goto(f"{admin_server}/admin/donnees/")
    page.locator("#format").select_option(index=1)
    page.locator("#file").set_input_files(too_large)
    expect(page.locator("#file-error")).to_have_text("Le fichier dépasse 32 Mo.")
    expect(page.locator("#file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#format")).not_to_have_value("")


@pytest.mark.parametrize("width", [1280, 390])
def test_conflict_history_and_administrator_pages_pass_axe(
    browser, admin_server, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    mine, theirs = context.new_page(), context.new_page()
    _log_in(mine, admin_server, ADMIN)
    place = f"{admin_server}/admin/places/2"
    mine.goto(place)
    theirs.goto(place)
    theirs.locator("#telephone").fill("05 56 00 00 0" + str(width % 7))
    theirs.locator(".save-bar button[type=submit]").click()
    expect(theirs.locator(".flash")).to_be_visible()
    mine.locator("#telephone").fill("05 56 99 99 9" + str(width % 7))
    mine.locator(".save-bar button[type=submit]").click()
    expect(mine.locator("form[action$='/resolve']")).to_be_visible()
    assert staff_page_violations(mine) == [], "conflict screen"

    mine.goto(f"{admin_server}/admin/history/structure/2")
    assert staff_page_violations(mine) == [], "history"
    mine.locator("a[href*='/admin/history/revision/']").first.click()
    expect(mine).to_have_url(re.compile(r"/admin/history/revision/\d+"))
    assert staff_page_violations(mine) == [], "revision"
    for path in (
        "/admin/password",
        "/admin/kiosks/",
        "/admin/kiosks/1",
        "/admin/accounts/",
        "/admin/accounts/1",
        "/admin/needs/2/preview?kiosk=1",
        "/admin/parc/",
        "/admin/usage/",
        "/admin/usage/?days=7&kiosk=hotel-de-ville",
    ):
        mine.goto(f"{admin_server}{path}")
        assert staff_page_violations(mine) == [], path
    context.close()
