"""Outgoing e-mail: queued in the caller's transaction, delivered afterwards by one sender.

A change and the mail that reports it commit together (``queue_mail``); a later delivery run
(``deliver_pending``, started by ``MailState.deliver`` or ``python -m ata_reflex.cli
deliver-mail``) sends what is waiting. With ``RESEND_API_KEY`` set the sender is the resend
API; without it every message is written as a ``.eml`` file to the outbox folder, so a
developer can open the mails the app would have sent.
"""

from __future__ import annotations

import email.policy
import html
import logging
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol

import resend
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from ata_reflex.catalogue import text
from ata_reflex.models import OutgoingMail
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.settings import Settings, get_settings

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A worker that claims a mail has this long to send it before another run may try again.
SEND_LEASE = timedelta(minutes=10)
# Wait after the n-th failed try: 1, 2, 4, 8 minutes.
FIRST_RETRY_DELAY = timedelta(minutes=1)
_LAST_ERROR_MAX_LENGTH = 500

_HTML_DOCUMENT = (
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
    '<body style="font-family: sans-serif; line-height: 1.6; color: #1c2024;">\n{body}\n</body>\n</html>\n'
)


class MailSender(Protocol):
    """Something that delivers one queued mail or raises."""

    def send(self, mail: OutgoingMail, *, now: datetime) -> None:
        """Deliver ``mail``; raise on any failure so that the run records it and retries later."""


def mask_email(address: str) -> str:
    """Return an address with most of its local part hidden, for logs and screens.

    ``zhangsan@example.com`` becomes ``z***n@example.com``; a local part of one or two
    characters keeps only its first character.
    """
    local, at, domain = address.partition("@")
    if not at:
        return "***"
    if len(local) <= 2:
        return f"{local[:1]}***@{domain}"
    return f"{local[0]}***{local[-1]}@{domain}"


def render_mail(code: str, **params: object) -> tuple[str, str, str]:
    """Build a mail from the catalogue entries ``<code>.subject``, ``<code>.text`` and ``<code>.html``.

    Args:
        code: the mail's catalogue prefix, such as ``mail.activation``.
        **params: values for the placeholders. They are HTML-escaped for the HTML part only.

    Returns:
        The subject, the plain-text body and a complete HTML document.
    """
    subject = text(f"{code}.subject", **params)
    text_body = text(f"{code}.text", **params)
    escaped = {name: html.escape(str(value)) for name, value in params.items()}
    html_body = _HTML_DOCUMENT.format(title=html.escape(subject), body=text(f"{code}.html", **escaped))
    return subject, text_body, html_body


def queue_mail(
    db: Session, *, to: str, subject: str, text_body: str, html_body: str, clock: Clock = system_clock
) -> OutgoingMail:
    """Insert a mail into the queue in the caller's transaction.

    Nothing is sent here: if the transaction rolls back, the mail disappears with the change it
    was about. Call ``deliver_pending`` after the commit.

    Returns:
        The new row, flushed so that it has an id.
    """
    mail = OutgoingMail(to_address=to, subject=subject, text_body=text_body, html_body=html_body, created_at=clock())
    db.add(mail)
    db.flush()
    logger.info("mail queued mail_id=%s to=%s", mail.id, mask_email(to))
    return mail


def deliver_pending(
    db: Session, *, settings: Settings | None = None, limit: int = 50, clock: Clock = system_clock
) -> int:
    """Send queued mails that are due, oldest first, and return how many were sent.

    Each mail is first claimed with a conditional update and committed, so that a second
    delivery run on another worker skips it. The result is committed right after sending,
    so this function commits on ``db`` several times. Give it a session of its own, not one
    that contains other uncommitted changes. A failed send stores the error and is tried again
    after a growing delay, at most ``MAX_ATTEMPTS`` times in all.

    Args:
        db: a session used only for this run.
        settings: where to send; the process settings when omitted.
        limit: the maximum number of mails to try in this run.
        clock: the time source, replaced in tests.
    """
    settings = settings or get_settings()
    sender = mail_sender(settings)
    due_ids = db.exec(
        select(OutgoingMail.id)
        .where(col(OutgoingMail.sent_at).is_(None), OutgoingMail.attempts < MAX_ATTEMPTS, _is_due(clock()))
        .order_by(OutgoingMail.id)
        .limit(limit)
    ).all()
    sent = 0
    for mail_id in due_ids:
        mail = _claim(db, mail_id=mail_id, now=clock())
        if mail is not None and _send_claimed(db, mail=mail, sender=sender, clock=clock):
            sent += 1
    return sent


