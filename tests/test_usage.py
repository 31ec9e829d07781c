"""Usage counters (one upsert a event), the figures and the staff dashboard."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql

from kiosk.extensions import db
from kiosk.models import UsageCount
from kiosk.usage import figures
from kiosk.usage.counting import add_counts, hour_bucket, upsert_statement
from tests.conftest import make_kiosk, make_need

# Tuesday 24 November 2026, 09:15 UTC = 10:15 in Paris (winter time), a quarter of an
# hour before the tests' FROZEN_NOW: the dashboard reads the same clock.
MORNING = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)


def all_counts():
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
    assert [(k.slug, s, r) for k, s, r in figures.by_kiosk(since)] == [
        ("hall", 6, 7),
        ("library", 2, 1),
    ]
    hours = figures.by_hour_of_day(since)
    assert hours[10] == 8  # 09:00 UTC is 10:00 in Paris in November
    assert sum(hours) == 8


def test_summer_time_shifts_the_hour_of_day(app):
    hall = make_kiosk()
    july = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # 11:00 in Paris
    add_counts(hall.id, "fr", "", ["screen"], now=july)
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
