"""flask --app wsgi create-user EMAIL --role admin|editor (no password argument)."""

import os

import click
from flask import Flask
from sqlalchemy import select

from ..extensions import db
from ..models import ROLES, User
from .auth import hash_password, password_problem

PASSWORD_VARIABLE = "AIGUILLAGE_PASSWORD"


def register(app: Flask) -> None:
    """Add `create-user` to `flask`."""

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", type=click.Choice(list(ROLES)), default="editor")
    def create_user(email: str, role: str):
        """Create a staff account, or reset its password and role.

        The password comes from the AIGUILLAGE_PASSWORD environment variable, else
        from a hidden prompt asked twice: never from the command line, which other
        users of the machine can read.
        """
        password = os.environ.get(PASSWORD_VARIABLE) or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        problem = password_problem(password)
        if problem:
            raise click.ClickException(problem)
        email = email.strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email)
            db.session.add(user)
        user.role, user.active = role, True
        user.password_hash = hash_password(password)
        db.session.commit()
        click.echo(f"Account {email} ready ({role}).")
