"""Usage counters (counted in memory, written by a flush), the figures and the staff
dashboard."""

import csv
import io
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.dialects import postgresql

from kiosk.extensions import db
from kiosk.models import UsageCount
from kiosk.usage import figures
from kiosk.usage.counting import (
    add_counts,
    flush_counts,
    hour_bucket,
    upsert_statement,
)
from tests.conftest import make_kiosk, make_need

# Tuesday 24 November 2026, 09:15 UTC = 10:15 in Paris (winter time), a quarter of an
# hour before the tests' FROZEN_NOW: the dashboard reads the same clock.
MORNING = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


def all_counts():
    flush_counts()  # what this process counted, written now rather than in 2 s
    rows = db.session.scalars(select(UsageCount))
    return {(r.kiosk_id, r.hour, r.language, r.need, r.kind): r.count for r in rows}


def test_hour_bucket_is_the_start_of_the_utc_hour():
    paris = datetime.fromisoformat("2026-07-01T14:59:59+02:00")
    assert hour_bucket(paris) == datetime(2026, 7, 1, 12, 0)
    assert hour_bucket(datetime(2026, 7, 1, 12, 30)) == datetime(2026, 7, 1, 12, 0)


def test_counting_adds_one_per_event_in_one_row_per_key(app):
    hall = make_kiosk()
    for _ in range(3):
        add_counts(hall.id, "ar", "passeport", ["screen", "result"], now=MORNING)
    add_counts(hall.id, "ar", "passeport", ["screen"], now=MORNING + timedelta(hours=1))
    hour = datetime(2026, 11, 24, 9)
    assert all_counts() == {
        (hall.id, hour, "ar", "passeport", "screen"): 3,
        (hall.id, hour, "ar", "passeport", "result"): 3,
        (hall.id, hour + timedelta(hours=1), "ar", "passeport", "screen"): 1,
    }


def test_counting_refuses_unknown_kinds_and_languages(app):
    hall = make_kiosk()
    with pytest.raises(ValueError):
        add_counts(hall.id, "fr", "", ["visitor-name"])
    with pytest.raises(ValueError):
        add_counts(hall.id, "xx", "", ["screen"])
    assert all_counts() == {}


def test_a_counter_holds_nothing_personal():
    columns = set(UsageCount.__table__.columns.keys())
    assert columns == {"id", "kiosk_id", "hour", "language", "need", "kind", "count"}


def test_the_upsert_is_postgresql_too():
    sql = str(upsert_statement("postgresql").compile(dialect=postgresql.dialect()))
    assert "ON CONFLICT (kiosk_id, hour, language, need, kind) DO UPDATE" in sql
    assert "SET count = (usage_count.count +" in sql


@pytest.fixture
def counted(app):
    """Two kiosks, three needs and a few days of counters; return the kiosks."""
    hall = make_kiosk(slug="hall", name="Hall")
    library = make_kiosk(slug="library", name="Library")
    make_need(slug="passeport", label={"fr": "Passeport", "en": "Passport"})
    make_need(slug="impots", label={"fr": "Impôts"})
    for _ in range(5):
        add_counts(hall.id, "fr", "passeport", ["screen", "result"], now=MORNING)
    add_counts(hall.id, "ar", "passeport", ["screen", "result", "qr"], now=MORNING)
    add_counts(library.id, "fr", "impots", ["screen", "result", "slip"], now=MORNING)
    add_counts(library.id, "fr", "impots", ["reset"], now=MORNING)
    add_counts(library.id, "uk", "", ["screen"], now=MORNING - timedelta(days=20))
    add_counts(hall.id, "fr", "deleted-need", ["result"], now=MORNING)
    flush_counts()
    return hall, library


def test_need_counts_rank_needs_by_results(counted):
    since = figures.period_start(7, MORNING)
    rows = figures.need_counts(since)
    assert [(r["slug"], r["result"]) for r in rows] == [
        ("passeport", 6),
        ("deleted-need", 1),
        ("impots", 1),
    ]
    impots = rows[2]
    assert (impots["slip"], impots["reset"], impots["need"].slug) == (1, 1, "impots")
    assert rows[1]["need"] is None  # a need deleted since: its slug still shows


def test_period_limits_what_is_counted(counted):
    week = figures.by_language(figures.period_start(7, MORNING))
    month = figures.by_language(figures.period_start(30, MORNING))
    assert week == [("fr", 6), ("ar", 1)]
    assert month == [("fr", 6), ("ar", 1), ("uk", 1)]


def test_by_kiosk_and_by_hour_of_day_in_paris_time(counted):
    since = figures.period_start(30, MORNING)
    assert [
        (k.slug, s, r, top["slug"]) for k, s, r, top in figures.by_kiosk(since)
    ] == [
        ("hall", 6, 7, "passeport"),  # its most asked need
        ("library", 2, 1, "impots"),
    ]
    hours = figures.by_hour_of_day(since)
    assert hours[10] == 8  # 09:00 UTC is 10:00 in Paris in November
    assert sum(hours) == 8


def test_summer_time_shifts_the_hour_of_day(app):
    hall = make_kiosk()
    july = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # 11:00 in Paris
    add_counts(hall.id, "fr", "", ["screen"], now=july)
    flush_counts()
    assert figures.by_hour_of_day(datetime(2026, 6, 1))[11] == 1


