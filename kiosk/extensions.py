"""Flask extensions, created unbound here and bound in create_app()."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Connection, update
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def bump(column, row_id: int) -> None:
    """Add one to an integer column of one row (a generation that revokes what was
    made before): one UPDATE, committed, that leaves the row's version alone, so a
    form open on it loses nothing."""
    model = column.class_
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values({column.key: column + 1})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


# How long a kiosk's own write (a short link, a print job, a heartbeat) waits for
# another writer, such as an import holding the database, before giving up.
IMPATIENT_MS = 250


def impatient(connection: Connection | None = None) -> None:
    """Make the current transaction's writes (on `connection`, else the session's)
    give up after IMPATIENT_MS, with OperationalError, when another writer holds
    the database, instead of waiting SQLITE_BUSY_TIMEOUT: a kiosk screen never
    waits behind an import. On SQLite the connection's usual busy timeout comes back
    when the pool takes it back (kiosk/__init__.py); on PostgreSQL it is SET LOCAL."""
    connection = connection or db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {IMPATIENT_MS}")
        connection.info["impatient"] = True
    else:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{IMPATIENT_MS}ms'")
