"""Flask extensions, created unbound here and bound in create_app()."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import update
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
