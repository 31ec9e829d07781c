"""python -m bench.load [--kiosks 200] [--seconds 60] [--json FILE]

The load test: a SQLite file with the demo data, 200 kiosks and 3 editors, served
by gunicorn as `make serve` serves it, on a loopback port. 200 tablets (each its own
kiosk, cookies and CSRF token) tap through visitors' journeys, 3 editors save edits
through the admin forms (bench/swarm.py, locust in a process of its own). Then
every edit the server confirmed is looked for in the database file. Prints the
figures; exits 1 unless there was no error, p99 stayed under the limit and no edit
was lost.
"""

import argparse
import json
import os
import platform
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from contextlib import closing
from pathlib import Path

from kiosk import create_app
from kiosk.admin.auth import hash_password
from kiosk.demo import load_demo
from kiosk.extensions import db
from kiosk.kiosks import device_token
from kiosk.models import Kiosk, Need, Place, User

from .measure import percentile
from .server import ROOT, SECRET_KEY, Gunicorn

P99_TARGET_MS = 300  # issue 9's promise: the run fails from it
PASSWORD = "correct horse battery staple"
# Gunicorn's recipe, the same as `make serve` and deploy/aiguillage.service
# (docs/decisions.md says why): 2 processes of 4 threads; a connection kept open
# 75 s, longer than a tablet's heartbeat period, so the server never closes one
# under a tablet about to use it.
WORKERS, THREADS, KEEP_ALIVE = 2, 4, 75
# Server log lines that mean a request went wrong even if its answer looked fine
# (a usage flush the database refused is logged, never shown to the visitor).
TROUBLE = re.compile(r"Traceback|database is locked|usage counts|\[ERROR\]")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60, help="at full strength")
    parser.add_argument("--ramp", type=float, default=40, help="to start every user")
    parser.add_argument("--think", default="2,5", help="a visitor's pause, seconds")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--keep-alive", type=int, default=KEEP_ALIVE)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", help="keep the database and server log here")
    args = parser.parse_args(argv)
    args.think = [float(x) for x in args.think.split(",")]
    return args


def prepare(database: Path, kiosks: int, editors: int) -> dict:
    """Create the database (demo data, kiosks around Bordeaux, editors); return
    what the users need to know about it."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": SECRET_KEY,  # the server's: its tablets' tokens verify
            "PUBLIC_BASE_URL": "http://localhost",
        }
    )
    spread = random.Random(9)
    with app.app_context():
        db.create_all()
        load_demo()
        for n in range(1, kiosks + 1):
            latitude = 44.84 + spread.uniform(-0.08, 0.08)
            longitude = -0.58 + spread.uniform(-0.1, 0.1)
            name = f"Kiosque {n:03}"
            db.session.add(
                Kiosk(
                    slug=f"load-{n:03}",
                    name=name,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        emails = [f"editor{n}@example.org" for n in range(1, editors + 1)]
        hashed = hash_password(PASSWORD)
        db.session.add_all(
            User(email=e, role="editor", password_hash=hashed) for e in emails
        )
        db.session.commit()
        ours = db.select(Kiosk).where(Kiosk.slug.like("load-%"))
        tokens = {k.slug: device_token(k) for k in db.session.scalars(ours)}
        settings = dict(
            kiosks=[f"load-{n:03}" for n in range(1, kiosks + 1)],
            tablet_tokens=tokens,  # staff enrolled each tablet (kiosk/kiosks.py)
            editors=emails,
            password=PASSWORD,
            places=list(db.session.scalars(db.select(Place.id))),
            needs=list(db.session.scalars(db.select(Need.id))),
        )
        db.session.remove()
        db.engine.dispose()
    return settings


# How each kind of edit is found: in the row now, and in its revision history.
_NOW = {
    "place hours": "SELECT horaires FROM structure WHERE id = :key",
    "need text": "SELECT json_extract(description, '$.fr') FROM need WHERE id = :key",
    "new place": "SELECT nom FROM structure WHERE nom = :key",
}
_HISTORY = {
    "place hours": "SELECT 1 FROM revision WHERE entity_type = 'structure' "
    "AND entity_id = :key AND json_extract(after, '$.horaires') = :value",
    "need text": "SELECT 1 FROM revision WHERE entity_type = 'need' "
    "AND entity_id = :key AND json_extract(after, '$.description.fr') = :value",
    "new place": "SELECT 1 FROM revision JOIN structure ON structure.id = entity_id "
    "WHERE entity_type = 'structure' AND action = 'create' AND nom = :key",
}


def lost_edits(database: Path, edits: list[dict]) -> list[dict]:
    """Return the confirmed edits the database file does not hold: each must be in
    its row's history, and the last one of each row must be its value now."""
    last = {(edit["kind"], edit["key"]): edit for edit in edits}
    uri = f"file:{database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        lost = [
            edit
            for edit in edits
            if not connection.execute(_HISTORY[edit["kind"]], edit).fetchone()
        ]
        for edit in last.values():
            row = connection.execute(_NOW[edit["kind"]], edit).fetchone()
            if row is None or row[0] != edit["value"]:
                lost.append(edit)
    return lost


