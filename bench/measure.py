"""What a data set costs: requests, queries, bytes and memory, for every route."""

import re
from dataclasses import dataclass, field

from sqlalchemy import event

from kiosk import create_app
from kiosk.extensions import db

from .browser import journey
from .routes import JOURNEY_KIOSK, MINIMAL, ROUTES, Route
from .server import FROZEN_NOW, Gunicorn, decompress, fetch, resolve, time_routes


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share 0.5 = median)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without importing math
    return ordered[int(rank) - 1]


@dataclass
class RouteFigures:
    """The figures of one route in one data set."""

    p50_ms: float
    p95_ms: float
    ratio_p50: float
    ratio_p95: float
    queries: int
    bytes_gz: int
    requests: int
    group: str
    swap: bool


@dataclass
class SizeFigures:
    """Everything measured on one data set."""

    size: int
    routes: dict[str, RouteFigures] = field(default_factory=dict)
    result_ratio_p50: float = 0.0
    result_ratio_p95: float = 0.0
    worker_mb: float = 0.0
    first_load_bytes: int = 0
    first_load_parts: dict[str, int] = field(default_factory=dict)
    images_bytes: int = 0
    browser: dict = field(default_factory=dict)


def count_queries(database_url: str, paths: dict[Route, str]) -> dict[Route, int]:
    """Return the SQL statements each route runs, in-process (Flask test client),
    on its second request: the first one warms the app as a worker's first does.

    No app context is held around the requests: each gets its own, as in a worker.
    """
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "FROZEN_NOW": FROZEN_NOW,
            "SECRET_KEY": "b",
            "PUBLIC_BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda *args: statements.append(args[2])
    )
    client = app.test_client()
    counts = {}
    for route, path in paths.items():
        client.set_cookie("kiosk", route.kiosk)
        headers = {"HX-Request": "true"} if route.swap else {}
        client.get(path, headers=headers)
        statements.clear()
        assert client.get(path, headers=headers).status_code == 200, path
        counts[route] = len(statements)
    engine.dispose()
    return counts


def first_load(port: int) -> tuple[dict[str, int], int]:
    """Return the compressed bytes of the home page and of each stylesheet and
    script it loads; and the bytes of its images (fonts aside)."""
    home = fetch(port, "/fr/", JOURNEY_KIOSK)
    html = decompress(home).decode()
    parts = {"/fr/ (HTML)": len(home.body)}
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script src="([^"]+)"', html)
    for url in assets:
        parts[url.split("?")[0]] = len(fetch(port, url).body)
    images = re.findall(r'<img src="([^"]+)"', html)
    return parts, sum(len(fetch(port, url).body) for url in images)


def measure_size(
    size: int, database_url: str, rounds: int, seconds: float, browser_runs: int
) -> SizeFigures:
    """Return every figure of a data set already in the database: one gunicorn
    worker serves the timed requests, then the browser's journeys."""
    figures = SizeFigures(size)
    with Gunicorn(database_url) as server:
        paths = resolve(ROUTES, server.port)
        for route, path in paths.items():  # warm the worker: imports, caches
            fetch(server.port, path, route.kiosk, route.swap)
        timings = time_routes(server.port, paths, rounds, seconds)
        answers = {r: fetch(server.port, p, r.kiosk, r.swap) for r, p in paths.items()}
        figures.first_load_parts, figures.images_bytes = first_load(server.port)
        figures.first_load_bytes = sum(figures.first_load_parts.values())
        if browser_runs:
            figures.browser = journey(f"http://127.0.0.1:{server.port}", browser_runs)
        figures.worker_mb = server.peak_worker_memory_mb()
    queries = count_queries(database_url, paths)
    _route_figures(figures, timings, answers, queries)
    return figures


def _route_figures(figures: SizeFigures, timings, answers, queries) -> None:
    base50 = percentile(timings[MINIMAL], 0.5)
    base95 = percentile(timings[MINIMAL], 0.95)
    pooled = []
    for route, durations in timings.items():
        p50, p95 = percentile(durations, 0.5), percentile(durations, 0.95)
        figures.routes[route.name] = RouteFigures(
            p50_ms=p50 * 1000,
            p95_ms=p95 * 1000,
            ratio_p50=p50 / base50,
            ratio_p95=p95 / base95,
            queries=queries[route],
            bytes_gz=len(answers[route].body),
            requests=len(durations),
            group=route.group,
            swap=route.swap,
        )
        if route.group == "result":
            pooled += durations
    figures.result_ratio_p50 = percentile(pooled, 0.5) / base50
    figures.result_ratio_p95 = percentile(pooled, 0.95) / base95
