"""Talking to a receipt printer on the network: raw TCP (port 9100), short timeouts.

Before the slip, the printer is asked how it is (ESC/POS real-time status,
DLE EOT n, answered at once even while printing); after it, once more, which
proves the printer took every byte. Each way it can go wrong becomes one
PrinterProblem kind, which the kiosk turns into one message for the visitor.

We do not use python-escpos' Network class for this: its `paper_status()`
reads a closed connection (an empty answer) as "paper adequate", and one
timeout (60 s by default) covers connecting, reading and printing alike.

Each phase has a deadline, not a timeout per socket call, so a printer that drips
bytes cannot stretch it: reaching the printer and its status take at most `timeout`
(PRINTER_TIMEOUT), sending the slip and its last answer at most `print_timeout`.
The whole exchange is bounded by their sum (8 s by default), under htmx's 10 s.
"""

import socket
import time

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = 1  # DLE EOT 1: bit 3 = offline
ROLL_PAPER_STATUS = 4  # DLE EOT 4: bits 2-3 = paper near end, bits 5-6 = paper end
OFFLINE = 0x08
PAPER_NEAR_END = 0x0C
PAPER_END = 0x60
# Every status byte has bits 1 and 4 set and bits 0 and 7 clear.
FIXED_MASK, FIXED_BITS = 0x93, 0x12

CONNECT_TIMEOUT = 3.0  # seconds
PRINT_TIMEOUT = 5.0  # sending the slip and the printer's last answer, in all

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
    offline, or stops answering while the slip is sent; never takes much longer
    than `timeout + print_timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    with _connect(host, port, timeout) as connection:
        paper = check_ready(connection, deadline)
        deadline = time.monotonic() + print_timeout
        try:
            connection.settimeout(_left(deadline))
            connection.sendall(data)  # one deadline for all of it (Python 3.5+)
        except OSError as error:  # a reset, or a printer that stopped reading
            raise PrinterProblem("interrupted") from error
        status(connection, PRINTER_STATUS, lost="interrupted", deadline=deadline)
    return "paper_low" if paper & PAPER_NEAR_END else "printed"


def ask_status(host: str, port: int, timeout: float = CONNECT_TIMEOUT) -> str:
    """Ask the printer how it is without printing; return "ready" or "paper_low".

    The same questions as before a slip (DLE EOT 1 and 4: nothing moves, nothing is
    printed); raises the same PrinterProblem kinds; takes at most `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    with _connect(host, port, timeout) as connection:
        paper = check_ready(connection, deadline)
    return "paper_low" if paper & PAPER_NEAR_END else "ready"


def _connect(host: str, port: int, timeout: float) -> socket.socket:
    """Return a connection to the printer; raise "unreachable" when there is none."""
    if not host:
        raise PrinterProblem("unreachable")
    try:
        return socket.create_connection((host, port), timeout=timeout)
    except OSError as error:
        raise PrinterProblem("unreachable") from error


def _left(deadline: float) -> float:
    """Return the seconds left before `deadline` (a tiny positive number if none)."""
    return max(deadline - time.monotonic(), 0.001)


def check_ready(connection: socket.socket, deadline: float) -> int:
    """Return the paper status byte when the printer can print, else raise."""
    printer = status(connection, PRINTER_STATUS, "unreachable", deadline)
    paper = status(connection, ROLL_PAPER_STATUS, "unreachable", deadline)
    if paper & PAPER_END:
        raise PrinterProblem("no_paper")
    if printer & OFFLINE:
        raise PrinterProblem("offline")
    return paper


def status(connection: socket.socket, which: int, lost: str, deadline: float) -> int:
    """Return the printer's answer to DLE EOT `which`; raise when there is none.

    A closed connection raises the `lost` kind; no answer before `deadline`, or an
    answer that is not a status byte, raises "silent".
    """
    try:
        connection.settimeout(_left(deadline))
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