# The requests that show a screen: each one adds one to a usage counter (written by
# the worker within 2 s, and at its graceful exit: the server is stopped before).
SCREENS = frozenset(
    {"home, full load", "home (tap)", "need: sub-needs or result"}
    | {"result: another place", "language change (full load)"}
)


def writes_kept(database: Path, timings: list, beating: int) -> dict:
    """Return the tablets' writes found in the database beside those served: usage
    counters of screens and resets, kiosks with a heartbeat ([found, served])."""
    served = defaultdict(int)
    for kind, _, ok in timings:
        served[kind] += ok
    queries = {
        "screens counted": "SELECT sum(count) FROM usage_count WHERE kind = 'screen'",
        "resets counted": "SELECT sum(count) FROM usage_count WHERE kind = 'reset'",
        "kiosks with a heartbeat": "SELECT count(*) FROM kiosk_status",
    }
    expected = {
        "screens counted": sum(served[kind] for kind in SCREENS),
        "resets counted": served["usage event (POST)"],
        "kiosks with a heartbeat": beating,
    }
    uri = f"file:{database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        return {
            name: [connection.execute(sql).fetchone()[0] or 0, expected[name]]
            for name, sql in queries.items()
        }


def summarise(timings: list) -> dict:
    """Return count, errors and latency percentiles (ms) of (kind, ms, ok) rows."""
    times = [ms for _, ms, _ in timings] or [0.0]
    return dict(
        requests=len(timings),
        errors=sum(not ok for *_, ok in timings),
        p50=percentile(times, 0.5),
        p95=percentile(times, 0.95),
        p99=percentile(times, 0.99),
        max=max(times),
    )


def machine() -> str:
    """Return what the figures were measured on: CPU, cores, Python."""
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    name = model[1].strip() if model else platform.processor()
    return f"{name}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run(args: argparse.Namespace, scratch: Path) -> dict:
    """Serve, load, verify; return the figures."""
    database = scratch / "load.sqlite3"
    settings = prepare(database, args.kiosks, args.editors)
    log = scratch / "gunicorn.log"
    load_before = os.getloadavg()[0]
    url = f"sqlite:///{database}"
    recipe = (args.workers, args.threads, log, args.keep_alive)
    with Gunicorn(url, *recipe) as server:
        settings.update(
            host=f"http://127.0.0.1:{server.port}",
            think=args.think,
            ramp=args.ramp,
            seconds=args.seconds,
        )
        (scratch / "settings.json").write_text(json.dumps(settings))
        cpu_before = server.cpu_seconds()
        swarm = [sys.executable, "-m", "bench.swarm"]
        swarm += [str(scratch / "settings.json"), str(scratch / "swarm.json")]
        subprocess.run(
            swarm, cwd=ROOT, check=True, timeout=args.ramp + args.seconds + 90
        )
        server_cpu = server.cpu_seconds() - cpu_before
    client = json.loads((scratch / "swarm.json").read_text())
    by_kind = defaultdict(list)
    for row in client["timings"]:
        by_kind[row[0]].append(row)
    trouble = [line for line in log.read_text().splitlines() if TROUBLE.search(line)]
    overall = summarise(client["timings"])
    return dict(
        overall=overall,
        kinds={kind: summarise(rows) for kind, rows in sorted(by_kind.items())},
        errors=overall["errors"] + client["crashes"] + client["stragglers"],
        failures=client["failures"],
        server_trouble=trouble[:20],
        server_trouble_lines=len(trouble),
        throughput=overall["requests"] / client["seconds"],
        seconds=client["seconds"],
        edits=len(client["edits"]),
        lost_edits=lost_edits(database, client["edits"]),
        writes=writes_kept(database, client["timings"], client["beating"]),
        server_cpu_seconds=server_cpu,
        client_cpu_seconds=client["cpu_seconds"],
        setup=dict(
            kiosks=args.kiosks,
            editors=args.editors,
            think=args.think,
            ramp=args.ramp,
            seconds=args.seconds,
            workers=args.workers,
            threads=args.threads,
            keep_alive=args.keep_alive,
        ),
        machine=machine(),
        load_average=[load_before, os.getloadavg()[0]],
    )


