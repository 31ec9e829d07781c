"""The Print button of a kiosk with a receipt printer, in Debian's Chromium."""

import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.extensions import db
from kiosk.models import Kiosk
from tests.conftest import FROZEN_NOW
from tests.e2e.conftest import closing, tablet_link
from tests.fake_printer import FakePrinter
from tests.receipt import read

RESULT = "/en/besoin/passeport"  # new interface text is English until translated


@pytest.fixture
def printer():
    printer = FakePrinter()
    yield printer
    printer.close()


class Served(str):
    """The base URL of a server, with the path that enrols a tablet on it."""

    tablet = ""


@pytest.fixture
def printing_server(tmp_path, printer):
    """Serve the demo with the town hall kiosk printing on the fake printer."""
    from kiosk.demo import load_demo

    app = create_app(
        {
            "SECRET_KEY": "e2e",
            "PUBLIC_BASE_URL": "http://127.0.0.1",  # its port, once it has one
            "DATABASE_URL": f"sqlite:///{tmp_path / 'print.sqlite3'}",
            "FROZEN_NOW": FROZEN_NOW,
            "PRINTER_TIMEOUT": "1.5",
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
        kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hotel-de-ville"))
        kiosk.print_route, kiosk.printer_host = "escpos", "127.0.0.1"
        kiosk.printer_port = printer.port
        db.session.commit()
    server = make_server("127.0.0.1", 0, closing(app), threaded=True)
    base = Served(f"http://127.0.0.1:{server.server_port}")
    base.tablet = tablet_link(app)  # the town hall's enrolled tablet prints
    app.config["PUBLIC_BASE_URL"] = base
    app.config["MAP_TILE_URL"] = f"{base}/test-tiles/{{z}}/{{x}}/{{y}}.png"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


def test_a_double_tap_prints_one_slip(slow_page, printing_server, printer):
    page = slow_page  # the real 500 ms repeat-tap guard
    page.clock.install()  # time flows, and the test can skip ahead of the guard
    page.goto(f"{printing_server}{printing_server.tablet}")
    page.goto(f"{printing_server}{RESULT}")
    page.get_by_role("button", name="Print").dblclick()
    # It says the slip is coming, and where: the kiosk's printer, in staff's words.
    status = page.get_by_role("status")
    expect(status).to_contain_text("Your slip is printing.")
    expect(status).to_contain_text("The printer is just under the screen.")
    receipt = read(printer.slip)
    text = " ".join(receipt.text.split())  # lines wrap at the paper's width
    assert receipt.cuts == 1 and "Hôtel de Ville de Bordeaux" in text
    page.clock.fast_forward(600)  # a person reads the message before tapping OK
    page.get_by_role("link", name="OK").click()
    expect(page.get_by_role("button", name="Print")).to_be_enabled()


def test_a_silent_printer_gives_a_message_not_a_hang(page, printing_server, printer):
    printer.behaviour = "silent"
    page.goto(f"{printing_server}{printing_server.tablet}")
    page.goto(f"{printing_server}{RESULT}")
    button = page.get_by_role("button", name="Print")
    button.click()
    expect(button).to_be_disabled()  # no second print while the first one runs
    expect(page.get_by_role("status")).to_contain_text(
        "The printer does not answer", timeout=5000
    )
    expect(page.get_by_role("status")).to_contain_text("scan the QR code")
    assert printer.slip == b""
