"""The results: one table of figures against the targets, the machine and the date."""

import os
import platform
import sqlite3
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from kiosk.ranking.matching import SEARCH_RADII_M

from .measure import SizeFigures, percentile
from .routes import JOURNEY

KB = 1024


def machine() -> str:
    """Return the machine the figures come from, in one line."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    meminfo = Path("/proc/meminfo").read_text().split()
    ram_gb = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 / 1024
    return (
        f"{model}, {os.cpu_count()} cores, {ram_gb:.1f} GB RAM; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"gunicorn {version('gunicorn')} (1 sync worker), "
        f"SQLAlchemy {version('sqlalchemy')}, Flask {version('flask')}"
    )


# Issue 17: "good" for an interaction on the web; the kiosk's own aim is the next one.
TAP_TARGET_MS = 200
TAP_NEXT_TARGET_MS = 100


def _taps(f: SizeFigures) -> list[float]:
    return [ms for times in f.browser.get("steps", {}).values() for ms in times]


def _tap_p95(f: SizeFigures) -> float | None:
    return percentile(_taps(f), 0.95) if _taps(f) else None


def _p95_of(f: SizeFigures, key: str) -> float | None:
    """Return the p95 of the browser figures under `key` (a list or steps)."""
    found = f.browser.get(key) or []
    values = (
        found if isinstance(found, list) else [v for t in found.values() for v in t]
    )
    return percentile(values, 0.95) if values else None


def _usable_p95(f: SizeFigures) -> float | None:
    loads = f.browser.get("first_load")
    return percentile(loads, 0.95) if loads else None


def _largest_swap(f: SizeFigures) -> int:
    return max(r.bytes_gz for r in f.routes.values() if r.swap)


def _result_queries(f: SizeFigures) -> list[int]:
    return [r.queries for r in f.routes.values() if r.group == "result"]


# Per result: kiosk, need, sub-needs, parent, the generalist need, the whole places;
# one search per radius, twice when the generalist need answers instead.
QUERY_BOUND = 6 + 2 * len(SEARCH_RADII_M)


def _never_grows(counts: list[list[int]]) -> bool | None:
    """Return True when no route runs more queries on a larger data set than on a
    smaller one, and none runs more than QUERY_BOUND (None: a single size)."""
    if len(counts) < 2:
        return None
    routes = list(zip(*counts, strict=True))
    bounded = all(count <= QUERY_BOUND for route in routes for count in route)
    return bounded and all(
        list(route) == sorted(route, reverse=True) for route in routes
    )


def _minimal(f: SizeFigures) -> str:
    route = f.routes["minimal route (/healthz)"]
    return f"{route.p50_ms:.1f} / {route.p95_ms:.1f}"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _verdict(sizes: dict[int, SizeFigures], checks: dict[int, bool | None]) -> str:
    """Return met / not met over the sizes a target applies to (None: no target
    at that size, or nothing measured)."""
    verdicts = [ok for size, ok in checks.items() if size in sizes and ok is not None]
    if not verdicts:
        return "not measured"
    return "**met**" if all(verdicts) else "**not met**"


def _each(sizes: dict[int, SizeFigures], test) -> dict[int, bool | None]:
    return {size: test(f) for size, f in sizes.items()}


def summary_rows(sizes: dict[int, SizeFigures]) -> list[list[str]]:
    """Return the rows of the main table: figure, one cell per size, target, met."""
    ratio = {size: f.result_ratio_p50 for size, f in sizes.items()}
    never_grows = _never_grows([_result_queries(f) for f in sizes.values()])
    rows = [
        ("minimal route p50 / p95 (ms)", _minimal, "(the unit)", ""),
        (
            "result route cost p50 (× minimal)",
            lambda f: f"{f.result_ratio_p50:.1f} ×",
            "≤ 2 × at 10,000; ≤ 3 × at 100,000",
            _verdict(
                sizes,
                {
                    10_000: ratio[10_000] <= 2 if 10_000 in ratio else None,
                    100_000: ratio[100_000] <= 3 if 100_000 in ratio else None,
                },
            ),
        ),
        (
            "result route cost p95 (× minimal p95)",
            lambda f: f"{f.result_ratio_p95:.1f} ×",
            "",
            "",
        ),
        (
            "database queries, each result route",
            lambda f: " ".join(map(str, _result_queries(f))),
            f"a small constant, independent of the places (bound: {QUERY_BOUND})",
            _verdict(sizes, {min(sizes): never_grows}),
        ),
        (
            "worker peak memory, VmHWM (MB)",
            lambda f: f"{f.worker_mb:.0f}",
            "≤ 150 MB at 100,000",
            _verdict(
                sizes,
                {100_000: sizes[100_000].worker_mb <= 150} if 100_000 in sizes else {},
            ),
        ),
        (
            "first load: HTML + CSS + JS, gzip (KB)",
            lambda f: f"{f.first_load_bytes / KB:.1f}",
            "≤ 100 KB",
            _verdict(sizes, _each(sizes, lambda f: f.first_load_bytes <= 100 * KB)),
        ),
        (
            "first load: pictograms, gzip (KB; not in the target)",
            lambda f: f"{f.images_bytes / KB:.1f}",
            "",
            "",
        ),
        (
            "largest swap, gzip (KB)",
            lambda f: f"{_largest_swap(f) / KB:.1f}",
            "≤ 15 KB",
            _verdict(sizes, _each(sizes, lambda f: _largest_swap(f) <= 15 * KB)),
        ),
        (
            "tap-to-paint p95 at 4× slowdown, cold, from the finger lifting (ms)",
            lambda f: _ms(_tap_p95(f)),
            f"≤ {TAP_TARGET_MS} ms (next: ≤ {TAP_NEXT_TARGET_MS} ms)",
            _verdict(
                sizes,
                _each(
                    sizes,
                    lambda f: (
                        None if _tap_p95(f) is None else _tap_p95(f) <= TAP_TARGET_MS
                    ),
                ),
            ),
        ),
        (
            "the same taps from the finger touching (ms; it rests 100 ms)",
            lambda f: _ms(_p95_of(f, "from_touch")),
            "",
            "",
        ),
        (
            "tap-to-paint p95 at 4×, warm: the journey again in the same page (ms)",
            lambda f: _ms(_p95_of(f, "warm")),
            "",
            "",
        ),
        (
            "floor: a two-letter htmx swap of /healthz, p95 at 4× (ms)",
            lambda f: _ms(_p95_of(f, "floor")),
            "",
            "",
        ),
        (
            "floor: the result screen swapped in from memory, p95 at 4× (ms)",
            lambda f: _ms(_p95_of(f, "screen_swap")),
            "",
            "",
        ),
        (
            "tap-to-paint p95 without slowdown, cold (ms)",
            lambda f: _ms(_p95_of(f, "fast")),
            "",
            "",
        ),
        (
            "first load to a usable screen p95 at 4× (ms)",
            lambda f: _ms(_usable_p95(f)),
            "",
            "",
        ),
    ]
    return [
        [label, *map(cell, sizes.values()), target, met]
        for label, cell, target, met in rows
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def summary(sizes: dict[int, SizeFigures]) -> str:
    """Return the main table, the one `make bench` prints."""
    header = ["figure", *[f"{size:,} places" for size in sizes], "target", "met?"]
    return table(header, summary_rows(sizes))


def details(figures: SizeFigures) -> str:
    """Return the per-route and per-step figures of one data set."""
    rows = [
        [name, f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}", f"{r.ratio_p50:.1f}"]
        + [f"{r.ratio_p95:.1f}", str(r.queries), f"{r.bytes_gz / KB:.1f}"]
        + [str(r.requests)]
        for name, r in figures.routes.items()
    ]
    header = ["route", "p50 ms", "p95 ms", "× min p50", "× min p95", "queries"]
    text = table(header + ["KB gzip", "requests"], rows)
    browser = figures.browser
    if browser.get("steps"):
        step_rows = [
            [step, *(_p50_p95(browser.get(key, {}).get(step)) for key in BROWSER_KEYS)]
            for step, _ in JOURNEY
        ]
        step_rows.append(["floor: /healthz swapped into a box", _p50_p95(
            browser.get("floor")), "—", "—"])  # fmt: skip
        step_rows.append(["floor: the result screen swapped from memory", _p50_p95(
            browser.get("screen_swap")), "—", "—"])  # fmt: skip
        header = ["tap", "4×, cold: p50 / p95 ms (n)", "4×, warm", "1×, cold"]
        text += "\n\n" + table(header, step_rows)
    parts = ", ".join(
        f"{url} {size / KB:.1f}" for url, size in figures.first_load_parts.items()
    )
    return text + f"\n\nFirst load, KB gzip: {parts}."


BROWSER_KEYS = ("steps", "warm", "fast")


def _p50_p95(values: list[float] | None) -> str:
    if not values:
        return "—"
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    return f"{p50:.0f} / {p95:.0f} ({len(values)})"


def document(sizes: dict[int, SizeFigures], notes: dict[str, str]) -> str:
    """Return the whole results.md."""
    chromium = next((f.browser["chromium"] for f in sizes.values() if f.browser), "—")
    parts = [
        "# Benchmark results",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `{notes['command']}`.",
        f"Machine: {machine()}; Chromium {chromium}. {notes['load']}",
        summary(sizes),
        notes["method"],
    ]
    for size, figures in sizes.items():
        parts += [f"## {size:,} places", notes.get(str(size), ""), details(figures)]
    return "\n\n".join(part for part in parts if part) + "\n"
