"""python -m bench.evaluate FILE... [--kiosk NAME=LAT,LON]... [--output FILE]

The table a conseiller reads to trust the kiosk on real data: the files given are
imported into a fresh database (the taxonomy that `init-db` installs, nothing of the
demo), kiosks are placed where told, and for every kiosk and every need the place
the kiosk would show first is printed with its distance, fees, publics and why, on
an ordinary working morning (Tuesday 10:30, Paris).

    make eval        # the real files of ../shared/data/real, four kiosks
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from flask_babel import force_locale
from flask_migrate import upgrade
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place
from kiosk.opendata.formats import read_file
from kiosk.opendata.importer import import_places
from kiosk.ranking.candidates import best_places_for
from kiosk.ranking.hours import PARIS
from kiosk.ranking.why import why_words
from kiosk.taxonomy import install_taxonomy
from kiosk.web.templating import format_distance

# An ordinary working morning: offices open, people come.
MOMENT = datetime(2026, 12, 8, 10, 30, tzinfo=PARIS)
# Town halls: a big city's centre, two others nobody tuned the rules for, a small town.
KIOSKS = (
    "Bordeaux, hôtel de ville=44.8378,-0.5792",
    "Lyon, hôtel de ville=45.7673,4.8363",
    "Lille, hôtel de ville=50.6367,3.0635",
    "Saint-Flour, mairie=45.0340,3.0928",
)
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
REAL_FILES = (
    "bordeaux-metropole_lieux-mediation-numerique_DERIVED.csv",
    "france-services_2024-08-01.csv",
    "lieux-mediation-numerique_pre-v1_conseillers-numeriques_2022.json",
    "lieux-mediation-numerique_pre-v1_data-inclusion_2022.json",
)


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.evaluate", description=__doc__
    )
    parser.add_argument("files", nargs="*", type=Path, help="default: the real files")
    parser.add_argument("--kiosk", action="append", help="NAME=LAT,LON (repeatable)")
    parser.add_argument("--output", type=Path, help="also write the table there")
    return parser.parse_args(argv)


def kiosk_of(text: str, number: int) -> Kiosk:
    """Return an unsaved kiosk from "NAME=LAT,LON"."""
    name, _, position = text.rpartition("=")
    lat, lon = (float(v) for v in position.split(","))
    return Kiosk(slug=f"k{number}", name=name, latitude=lat, longitude=lon)


def main(argv=None) -> int:
    args = arguments(argv)
    files = args.files or [REAL / name for name in REAL_FILES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print("Missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "evaluate",
                "DATABASE_URL": f"sqlite:///{folder}/evaluate.sqlite3",
                "FROZEN_NOW": MOMENT.isoformat(),
            }
        )
        with app.app_context(), app.test_request_context(), force_locale("fr"):
            text = evaluate(files, args.kiosk or list(KIOSKS))
            db.session.remove()
            db.engine.dispose()
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


def evaluate(files: list[Path], kiosks: list[str]) -> str:
    """Return the whole evaluation as Markdown."""
    upgrade()
    install_taxonomy()
    placed = [kiosk_of(text, number) for number, text in enumerate(kiosks, start=1)]
    db.session.add_all(placed)
    db.session.commit()
    lines = ["# The right place, on real data", "", *_intro(files), ""]
    lines += [
        "| file | format | created | merged | updated | seconds | result ms p50 / p95"
        " |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    total = 0.0
    for path in files:
        start = time.perf_counter()
        parsed = read_file(path.read_bytes())
        report = import_places(
            parsed, who=path.name, label=f"{parsed.format} — {path.name}"
        )
        seconds = time.perf_counter() - start
        total += seconds
        p50, p95 = _result_cost(placed)
        lines.append(
            f"| {path.name} | {parsed.format} | {len(report.created)} | "
            f"{len(report.merged)} | {len(report.updated)} | {seconds:.1f} | "
            f"{p50:.1f} / {p95:.1f} |"
        )
    places = db.session.scalar(select(func.count(Place.id)))
    lines += [
        "",
        f"{places} places in all, imported in {total:.0f} s. *Result ms*: the time "
        "to rank the places of every need at every kiosk once that file is in "
        "(the ranking and its queries, in this process), p50 and p95. It grows "
        "with the places near the kiosks (more candidates to rank), not with the "
        "places elsewhere: each result reads one range of the need's position "
        "index.",
    ]
    for kiosk in placed:
        lines += ["", f"## {kiosk.name}", "", *_table(kiosk)]
    return "\n".join(lines) + "\n"


def _result_cost(kiosks: list[Kiosk]) -> tuple[float, float]:
    """Return p50 and p95, in ms, of ranking every need at every kiosk."""
    needs = [n for n in db.session.scalars(select(Need)) if not n.children]
    times = []
    for kiosk in kiosks:
        for need in needs:
            start = time.perf_counter()
            best_places_for(need, kiosk, MOMENT, "fr")
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def _intro(files: list[Path]) -> list[str]:
    return [
        "Made by `make eval` (`bench/evaluate.py`): the files below imported into a "
        "fresh database with the need taxonomy only (no demo data), one kiosk at each "
        f"town hall, the clock on {MOMENT:%A %d %B %Y %H:%M} (Paris). For every need, "
        "the place the kiosk shows first: distance, fees, publics, why, open state. "
        "*Fallback*: no place answers the need nearby, the generalist desks are shown "
        "with a notice.",
    ]


def _table(kiosk: Kiosk) -> list[str]:
    """Return one kiosk's table: a row per need that shows a result."""
    rows = [
        "| need | first place | distance | fees | publics | why | now |",
        "|---|---|--:|---|---|---|---|",
    ]
    needs = db.session.scalars(
        select(Need).order_by(Need.parent_id.is_not(None), Need.sort_order)
    )
    for need in sorted(needs, key=_order):
        if need.children:
            continue
        matches, fallback = best_places_for(need, kiosk, MOMENT, "fr")
        label = _need_label(need)
        if not matches:
            rows.append(f"| {label} | **nothing** | | | | | |")
            continue
        best = matches[0]
        place = best.structure
        name = f"{place.nom} ({place.commune})" + (" — *fallback*" if fallback else "")
        rows.append(
            "| "
            + " | ".join(
                (
                    label,
                    _cell(name),
                    format_distance(best.distance_m),
                    best.fees,
                    _cell(", ".join(place.publics_specifiquement_adresses) or "tous"),
                    _cell(" · ".join(why_words(best))),
                    _state(best),
                )
            )
            + " |"
        )
    return rows


def _order(need: Need) -> tuple:
    parent = need.parent
    return (
        parent.sort_order if parent else need.sort_order,
        need.sort_order if parent else -1,
    )


def _need_label(need: Need) -> str:
    label = need.label.get("fr", need.slug)
    return f"{need.parent.label.get('fr')} → {label}" if need.parent else label


def _state(match) -> str:
    state = match.state
    if not state.known:
        return "hours unknown"
    return "open" if state.open_now else "closed"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


if __name__ == "__main__":
    sys.exit(main())