def test_dashboard_page(staff_client, counted):
    client = staff_client
    html = client.get("/admin/usage/?days=7&l=en").get_data(as_text=True)
    assert "Top needs" in html and "<svg" in html
    assert 'data-need="passeport"' in html and "Passport" in html
    assert 'data-kiosk="hall"' in html
    assert 'aria-current="page">Last 7 days' in html
    # The charts are server-drawn SVG: no chart script, no inline script.
    sources = re.findall(r"<script[^>]*>", html)
    assert all('src="/static/' in tag for tag in sources), sources
    assert not [tag for tag in sources if "chart" in tag.lower()]


def test_the_dashboard_narrows_to_one_kiosk(staff_client, counted):
    """Top needs, totals, languages and the CSV of one kiosk; the table keeps all."""
    hall, library = counted
    since = figures.period_start(7, MORNING)
    assert [r["slug"] for r in figures.need_counts(since, kiosk_id=library.id)] == [
        "impots"
    ]
    assert figures.totals_by_kind(since, library.id)["result"] == 1
    assert figures.by_language(since, hall.id) == [("fr", 5), ("ar", 1)]
    html = staff_client.get("/admin/usage/?days=7&kiosk=library&l=en").get_data(
        as_text=True
    )
    top = html[html.index('id="top-needs"') : html.index('id="needs-title"')]
    assert "Impôts" in top and "Passport" not in top
    assert 'data-need="impots"' in html and 'data-need="passeport"' not in html
    assert 'data-kiosk="hall"' in html  # the table by kiosk still lists every kiosk
    assert 'href="/admin/usage/?days=30&amp;kiosk=library"' in html  # periods keep it
    rows = list(
        csv.reader(
            io.StringIO(
                staff_client.get(
                    "/admin/usage/usage.csv?days=7&kiosk=library"
                ).get_data(as_text=True)
            )
        )
    )
    assert {row[1] for row in rows[1:]} == {"library"}
    assert staff_client.get("/admin/usage/?kiosk=nowhere").status_code == 404


def test_dashboard_with_nothing_counted(staff_client, app):
    client = staff_client
    response = client.get("/admin/usage/?l=en")
    assert response.status_code == 200
    assert "Nothing counted yet." in response.get_data(as_text=True)


def test_csv_export(staff_client, counted):
    client = staff_client
    response = client.get("/admin/usage/usage.csv?days=7")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["hour_utc", "kiosk", "language", "need", "event", "count"]
    assert ["2026-11-24T09:00Z", "hall", "fr", "passeport", "result", "5"] in rows
    assert not any(row[2] == "uk" for row in rows[1:])  # 20 days ago: not this week
    total = db.session.scalar(select(func.sum(UsageCount.count)))
    assert sum(int(row[5]) for row in rows[1:]) == total - 1


def test_csv_cells_are_never_formulas(staff_client, app):
    client = staff_client
    kiosk = make_kiosk(slug="=HYPERLINK(1)")
    add_counts(kiosk.id, "fr", "", ["screen"])
    text = client.get("/admin/usage/usage.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


# Write-behind: counted in memory, written by a flush ----------------------------


def stored_screens() -> int:
    """Return the screens counted in the database now (a new read)."""
    with db.engine.connect() as connection:
        query = select(func.sum(UsageCount.count)).where(UsageCount.kind == "screen")
        return connection.scalar(query) or 0


def test_a_screen_issues_no_sql_to_count(client, small):
    client.get("/k/hall")
    swap = {"HX-Request": "true"}
    client.get("/fr/besoin/passeport", headers=swap)  # warm: the phone link exists
    statements = []

    def seen(_conn, _cursor, statement, *_):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert client.get("/fr/besoin/passeport", headers=swap).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert statements  # the screen's own lookups were seen
    assert not [s for s in statements if "usage_count" in s or "PRAGMA" in s]
    flush_counts()
    assert stored_screens() == 2


def test_counts_are_written_after_the_interval_without_another_request(client, small):
    client.application.config["USAGE_FLUSH_SECONDS"] = 1
    client.get("/k/hall")
    client.get("/fr/")
    client.get("/fr/besoin/passeport", headers={"HX-Request": "true"})
    assert stored_screens() == 0  # in memory for now
    deadline = time.monotonic() + 10
    while stored_screens() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stored_screens() == 2  # both screens, in one flush


def test_counts_of_a_kiosk_deleted_meanwhile_do_not_block_the_others(app):
    hall, gone = make_kiosk(slug="hall"), make_kiosk(slug="gone")
    add_counts(hall.id, "fr", "", ["screen"], now=MORNING)
    add_counts(gone.id, "fr", "", ["screen"], now=MORNING)
    db.session.delete(gone)
    db.session.commit()
    assert flush_counts() is True
    assert list(all_counts().values()) == [1]


# Counts a screen in a process that then exits normally: atexit writes them.
EXITING = """
import sys
from kiosk import create_app
from kiosk.extensions import db
from kiosk.models import Kiosk

app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "exit",
                  "PUBLIC_BASE_URL": "http://localhost",
                  "USAGE_FLUSH_SECONDS": "3600"})
with app.app_context():
    db.create_all()
    db.session.add(Kiosk(slug="hall", name="Hall", latitude=44.84, longitude=-0.58))
    db.session.commit()
client = app.test_client()
client.get("/k/hall")
assert client.get("/fr/").status_code == 200
assert client.get("/ar/").status_code == 200
"""


def test_counts_are_written_when_the_process_exits(tmp_path):
    path = tmp_path / "exit.sqlite3"
    run = [sys.executable, "-c", EXITING, f"sqlite:///{path}"]
    subprocess.run(run, check=True, cwd=ROOT, timeout=60)
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT language, kind, count FROM usage_count")
        assert sorted(rows) == [("ar", "screen", 1), ("fr", "screen", 1)]
