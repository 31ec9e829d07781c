"""The kiosk-add command and its printing options."""

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Kiosk

BASE = ["kiosk-add", "hall", "--name", "Hall", "--lat", "44.8", "--lon", "-0.5"]


def kiosk():
    db.session.expire_all()
    return db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall"))


def test_defaults_print_through_the_browser(runner):
    result = runner.invoke(args=BASE)
    assert result.exit_code == 0, result.output
    hall = kiosk()
    assert (hall.print_route, hall.paper_width_mm, hall.printer_port) == (
        "browser",
        80,
        9100,
    )


def test_receipt_printer_with_port_and_paper(runner):
    args = BASE + ["--print", "escpos", "--printer", "10.0.0.7:9101", "--paper", "58"]
    assert runner.invoke(args=args).exit_code == 0
    hall = kiosk()
    assert (hall.print_route, hall.printer_host, hall.printer_port) == (
        "escpos",
        "10.0.0.7",
        9101,
    )
    assert hall.paper_width_mm == 58


def test_receipt_printer_needs_an_address_and_a_real_port(runner):
    result = runner.invoke(args=BASE + ["--print", "escpos"])
    assert result.exit_code == 2 and "--printer" in result.output
    result = runner.invoke(args=BASE + ["--printer", "host:99999"])
    assert result.exit_code == 2 and "not a port" in result.output
    assert kiosk() is None  # nothing half-written