def mail_sender(settings: Settings) -> MailSender:
    """Return the resend sender when an API key is configured, the outbox folder otherwise."""
    if settings.resend_api_key:
        return ResendSender(settings)
    return OutboxSender(settings)


class ResendSender:
    """Sends through the resend HTTP API with the official SDK."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, mail: OutgoingMail, *, now: datetime) -> None:
        """Post the mail to ``{resend_api_url}/emails``; the SDK raises on any error status."""
        # The SDK keeps its key and URL in module globals. Every sender in this process sets the
        # same values, so setting them on each call is safe.
        resend.api_key = self._settings.resend_api_key
        resend.api_url = self._settings.resend_api_url
        params: resend.Emails.SendParams = {
            "from": self._settings.mail_from,
            "to": [mail.to_address],
            "subject": mail.subject,
            "text": mail.text_body,
            "html": mail.html_body,
        }
        # The same key on a retry lets resend drop a duplicate when an earlier try did go out.
        response = resend.Emails.send(params, {"idempotency_key": f"outgoing-mail-{mail.id}"})
        logger.info("mail sent through resend mail_id=%s resend_id=%s", mail.id, response.get("id"))


class OutboxSender:
    """Writes each mail as one UTF-8 ``.eml`` file into the outbox folder (development)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, mail: OutgoingMail, *, now: datetime) -> None:
        """Write ``<UTC timestamp>-<id>.eml``; the file appears complete or not at all."""
        outbox = Path(self._settings.outbox_dir)
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{now.strftime('%Y%m%dT%H%M%SZ')}-{mail.id}.eml"
        partial = path.with_suffix(".eml.part")
        partial.write_bytes(bytes(build_message(mail, sender=self._settings.mail_from, now=now)))
        partial.replace(path)
        logger.info("mail written to outbox mail_id=%s to=%s subject=%s file=%s",
                    mail.id, mask_email(mail.to_address), mail.subject, path.name)


def build_message(mail: OutgoingMail, *, sender: str, now: datetime) -> EmailMessage:
    """Return a queued mail as a MIME message with plain-text and HTML alternatives."""
    message = EmailMessage(policy=email.policy.SMTPUTF8)
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    # The sender's domain, so that make_msgid does not look up this host's name.
    message["Message-ID"] = make_msgid(idstring=f"outgoing-mail-{mail.id}",
                                       domain=parseaddr(sender)[1].partition("@")[2] or None)
    # 8bit keeps the Chinese text and the links readable in the .eml file.
    message.set_content(mail.text_body, cte="8bit")
    message.add_alternative(mail.html_body, subtype="html", cte="8bit")
    return message


def _is_due(now: datetime):  # noqa: ANN202  (a SQL expression)
    return or_(col(OutgoingMail.next_attempt_at).is_(None), col(OutgoingMail.next_attempt_at) <= now)


def _claim(db: Session, *, mail_id: int, now: datetime) -> OutgoingMail | None:
    """Take a lease on one unsent mail and commit it; return None when another run has it."""
    claimed = db.exec(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, col(OutgoingMail.sent_at).is_(None), _is_due(now))
        .values(attempts=OutgoingMail.attempts + 1, next_attempt_at=now + SEND_LEASE)
    )
    db.commit()
    if claimed.rowcount != 1:
        return None
    return db.get(OutgoingMail, mail_id, populate_existing=True)


def _send_claimed(db: Session, *, mail: OutgoingMail, sender: MailSender, clock: Clock) -> bool:
    """Send a claimed mail, record the outcome, commit, and return whether it went out."""
    try:
        sender.send(mail, now=clock())
    except Exception as exc:  # noqa: BLE001  (any failure of one mail must not stop the others)
        mail.last_error = f"{type(exc).__name__}: {exc}"[:_LAST_ERROR_MAX_LENGTH]
        mail.next_attempt_at = clock() + FIRST_RETRY_DELAY * 2 ** (mail.attempts - 1)
        if mail.attempts >= MAX_ATTEMPTS:
            logger.error("mail abandoned after %s attempts mail_id=%s error=%s",
                         mail.attempts, mail.id, mail.last_error)
        else:
            logger.warning("mail delivery failed, retrying later attempt=%s mail_id=%s error=%s",
                           mail.attempts, mail.id, mail.last_error)
        db.add(mail)
        db.commit()
        return False
    mail.sent_at = clock()
    mail.last_error = ""
    mail.next_attempt_at = None
    db.add(mail)
    db.commit()
    return True
