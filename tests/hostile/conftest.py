"""Hostile input: Hypothesis settings, an app with the demo data, table snapshots.

The profile "ci" (the default) is derandomized: every run tries the same inputs, so
a red CI run is red again on a laptop, and nothing is written to `.hypothesis/`.
`HYPOTHESIS_PROFILE=deep` explores far more, randomly, and remembers what failed
(the example database): the way to hunt for new bugs before adding an @example.

The app is shared by a whole test module (Hypothesis runs one test body many times,
and a function-scoped fixture would not be reset between them): each property
restores the demo data itself with `reset()` after an input that wrote something.
"""

import hashlib
import os
from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, settings
from sqlalchemy import delete, insert, select, text

from kiosk.extensions import db
from kiosk.usage.counting import flush_counts
from tests.admin.conftest import PASSWORD, make_user
from tests.conftest import (
    database_url,
    empty_schema,
    make_app,
    make_kiosk,
    make_need,
    make_structure,
    relink,
)

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    database=None,
    # Far above any honest request (a few ms): catches a hang, not a busy machine.
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
    # No shrinking: a failure is reported at once, as found (derandomized, so the
    # same input fails again); the "explain" profile shrinks it to a small example.
    phases=[Phase.explicit, Phase.generate],
)
settings.register_profile(
    "explain",
    parent=settings.get_profile("ci"),
    phases=[Phase.explicit, Phase.generate, Phase.shrink, Phase.explain],
)
settings.register_profile(
    "deep",
    parent=settings.get_profile("ci"),
    max_examples=2_000,
    derandomize=False,
    database=settings.default.database,
    phases=list(Phase),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Inputs tried per surface in this run, printed at the end (docs/reliability.md).
TRIED: Counter = Counter()


def tried(surface: str) -> None:
    """Count one input tried on a surface."""
    TRIED[surface] += 1


def pytest_terminal_summary(terminalreporter):
    """Print how many hostile inputs each surface received."""
    if not TRIED:
        return
    terminalreporter.write_sep("-", "hostile inputs tried")
    for surface, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"{surface}: {count}")
    terminalreporter.write_line(f"total: {sum(TRIED.values())}")


class Database:
    """The demo data as loaded, and a way back to it after any write."""

    def __init__(self):
        self.baseline = {t.name: _rows(t) for t in db.metadata.sorted_tables}

    def snapshot(self) -> dict[str, tuple[int, str]]:
        """Return each table's row count and a hash of its whole content."""
        db.session.rollback()
        result = {}
        for table in db.metadata.sorted_tables:
            rows = sorted(repr(sorted(r.items())) for r in _rows(table))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table.name] = (len(rows), digest)
        return result

    def reset(self) -> None:
        """Put every table back as the baseline had it, in one transaction."""
        db.session.rollback()
        tables = db.metadata.sorted_tables
        with db.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("PRAGMA defer_foreign_keys=ON"))
            for table in reversed(tables):
                connection.execute(delete(table))
            for table in tables:
                rows = _parents_first(table, self.baseline[table.name])
                if rows:
                    connection.execute(insert(table), rows)
        db.session.expire_all()


def _rows(table) -> list[dict]:
    return [dict(r._mapping) for r in db.session.execute(select(table))]


def _parents_first(table, rows: list[dict]) -> list[dict]:
    """Return rows with those not pointing at their own table first (sub-needs)."""
    own = [
        c.name
        for c in table.columns
        for fk in c.foreign_keys
        if fk.column.table is table
    ]
    return sorted(rows, key=lambda r: any(r[name] is not None for name in own))


def seed() -> None:
    """Add a small city: two kiosks, needs with a sub-need, places, a phone link.

    Small on purpose: every input that writes is followed by a full reset, and the
    whole folder must run in CI in about a minute.
    """
    from kiosk.takehome.shortlinks import short_link_code

    make_kiosk(slug="hall", name="Hall", is_default=True)
    make_kiosk(slug="annexe", name="Annexe", default_language="ar")
    papers = make_need(slug="papiers", label={"fr": "Papiers"}, rule_typologies=[])
    passport = make_need(
        slug="passeport", parent_id=papers.id, label={"fr": "Passeport"}
    )
    make_need(slug="je-ne-sais-pas", generalist=True, rule_typologies=["RFS"])
    mairie = make_structure(
        standard_id="mairie", nom="Mairie", telephone="+33556102020"
    )
    make_structure(standard_id="hostile-1", nom="Déjà là", horaires="Mo-Fr 10:00-25:00")
    make_structure(standard_id="fs", nom="France Services", typologie=["RFS"])
    relink()
    short_link_code(mairie, passport)
    make_user("admin@example.org", "admin")
    db.session.commit()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """Return an app on a small seeded database, with an admin account, CSRF off."""
    tmp = tmp_path_factory.mktemp("hostile")
    app = make_app(
        database_url(tmp),
        WTF_CSRF_ENABLED=False,
        SPEECH_CACHE_DIR=str(tmp / "speech-cache"),
    )
    with app.app_context():
        empty_schema()
        seed()
        app.extensions["hostile_db"] = Database()
    yield app
    with app.app_context():
        flush_counts()  # now, not into the next test's database (PostgreSQL)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def database(hostile_app):
    """Return the Database helper, inside an app context for the whole module."""
    with hostile_app.app_context():
        yield hostile_app.extensions["hostile_db"]


@pytest.fixture(scope="module")
def staff(hostile_app):
    """Return a test client logged in as an administrator."""
    client = hostile_app.test_client()
    form = {"email": "admin@example.org", "password": PASSWORD}
    with hostile_app.app_context():
        assert client.post("/admin/login", data=form).status_code == 302
    return client


def request(client, method: str, url: str, **kw):
    """Send a request in its own app context, as a server would (see admin/conftest)."""
    with client.application.app_context():
        response = client.open(url, method=method.upper(), **kw)
        response.get_data()
        response.close()  # a file sent (static, speech) is closed at once
    return response
