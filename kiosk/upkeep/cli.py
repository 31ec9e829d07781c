"""`flask upkeep`: the reminders due and the e-mails not sent yet (a timer runs it
every hour, deploy/aiguillage-upkeep.timer)."""

import click
from flask import Flask, current_app

from . import campaigns, mail


def register(app: Flask) -> None:
    @app.cli.command("upkeep")
    def upkeep_command():
        """Queue the reminders due, then send the e-mails not sent yet."""
        # The links are built as for a request to PUBLIC_BASE_URL.
        base = current_app.config["PUBLIC_BASE_URL"].strip() or None
        with current_app.test_request_context(base_url=base):
            reminders = campaigns.remind_due()
        sent, failed = mail.deliver()
        click.echo(f"{reminders} reminders queued; {sent} sent, {failed} failed")
        if not mail.server_configured():
            click.echo("No MAIL_SERVER: the e-mails wait in the outbox.")
