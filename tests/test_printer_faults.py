"""Printer faults on real loopback sockets: each ends quickly with its own kind
(the deadlines bound it), the visitor reads it in their language, and the next
slip prints once the printer is back."""

import time

import pytest

from kiosk.printing import PrinterProblem, send_to_printer
from tests.fake_printer import (
    NO_PAPER,
    PAPER_OK,
    BlackholePrinter,
    FakePrinter,
    RefusingPrinter,
)
from tests.test_print_route import outcomes, setup, tap_print  # noqa: F401 (fixture)

REACH, PRINT = 0.5, 1.0  # the two deadlines of these tests, in seconds
SLIP = b"\x1b@" + b"Mairie de Bordeaux\n" * 40 + b"\x1dV\x00"
# More than every buffer between kiosk and printer (kernel send buffer up to 4 MB):
# a printer that stops reading makes the kiosk's send wait for real.
BIG_SLIP = b"\x1b@" + b"x" * (12 * 1024 * 1024) + b"\x1dV\x00"


def timed(port: int, data: bytes) -> tuple[str, float]:
    """Return (outcome or problem kind, seconds) of one print."""
    started = time.monotonic()
    try:
        outcome = send_to_printer("127.0.0.1", port, data, REACH, PRINT)
    except PrinterProblem as problem:
        outcome = problem.kind
    return outcome, time.monotonic() - started


def closed_port():
    refusing = RefusingPrinter()
    return refusing.port, lambda: FakePrinter(port=refusing.port)


def blackhole():
    hole = BlackholePrinter()

    def back():
        hole.close()
        return FakePrinter(port=hole.port)

    return hole.port, back


def misbehaving(**settings):
    def make():
        printer = FakePrinter(**settings)

        def back():
            printer.behaviour, printer.paper_status = "normal", PAPER_OK
            return printer

        return printer.port, back

    return make


FAULTS = {
    # fault: (make, slip, expected kind)
    "closed port": (closed_port, SLIP, "unreachable"),
    "blackhole (never accepts)": (blackhole, SLIP, "unreachable"),
    "accepts, never reads": (misbehaving(behaviour="deaf"), SLIP, "silent"),
    "out of paper": (misbehaving(paper_status=NO_PAPER), SLIP, "no_paper"),
    "hangs up mid-slip": (
        misbehaving(behaviour="close_mid_slip", close_after=200_000),
        BIG_SLIP,
        "interrupted",
    ),
    "stops reading mid-slip": (misbehaving(behaviour="stall"), BIG_SLIP, "interrupted"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_ends_in_time_and_the_next_slip_prints(fault):
    make, data, kind = FAULTS[fault]
    port, back = make()
    outcome, seconds = timed(port, data)
    assert outcome == kind
    assert seconds < REACH + PRINT + 0.5  # no hang: the deadlines hold
    printer = back()  # paper put in, cable plugged back, printer restarted...
    try:
        assert timed(port, SLIP)[0] == "printed"
        assert printer.slip.endswith(SLIP)
    finally:
        printer.close()


def test_at_the_kiosk_a_deaf_printer_says_so_in_arabic_then_prints(client, setup, app):  # noqa: F811
    """Through the Print button, PRINTER_TIMEOUT 0.5 s: a message, then a slip."""
    app.config["PRINTER_TIMEOUT"] = str(REACH)
    printer = FakePrinter(behaviour="deaf")
    try:
        setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
        html = tap_print(client, "ar").get_data(as_text=True)
        assert "الطابعة لا تستجيب" in html and 'class="print-outcome problem"' in html
        printer.behaviour = "normal"
        html = tap_print(client, "ar").get_data(as_text=True)
        assert 'class="print-outcome problem"' not in html
        assert printer.slip.count(b"\x1dV") == 1  # one slip, cut once
        assert outcomes() == ["silent", "printed"]
    finally:
        printer.close()
