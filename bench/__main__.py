"""python -m bench [--sizes 100,1000] [--quick] [--output FILE] [--data DIR]

For each size: build the data set, serve it with gunicorn on a loopback port, time
every route against the minimal one, count queries, weigh responses, read the
worker's peak memory, tap through the journey in Chromium; then print one table and
write it with the details to bench/results.md.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import NoSuchTableError

from kiosk import create_app
from kiosk.extensions import db

from .generate import SIZES, build
from .measure import measure_size
from .report import document, summary

HERE = Path(__file__).resolve().parent
METHOD = """\
**How it is measured.** For each size, the data set (the demo data of Bordeaux
Métropole plus synthetic places spread over France, `bench/generate.py`) is served by
gunicorn with one sync worker on a loopback port, the clock frozen on a Tuesday at
10:30. A client on the same machine requests every route of `bench/routes.py` in a
shuffled order each round (a new connection each time, as a sync worker closes them;
gzip accepted; the kiosk's cookies sent back, its session's too, as its browser
does; a tap's request carries `HX-Request`), and times it from connecting to
the last byte. Each route's p50 and p95 are divided by those of the minimal route
(`/healthz`) timed in the same rounds, so the ratio holds on a busy machine; "result
route cost" pools every result route. Queries are counted in-process (Flask test
client and SQLAlchemy's `before_cursor_execute`) on a route's second request. Bytes
are the bodies as the app sends them (it gzips text itself, `kiosk/web/compression.py`).
Memory is the worker's VmHWM after all requests and the browser's journeys. In
Chromium (4× CPU slowdown by `Emulation.setCPUThrottlingRate`, a fresh context per
journey), a finger touches the link, rests 100 ms and lifts (CDP touch events); the
kiosk asks for the screen at the touch and shows it at the click. A tap runs from its
`click` event (the finger lifting) to the frame painted after htmx swapped the screen
in (and, beside it, from the touch), the first tap once the page's network has rested;
nothing polls the page meanwhile (the probe resolves a promise Playwright awaits).
Each journey runs cold (a fresh context), then warm (again in the same page); the
floor is a tap swapping the two letters of `/healthz` into a box through the same
htmx and probe; the result screen, as a tap receives it, is then swapped in by htmx
from memory three times (no request, no server: the tablet's own share of a result
tap, timed to the next frame); two more cold journeys run without slowdown. The
first load is usable at the later of the first contentful paint and the end of
DOMContentLoaded.
The target is judged on the cold taps. p95 is the nearest-rank percentile."""


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke run")
    parser.add_argument("--output", default=str(HERE / "results.md"))
    parser.add_argument(
        "--data", help="keep the SQLite data sets here; reused while the schema matches"
    )
    parser.add_argument("--database", help="a PostgreSQL URL to use instead (emptied)")
    args = parser.parse_args(argv)
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    args.rounds, args.seconds, args.browser_runs = (
        (5, 3, 1) if args.quick else (300, 60, 10)
    )
    return args


def prepare(size: int, data_dir: Path, database: str | None) -> tuple[str, str]:
    """Return the URL of a database holding the data set of `size`, and a note."""
    url = database or f"sqlite:///{data_dir / f'places-{size}.sqlite3'}"
    kept = data_dir / f"places-{size}.sqlite3"
    if not database and kept.exists() and same_schema(url):
        return url, "Data set reused from an earlier run."
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "PUBLIC_BASE_URL": "http://localhost",
        }
    )
    start = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        counts = build(size)
        db.session.remove()
        db.engine.dispose()
    return url, (
        f"Data set: {counts['places']:,} places, {counts['needs']} needs, "
        f"{counts['kiosks']} kiosks, {counts['links']:,} need → place links; built in "
        f"{time.perf_counter() - start:.0f} s, of which `link_needs()` "
        f"{counts['link_seconds']:.1f} s."
    )


def same_schema(url: str) -> bool:
    """Return True when the database at `url` has the tables and columns of the
    models: a data set kept from before a migration is built again, not served."""
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return all(
            {column["name"] for column in found.get_columns(table.name)}
            == {column.name for column in table.columns}
            for table in db.metadata.sorted_tables
        )
    except NoSuchTableError:
        return False
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = arguments(argv)
    load_before = os.getloadavg()
    sizes, notes = {}, {}
    with tempfile.TemporaryDirectory(prefix="aiguillage-bench-") as scratch:
        data_dir = Path(args.data or scratch)
        data_dir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            print(f"{size:,} places: building the data set…", flush=True)
            url, notes[str(size)] = prepare(size, data_dir, args.database)
            print(f"{size:,} places: measuring…", flush=True)
            sizes[size] = measure_size(
                size, url, args.rounds, args.seconds, args.browser_runs
            )
    load_after = os.getloadavg()
    notes["command"] = "python -m bench " + " ".join(argv or sys.argv[1:])
    notes["load"] = (
        f"Load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after."
    )
    notes["method"] = METHOD
    Path(args.output).write_text(document(sizes, notes), encoding="utf-8")
    print(summary(sizes))
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
