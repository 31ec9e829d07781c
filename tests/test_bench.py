"""The benchmark runs (smallest size, quick mode), and its data sets are realistic.

The benchmark itself is not a test: here it must only run end to end and write its
table, within a time budget.
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from bench.__main__ import same_schema
from bench.generate import build, slug_of
from bench.routes import ROUTES
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, NeedPlace, Place
from kiosk.ranking.candidates import best_places_for
from tests.conftest import FROZEN_NOW, TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 240


def test_a_data_set_spreads_places_over_france_and_every_need_resolves(app):
    counts = build(400)
    assert counts["places"] == 400
    assert counts["kiosks"] > 50
    latitudes = db.session.scalars(select(Place.latitude)).all()
    assert min(latitudes) < 44 and max(latitudes) > 49  # from the south to the north
    assert db.session.scalar(select(func.count()).where(Place.horaires == "")) > 0
    for need in db.session.scalars(select(Need)):
        links = select(func.count()).where(NeedPlace.need_id == need.id)
        assert need.children or db.session.scalar(links), need.slug
    paris = db.session.scalar(select(Kiosk).where(Kiosk.slug == slug_of("Paris")))
    need = db.session.scalar(select(Need).where(Need.slug == "declaration-impots"))
    matches, fallback = best_places_for(need, paris, _now(), "fr")
    assert matches and not fallback


def _now():
    from datetime import datetime

    from kiosk.ranking.hours import PARIS

    return datetime.fromisoformat(FROZEN_NOW).replace(tzinfo=PARIS)


@pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="it builds its own SQLite data set: once is enough"
)
def test_the_benchmark_runs_on_the_smallest_size(tmp_path):
    output = tmp_path / "results.md"
    started = time.monotonic()
    command = [sys.executable, "-m", "bench", "--sizes", "100", "--quick"]
    done = subprocess.run(
        [*command, "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert time.monotonic() - started < BUDGET_SECONDS
    text = output.read_text()
    assert "| figure | 100 places | target | met? |" in text
    assert "| figure | 100 places | target | met? |" in done.stdout
    for route in ROUTES:
        assert f"| {route.name} |" in text
    figures = ("result route cost p50", "worker peak memory", "tap-to-paint p95")
    for figure in (*figures, "floor: the result screen swapped in from memory"):
        row = next(line for line in text.splitlines() if line.startswith(f"| {figure}"))
        assert any(ch.isdigit() for ch in row.split("|")[2]), row
    assert "Machine:" in text and "SQLite" in text


@pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="it builds its own SQLite data set: once is enough"
)
def test_the_staff_benchmark_runs_on_a_small_region(tmp_path):
    output = tmp_path / "staff.md"
    command = [sys.executable, "-m", "bench.staff", "--places", "200"]
    command += ["--busy-seconds", "1", "--rounds", "3", "--output", str(output)]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=BUDGET_SECONDS
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in output.read_text().splitlines() if line.startswith("| ")]
    names = ("public CSV export", "admin dashboard", "admin place list", "kiosk result")
    for name in names:
        row = next(line for line in rows if line.startswith(f"| {name}"))
        assert any(ch.isdigit() for ch in row.split("|")[2]), row


def test_a_kept_data_set_from_before_a_migration_is_built_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'places-100.sqlite3'}"
    engine = create_engine(url)
    db.metadata.create_all(engine)
    assert same_schema(url)  # reused by `--data`
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE kiosk DROP COLUMN version"))
    engine.dispose()
    assert not same_schema(url)  # built again: the code would fail on it
