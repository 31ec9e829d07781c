"""Fixtures: an app on an empty database, a client, and factories.

The database is a temporary SQLite file, or the PostgreSQL database named by
TEST_DATABASE_URL (tests/pg/run-suite.sh starts a throwaway server and sets it).
"""

import functools
import itertools
import os
import shutil
from datetime import datetime
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import text
from werkzeug.routing import Rule

from kiosk import create_app
from kiosk.config import TestConfig
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place
from kiosk.ranking.need_rules import link_needs
from kiosk.usage.counting import flush_counts

# Tuesday 24 November 2026, 10:30 in Paris: an ordinary working morning.
FROZEN_NOW = TestConfig.FROZEN_NOW
PEY_BERLAND = (44.8378, -0.5792)
_ids = itertools.count(1)
# Each test's places start next to Pey Berland and step 111 m north: a count for the
# whole session would put the 1,400th place of the suite beyond the widest search
# (150 km), and a test then found nothing depending on how many ran before it.
_steps = itertools.count(1)

# Under pytest-xdist each worker is a process of its own ("gw0", "gw1"...): on
# PostgreSQL it gets databases of its own, named after the ones given.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def for_this_worker(url: str) -> str:
    """Return `url` with this xdist worker's name after the database's ("" stays)."""
    return f"{url}_{WORKER}" if url and WORKER else url


TEST_DATABASE_URL = for_this_worker(os.environ.get("TEST_DATABASE_URL", ""))
TEST_LIVE_DATABASE_URL = for_this_worker(os.environ.get("TEST_LIVE_DATABASE_URL", ""))
# Set once the PostgreSQL tables are rebuilt in this session: the SQL emptying them.
_pg_emptying = ""


class SQLiteTemplates:
    """SQLite files built once a session (once per xdist worker) and copied for each
    test, which keeps its own file: the schema alone, and the schema with the demo
    data. Building took ~10 ms a test and loading the demo ~100 ms more (far more
    on a busy machine); copying the file takes 0.2 ms."""

    def __init__(self):
        self.folder: Path | None = None  # set by the session fixture below
        self.files: dict[bool, Path] = {}

    def copy(self, to: Path, demo: bool = False) -> None:
        """Copy the template (with the demo data or not) to `to`."""
        if demo not in self.files:
            self.files[demo] = self.build(demo)
        shutil.copyfile(self.files[demo], to)

    def build(self, demo: bool) -> Path:
        from kiosk.demo import load_demo

        path = self.folder / ("demo.sqlite3" if demo else "schema.sqlite3")
        app = make_app(f"sqlite:///{path}")
        with app.app_context():
            db.create_all()
            if demo:
                load_demo()
            db.session.remove()
            db.engine.dispose()  # the last connection gone, the WAL is in the file
        assert not path.with_name(path.name + "-wal").exists()
        return path


SQLITE_TEMPLATES = SQLiteTemplates()