def problems(figures: dict) -> list[str]:
    """Return why the run fails its promises (none: it passed)."""
    found = []
    if figures["errors"]:
        found.append(f"{figures['errors']} errors: {figures['failures'][:5]}")
    if figures["overall"]["p99"] >= P99_TARGET_MS:
        found.append(f"p99 {figures['overall']['p99']:.0f} ms ≥ {P99_TARGET_MS} ms")
    if figures["lost_edits"]:
        found.append(f"{len(figures['lost_edits'])} staff edits lost")
    if not figures["edits"]:
        found.append("no staff edit was saved")
    for name, (stored, served) in figures["writes"].items():
        if stored != served:
            found.append(f"{name}: {stored} in the database, {served} served")
    if figures["server_trouble_lines"]:
        found.append(f"server log: {figures['server_trouble'][:3]}")
    return found


def report(figures: dict) -> str:
    """Return the figures as a plain-text table."""
    setup = figures["setup"]
    lines = [
        f"{setup['kiosks']} kiosks + {setup['editors']} editors, "
        f"{setup['ramp']:.0f} s ramp + {setup['seconds']:.0f} s, a tap every "
        f"{setup['think'][0]:g}–{setup['think'][1]:g} s; gunicorn "
        f"{setup['workers']} workers × {setup['threads']} threads, keep-alive "
        f"{setup['keep_alive']} s",
        f"{'kind':<36}{'requests':>9}{'errors':>7}{'p50':>7}{'p95':>7}"
        f"{'p99':>7}{'max':>7}",
    ]
    rows = [*figures["kinds"].items(), ("all requests", figures["overall"])]
    for kind, f in rows:
        lines.append(
            f"{kind:<36}{f['requests']:>9}{f['errors']:>7}{f['p50']:>7.0f}"
            f"{f['p95']:>7.0f}{f['p99']:>7.0f}{f['max']:>7.0f}"
        )
    seconds = figures["seconds"]
    lines += [
        f"throughput {figures['throughput']:.1f} requests/s over {seconds:.0f} s; "
        f"p99 {figures['overall']['p99']:.0f} ms: target {P99_TARGET_MS} ms "
        + ("met" if figures["overall"]["p99"] < P99_TARGET_MS else "NOT met"),
        f"errors {figures['errors']}; server log problems "
        f"{figures['server_trouble_lines']}",
        f"staff edits saved {figures['edits']}, found in the database "
        f"{figures['edits'] - len(figures['lost_edits'])}; tablets' writes (found/"
        "served): "
        + ", ".join(f"{k} {f}/{s}" for k, (f, s) in figures["writes"].items()),
        f"server CPU {figures['server_cpu_seconds']:.0f} s "
        f"({figures['server_cpu_seconds'] / seconds:.2f} cores), client CPU "
        f"{figures['client_cpu_seconds']:.0f} s "
        f"({figures['client_cpu_seconds'] / seconds:.2f} cores)",
        "machine: {}; load average {:.1f} before, {:.1f} after".format(
            figures["machine"], *figures["load_average"]
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the load test; print its figures; return 0 when it kept its promises."""
    args = arguments(argv)
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        figures = run(args, Path(args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="aiguillage-load-") as scratch:
            figures = run(args, Path(scratch))
    figures["problems"] = problems(figures)
    print(report(figures))
    print(
        "\n".join(["FAILED:", *figures["problems"]])
        if figures["problems"]
        else "PASSED"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return 1 if figures["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
