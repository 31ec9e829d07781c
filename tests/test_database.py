"""The database itself: SQLite's settings, and migrations that build the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from kiosk.extensions import db
from tests.conftest import database_url, drop_everything, make_app


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with app.app_context():
        with db.engine.connect() as connection:
            values = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
        db.engine.dispose()
    assert values == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


@pytest.fixture
def bare_app(tmp_path):
    """Return an app on a database with no table at all (of the kind under test)."""
    app = make_app(database_url(tmp_path))
    with app.app_context():
        drop_everything()
        yield app
        db.session.remove()
        drop_everything()
        db.engine.dispose()


def test_init_db_migrations_build_exactly_the_models_schema(bare_app):
    result = bare_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Database ready." in result.output
    with db.engine.connect() as connection:
        assert "alembic_version" in inspect(connection).get_table_names()
        differences = compare_metadata(
            MigrationContext.configure(connection), db.metadata
        )
    assert differences == []


def test_init_db_twice_is_harmless(bare_app):
    runner = bare_app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with db.engine.connect() as connection:
        versions = connection.execute(text("SELECT count(*) FROM alembic_version"))
        assert versions.scalar() == 1