# The modules whose tests last longest (a benchmark, a real nginx, gunicorn under
# writes, the staff pages' accessibility scans) run first: no xdist worker then ends
# the run alone on one of them while the other waits (worksteal shares out the rest).
# Whole modules move, in their own order, so module fixtures are set up once.
SLOW_FIRST = (
    "tests/test_bench.py",
    "tests/test_deploy.py",
    "tests/test_backup_restore.py",
    "tests/e2e/test_staff_without_training.py",
    "tests/e2e/test_admin.py",
    "tests/test_import_faults.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in SLOW_FIRST)


@pytest.fixture(scope="session", autouse=True)
def _databases(tmp_path_factory):
    """Give the session a folder for the SQLite templates; on PostgreSQL under
    xdist, create this worker's databases (run-suite.sh made the ones named)."""
    SQLITE_TEMPLATES.folder = tmp_path_factory.mktemp("templates")
    if WORKER:
        for url in (TEST_DATABASE_URL, TEST_LIVE_DATABASE_URL):
            if url:
                create_worker_database(url)


def create_worker_database(url: str) -> None:
    """Create the database of `url` unless it exists, connected to the database it
    is named after (the same URL without the worker's name)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.removesuffix(f"_{WORKER}"), autocommit=True) as server:
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not found.fetchone():
            server.execute(f'CREATE DATABASE "{name}"')


def database_url(tmp_path, demo: bool = False) -> str:
    """Return the database a test uses, with the schema built: TEST_DATABASE_URL
    (emptied by empty_schema), else a SQLite file in `tmp_path` copied from the
    template, with the demo data if told."""
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    path = tmp_path / "test.sqlite3"
    SQLITE_TEMPLATES.copy(path, demo)
    return f"sqlite:///{path}"


def empty_schema() -> None:
    """Give the test an empty schema: on SQLite database_url copied it; on
    PostgreSQL the tables are rebuilt once a session (the models may have changed
    since the last run) and emptied before each test, which is much faster than
    recreating them.
    """
    if db.engine.dialect.name == "sqlite":
        return
    global _pg_emptying
    if not _pg_emptying:
        drop_everything()
        db.create_all()
        _pg_emptying = emptying_statements()
    with db.engine.begin() as connection:
        connection.execute(text(_pg_emptying))


def emptying_statements() -> str:
    """Return the SQL that empties every table and restarts every id at 1.

    One DELETE a table, children first, sent at once: ~1 ms for the few rows a test
    writes, where TRUNCATE of the 11 tables took 15-25 ms (it makes new files).
    """
    quote = db.engine.dialect.identifier_preparer.quote  # "user" is a reserved word
    names = "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)"
    with db.engine.connect() as connection:
        sequences = connection.scalars(text(f"{names} FROM pg_sequences")).all()
    deletes = [
        f"DELETE FROM {quote(t.name)}" for t in reversed(db.metadata.sorted_tables)
    ]
    restarts = ", ".join(f"setval('{name}', 1, false)" for name in sequences)
    return "; ".join([*deletes, f"SELECT {restarts}"] if restarts else deletes)


def drop_everything() -> None:
    """Drop every table of the models and Alembic's version table."""
    global _pg_emptying
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    _pg_emptying = ""


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the whole test session, not once per test's app
    (compiling was a third of an admin test's time). Jinja keys each one by its
    name and checks its source, so an edited template is compiled again."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def build_url_builders_once() -> None:
    """Make werkzeug build each URL rule's builder once for the whole test session,
    not once per test's app: generating and compiling that Python code for the ~60
    rules was 80 % of create_app (~17 ms a test). A builder is a plain function of
    the rule's parts, defaults and converters (it reaches the rule through its
    argument), so rules alike in all of these share it."""
    original = Rule._compile_builder
    builders = {}

    @functools.wraps(original)
    def compile_builder(self, append_unknown=True):
        key = (
            append_unknown,
            self.rule,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            tuple(sorted((name, type(c)) for name, c in self._converters.items())),
        )
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder


build_url_builders_once()


def make_app(url: str, **config):
    """Return an app on the database at `url`, configured for tests."""
    app = create_app({**TestConfig.values(), "DATABASE_URL": url, **config})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@pytest.fixture
def app(request, tmp_path):
    """Return an app on an empty database with the schema created (on SQLite, with
    the demo data already there when the test asks for `demo`), configured further
    by a test's `@pytest.mark.app_config(NAME=value)`."""
    demo = "demo" in request.fixturenames and not TEST_DATABASE_URL
    marker = request.node.get_closest_marker("app_config")
    app = make_app(
        database_url(tmp_path, demo),
        SPEECH_CACHE_DIR=str(tmp_path / "speech-cache"),
        **(marker.kwargs if marker else {}),
    )
    app.instance_path = str(tmp_path / "instance")  # uploads stay out of the repo's
    app.test_demo_loaded = demo
    with app.app_context():
        empty_schema()
        yield app
        flush_counts()  # now, not into the next test's database (PostgreSQL)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def small(app):
    """A kiosk, a parent need with one sub-need, a plain need and three places."""
    kiosk = make_kiosk(slug="hall", name="Hall")
    papers = make_need(
        slug="papiers", label={"fr": "Papiers", "ar": "أوراق"}, rule_typologies=[]
    )
    make_need(
        slug="passeport",
        parent_id=papers.id,
        label={"fr": "Passeport", "ar": "جواز السفر"},
        to_bring={"fr": "Une photo d'identité"},
        rule_typologies=["MUNI"],
    )
    make_need(slug="impots", label={"fr": "Impôts"}, rule_typologies=["CFP"])
    make_need(
        slug="je-ne-sais-pas",
        label={"fr": "Je ne sais pas"},
        generalist=True,
        rule_typologies=["RFS"],
    )
    make_structure(
        standard_id="mairie",
        nom="Mairie centrale",
        latitude=44.8380,
        telephone="+33556102020",
        languages=["fr", "ar"],
    )
    make_structure(standard_id="mairie-loin", nom="Mairie lointaine", latitude=44.86)
    make_structure(standard_id="fs", nom="France Services Test", typologie=["RFS"])
    relink()
    return kiosk


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(app):
    """Return the app with the demo data of Bordeaux Métropole loaded (on SQLite,
    copied with the schema by `app`)."""
    from kiosk.demo import load_demo

    if not app.test_demo_loaded:
        load_demo()
    return app


@pytest.fixture(autouse=True)
def _places_start_at_pey_berland():
    global _steps
    _steps = itertools.count(1)


def make_structure(**overrides) -> Place:
    """Add a place (open Mo-Fr, near Pey Berland unless told) and return it."""
    n = next(_ids)
    fields = dict(
        standard_id=f"test-{n}",
        nom=f"Lieu {n}",
        commune="Bordeaux",
        code_postal="33000",
        adresse=f"{n} rue de Test",
        latitude=PEY_BERLAND[0] + 0.001 * next(_steps),
        longitude=PEY_BERLAND[1],
        typologie=["MUNI"],
        horaires="Mo-Fr 09:00-17:00; PH off",
        modalites_acces=["Se présenter"],
    )
    fields.update(overrides)
    structure = Place(**fields)
    db.session.add(structure)
    db.session.commit()
    return structure


def make_need(**overrides) -> Need:
    """Add a need (answered by mairies unless told) and return it."""
    n = next(_ids)
    fields = dict(
        slug=f"need-{n}",
        label={"fr": f"Besoin {n}", "ar": f"حاجة {n}"},
        pictogram="openmoji/2753.svg",
        sort_order=n,
        rule_typologies=["MUNI"],
    )
    fields.update(overrides)
    need = Need(**fields)
    db.session.add(need)
    db.session.commit()
    return need


def make_kiosk(**overrides) -> Kiosk:
    """Add a kiosk (at Pey Berland unless told) and return it."""
    n = next(_ids)
    fields = dict(
        slug=f"kiosk-{n}",
        name=f"Kiosque {n}",
        latitude=PEY_BERLAND[0],
        longitude=PEY_BERLAND[1],
    )
    fields.update(overrides)
    kiosk = Kiosk(**fields)
    db.session.add(kiosk)
    db.session.commit()
    return kiosk


def enrol(client, kiosk: Kiosk) -> None:
    """Make the test client the tablet staff enrolled as `kiosk` (kiosk/kiosks.py):
    it may then print, send heartbeats and count usage events."""
    from kiosk.kiosks import device_token

    client.set_cookie("kiosk", kiosk.slug)
    client.set_cookie("kiosk_device", device_token(kiosk))


def relink() -> None:
    """Resolve the need rules after factories added places or needs."""
    link_needs()
    db.session.commit()


@pytest.fixture
def staff_client(app):
    """Return a client logged in to the admin as an editor, CSRF off (the admin's
    own tests keep CSRF on and check it)."""
    from tests.admin.conftest import PASSWORD, make_user

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    make_user("staff-client@example.org", "editor")
    form = {"email": "staff-client@example.org", "password": PASSWORD}
    assert client.post("/admin/login", data=form).status_code == 302
    return client


def make_campaign_and_update(place: Place):
    """Add a campaign, an update a place sent and a structure's proposal, waiting
    for staff; return the first two (committed): ids for kiosk/upkeep/'s routes."""
    from kiosk.models import Campaign, PlaceProposal, PlaceUpdate

    campaign = Campaign(months=6, created_at=datetime(2026, 11, 1))
    update = PlaceUpdate(
        structure_id=place.id,
        created_at=datetime(2026, 11, 2),
        changes={"telephone": "+33556000000"},
        status="pending",
    )
    proposal = PlaceProposal(
        fields={"nom": "Espace test", "commune": "Bordeaux"},
        contact_email="test@example.org",
        created_at=datetime(2026, 11, 3),
        status="pending",
    )
    db.session.add_all([campaign, update, proposal])
    db.session.commit()
    return campaign, update
