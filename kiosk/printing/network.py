"""Talking to a receipt printer on the network: raw TCP (port 9100), short timeouts.

Before the slip, the printer is asked how it is (ESC/POS real-time status,
DLE EOT n, answered at once even while printing); after it, once more, which
proves the printer took every byte. Each way it can go wrong becomes one
PrinterProblem kind, which the kiosk turns into one message for the visitor.

We do not use python-escpos' Network class for this: its `paper_status()`
reads a closed connection (an empty answer) as "paper adequate", and one
timeout (60 s by default) covers connecting, reading and printing alike.
"""

import socket

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = 1  # DLE EOT 1: bit 3 = offline
ROLL_PAPER_STATUS = 4  # DLE EOT 4: bits 2-3 = paper near end, bits 5-6 = paper end
OFFLINE = 0x08
PAPER_NEAR_END = 0x0C
PAPER_END = 0x60
# Every status byte has bits 1 and 4 set and bits 0 and 7 clear.
FIXED_MASK, FIXED_BITS = 0x93, 0x12

CONNECT_TIMEOUT = 3.0  # seconds
PRINT_TIMEOUT = 20.0  # sending the slip and the printer's last answer

# Kinds of problems, in the order a visitor would meet them.
KINDS = ("unreachable", "silent", "no_paper", "offline", "interrupted")


class PrinterProblem(Exception):
    """The printer could not print; `kind` is one of KINDS."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def send_to_printer(
    host: str,
    port: int,
    data: bytes,
    timeout: float = CONNECT_TIMEOUT,
    print_timeout: float = PRINT_TIMEOUT,
) -> str:
    """Check the printer, send `data`, check again; return "printed" or "paper_low".

    Raises PrinterProblem when the printer is unreachable, silent, out of paper,
    offline, or stops answering while the slip is sent.
    """
    if not host:
        raise PrinterProblem("unreachable")
    try:
        connection = socket.create_connection((host, port), timeout=timeout)
    except OSError as error:
        raise PrinterProblem("unreachable") from error
    with connection:
        paper = check_ready(connection)
        connection.settimeout(print_timeout)
        try:
            connection.sendall(data)
        except OSError as error:
            raise PrinterProblem("interrupted") from error
        status(connection, PRINTER_STATUS, lost="interrupted")
    return "paper_low" if paper & PAPER_NEAR_END else "printed"


def check_ready(connection: socket.socket) -> int:
    """Return the paper status byte when the printer can print, else raise."""
    printer = status(connection, PRINTER_STATUS, lost="unreachable")
    paper = status(connection, ROLL_PAPER_STATUS, lost="unreachable")
    if paper & PAPER_END:
        raise PrinterProblem("no_paper")
    if printer & OFFLINE:
        raise PrinterProblem("offline")
    return paper


def status(connection: socket.socket, which: int, lost: str) -> int:
    """Return the printer's answer to DLE EOT `which`; raise when there is none.

    A closed connection raises the `lost` kind; no answer in time, or an answer
    that is not a status byte, raises "silent".
    """
    try:
        connection.sendall(DLE_EOT + bytes([which]))
        answer = connection.recv(1)
    except TimeoutError as error:
        raise PrinterProblem("silent") from error
    except OSError as error:
        raise PrinterProblem(lost) from error
    if not answer:
        raise PrinterProblem(lost)
    if answer[0] & FIXED_MASK != FIXED_BITS:
        raise PrinterProblem("silent")
    return answer[0]
