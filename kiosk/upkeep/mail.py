"""E-mail the guide sends: each kept in the `mail` table until it is sent, so none
is lost silently. With MAIL_SERVER set it goes by SMTP (standard library), tried
again by `flask upkeep` and the campaign page's button while it fails (the error is
shown there); without it, staff read it in the outbox (`make run` needs no server).
"""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select, update

from .. import clock
from ..extensions import db
from ..models import Mail

log = logging.getLogger(__name__)
MAX_TRIES = 5  # then it waits for staff's "send again"
SMTP_TIMEOUT = 10  # seconds


def queue(to: str, subject: str, body: str, kind: str, invitation=None) -> Mail:
    """Add an e-mail to send (in the caller's transaction)."""
    mail = Mail(
        to_address=" ".join(to.split())[:254],
        subject=" ".join(subject.split())[:300],  # a line break would break headers
        body=body,
        kind=kind,
        invitation=invitation,
        created_at=clock.now_utc(),
        tries=0,
        last_error="",
    )
    db.session.add(mail)
    return mail


def server_configured() -> bool:
    """Return True when e-mails go out by SMTP (else they wait in the outbox)."""
    return bool(current_app.config.get("MAIL_SERVER", "").strip())


def deliver(again: bool = False) -> tuple[int, int]:
    """Send every e-mail not sent yet (those tried MAX_TRIES times only when
    `again`); return (sent, failed). Each outcome is committed as it comes."""
    if not server_configured():
        return 0, 0
    query = select(Mail).where(Mail.sent_at.is_(None)).order_by(Mail.id)
    if not again:
        query = query.where(Mail.tries < MAX_TRIES)
    sent = failed = 0
    for mail in db.session.scalars(query).all():
        if not _claim(mail):
            continue  # another delivery (a staff click, the timer) took it
        try:
            _send(mail)
        except (OSError, ValueError, smtplib.SMTPException) as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:500]
            failed += 1
            log.warning("mail %s to %s not sent: %s", mail.id, mail.to_address, error)
        else:
            mail.sent_at, mail.last_error = clock.now_utc(), ""
            sent += 1
        db.session.commit()
    return sent, failed


def _claim(mail: Mail) -> bool:
    """Count a try of `mail` unless another delivery counted one since it was read
    (committed): two deliveries at once never send the same e-mail twice."""
    claimed = db.session.execute(
        update(Mail)
        .where(Mail.id == mail.id, Mail.tries == mail.tries, Mail.sent_at.is_(None))
        .values(tries=Mail.tries + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(mail)
    return claimed.rowcount == 1


def _send(mail: Mail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2])
    message.set_content(mail.body)  # plain text, UTF-8
    host, port = config["MAIL_SERVER"].strip(), int(config["MAIL_PORT"] or 25)
    tls = (config.get("MAIL_TLS") or "").strip().lower()
    connect = smtplib.SMTP_SSL if tls == "ssl" else smtplib.SMTP
    with connect(host, port, timeout=SMTP_TIMEOUT) as smtp:
        if tls == "starttls":
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
