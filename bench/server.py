"""The app under gunicorn on a loopback port, and a client that times requests."""

import http.client
import os
import random
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .routes import Route

ROOT = Path(__file__).resolve().parent.parent
SESSION_COOKIE = re.compile(r"(?:^|[,;]\s*)session=([^;,]+)")
# Tuesday 24 November 2026, 10:30 in Paris: the tests' ordinary working morning.
FROZEN_NOW = "2026-11-24T10:30:00"


def free_port() -> int:
    """Return a TCP port free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server's key: what signs the tablets' enrolment tokens the load test hands out.
SECRET_KEY = "bench"


class Gunicorn:
    """gunicorn serving wsgi:app on loopback; a context manager.

    One thread a worker is gunicorn's sync worker; more threads, its gthread worker.
    """

    def __init__(
        self,
        database_url: str,
        workers: int = 1,
        threads: int = 1,
        log: Path | None = None,
        keep_alive: int | None = None,
    ):
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.log = log  # where the server's messages go (else nowhere)
        self.keep_alive = keep_alive  # seconds; gunicorn's default (2) if None
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "FROZEN_NOW": FROZEN_NOW,
            "SECRET_KEY": SECRET_KEY,
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
        }
        command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers)]
        command += ["--threads", str(self.threads)]
        if self.keep_alive is not None:
            command += ["--keep-alive", str(self.keep_alive)]
        command += ["--bind", f"127.0.0.1:{self.port}", "wsgi:app"]
        stderr = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=stderr)
        if self.log:
            stderr.close()  # the server has its own copy
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/healthz").status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def worker_pids(self) -> list[int]:
        """Return the process ids of the workers (children of the master)."""
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the master and its workers used."""
        ticks = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a worker that just ended
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def peak_worker_memory_mb(self) -> float:
        """Return the highest peak resident memory (VmHWM) among the workers."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kilobytes = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)
            peaks.append(int(kilobytes) / 1024)
        return max(peaks)


@dataclass
class Answer:
    """What one request got back."""

    status: int
    body: bytes
    seconds: float
    headers: dict[str, str]


# The session cookie each kiosk's browser got from the server, sent back as a browser
# does: a tablet opens one session in the morning, not one per tap.
_sessions: dict[tuple[int, str], str] = {}


def fetch(port: int, path: str, kiosk: str = "", swap: bool = False) -> Answer:
    """Return the answer to one GET, as a kiosk's browser asks it (gzip accepted,
    cookies kept: the kiosk's own and the session's)."""
    headers = {"Accept-Encoding": "gzip", "Connection": "close"}
    cookies = [f"kiosk={kiosk}"] if kiosk else []
    if (port, kiosk) in _sessions:
        cookies.append(f"session={_sessions[port, kiosk]}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    if swap:
        headers["HX-Request"] = "true"
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - start
    session = SESSION_COOKIE.search(response.getheader("Set-Cookie") or "")
    if session:
        _sessions[port, kiosk] = session.group(1)
    return Answer(response.status, body, seconds, dict(response.getheaders()))


def resolve(routes: tuple[Route, ...], port: int) -> dict[Route, str]:
    """Return the concrete path of each route in this data set."""
    paths, found = {}, {}
    for route in routes:
        path = route.path
        if "{alternative}" in path or "{phone}" in path:
            path = path.format(**_placeholders(routes, port, found))
        paths[route] = path
    return paths


def _placeholders(routes: tuple[Route, ...], port: int, found: dict) -> dict:
    """Return {alternative, phone}: the second place of the passeport result and
    the code of its phone page, looked up once."""
    if not found:
        result = next(r for r in routes if "{alternative}" in r.path)
        base = result.path.split("/lieu/")[0]
        page = decompress(fetch(port, base, result.kiosk, swap=True))
        alternative = re.search(rb'href="[^"]*/lieu/([^"]+)"', page)
        if alternative is None:
            raise RuntimeError(f"no alternative place for {result.name}")
        found["alternative"] = alternative.group(1).decode()
        slip = fetch(port, f"{base}/lieu/{found['alternative']}/fiche", result.kiosk)
        phone = re.search(rb"/p/([a-z0-9]+)\?l=", decompress(slip))
        if phone is None:
            raise RuntimeError("no phone page link on the slip")
        found["phone"] = phone.group(1).decode()
    return found


def decompress(answer: Answer) -> bytes:
    """Return the body of an answer, gunzipped when it came compressed."""
    import gzip  # noqa: PLC0415

    if answer.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(answer.body)
    return answer.body


def time_routes(
    port: int, paths: dict[Route, str], rounds: int, seconds: float, seed: int = 8
) -> dict[Route, list[float]]:
    """Return the durations of each route, requested in a shuffled order each round,
    for `rounds` rounds or `seconds` seconds, whichever ends first."""
    order = list(paths)
    shuffle = random.Random(seed).shuffle
    timings: dict[Route, list[float]] = {route: [] for route in order}
    deadline = time.monotonic() + seconds
    for _ in range(rounds):
        shuffle(order)
        for route in order:
            answer = fetch(port, paths[route], route.kiosk, route.swap)
            if answer.status != 200:
                raise RuntimeError(f"{route.name}: HTTP {answer.status}")
            timings[route].append(answer.seconds)
        if time.monotonic() > deadline:
            break
    return timings
