"""A receipt printer on loopback: a real TCP server that records what it receives
and answers ESC/POS real-time status requests (DLE EOT n) like an Epson would."""

import socket
import struct
import threading
from dataclasses import dataclass, field

ONLINE, OFFLINE = 0x12, 0x1A  # DLE EOT 1: bit 3 = offline
PAPER_OK, PAPER_LOW, NO_PAPER = 0x12, 0x1E, 0x72  # DLE EOT 4


@dataclass
class FakePrinter:
    """A printer on 127.0.0.1:`port` (a free one unless told). `behaviour`:
    "normal", "silent" (reads, never answers), "close_mid_slip" (hangs up after
    `close_after` slip bytes), "deaf" (accepts, never reads) or "stall" (answers
    the status requests, then stops reading once the slip starts: a jammed
    printer whose small buffer is full)."""

    printer_status: int = ONLINE
    paper_status: int = PAPER_OK
    behaviour: str = "normal"
    close_after: int = 2000
    received: bytearray = field(default_factory=bytearray)
    connections: int = 0
    port: int = 0

    def __post_init__(self):
        self._server = socket.create_server(("127.0.0.1", self.port))
        # A printer's buffer is small: a printer that stops reading soon makes
        # the kiosk's send wait (inherited by the accepted connections).
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def slip(self) -> bytes:
        """Return what was received, status requests left out."""
        data = bytes(self.received)
        for n in (1, 2, 3, 4):
            data = data.replace(b"\x10\x04" + bytes([n]), b"")
        return data

    def close(self) -> None:
        """Stop serving and free the port."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with connection:
                self._talk(connection)

    def _talk(self, connection: socket.socket) -> None:
        connection.settimeout(0.2)
        scanned = len(self.received)  # answer only this connection's requests
        start = len(self.slip)
        while not self._stop.is_set():
            if self.behaviour == "deaf" or (
                self.behaviour == "stall" and len(self.slip) > start
            ):
                self._stop.wait(0.05)  # holds the connection, reads nothing
                continue
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            self.received += chunk
            try:
                scanned = self._answer(connection, scanned)
            except OSError:  # the kiosk hung up first
                return
            if (
                self.behaviour == "close_mid_slip"
                and len(self.slip) >= self.close_after
            ):
                linger = struct.pack("ii", 1, 0)  # close at once, with a reset
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                return  # closing with unread data: the kiosk sees a reset

    def _answer(self, connection: socket.socket, scanned: int) -> int:
        """Answer every DLE EOT n received since `scanned`; return the new mark."""
        data = self.received
        while True:
            found = data.find(b"\x10\x04", scanned)
            if found < 0 or found + 2 >= len(data):
                return max(scanned, len(data) - 2)
            scanned = found + 3
            if self.behaviour == "silent":
                continue
            which = data[found + 2]
            status = self.paper_status if which == 4 else self.printer_status
            connection.sendall(bytes([status]))


class RefusingPrinter:
    """A printer address where nothing listens: connecting is refused."""

    def __init__(self):
        with socket.create_server(("127.0.0.1", 0)) as probe:
            self.port = probe.getsockname()[1]
        # The port is closed again: a connection to it is refused.


class BlackholePrinter:
    """A printer address where connecting never completes, like a printer
    unplugged behind a switch: a listening socket that never accepts, whose queue
    of one waiting connection is already full (Linux then drops new SYNs)."""

    def __init__(self):
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(0)
        self.port = self._server.getsockname()[1]
        self._waiting = []
        while len(self._waiting) < 8:
            filler = socket.socket()
            filler.settimeout(0.3)
            try:
                filler.connect(("127.0.0.1", self.port))
            except TimeoutError:
                filler.close()
                return  # full: the next connection hangs
            self._waiting.append(filler)
        raise RuntimeError("the listening queue never filled")

    def close(self) -> None:
        """Free the port (a printer may start listening there)."""
        for filler in self._waiting:
            filler.close()
        self._server.close()
