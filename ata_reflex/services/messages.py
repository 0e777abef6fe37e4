"""Messages to users (消息列表), each one also sent as an e-mail."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.models import Message, User
from ata_reflex.services.clock import Clock, format_local_time, system_clock
from ata_reflex.services.mail import queue_mail
from ata_reflex.settings import get_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MessageView:
    """A message as the message list and detail pages show it."""

    id: int
    title: str
    body: str
    link_path: str
    created_at: str
    is_read: bool


def _view(message: Message) -> MessageView:
    return MessageView(
        id=message.id,
        title=message.title,
        body=message.body,
        link_path=message.link_path,
        created_at=format_local_time(message.created_at),
        is_read=message.read_at is not None,
    )


def notify_user(
    db: Session, *, user_id: int, title: str, body: str, link_path: str = "", clock: Clock = system_clock
) -> Message:
    """Create a message for a user and queue the same notice as an e-mail, in the caller's transaction."""
    message = Message(user_id=user_id, title=title, body=body, link_path=link_path, created_at=clock())
    db.add(message)
    user = db.get(User, user_id)
    if user is not None and user.deleted_at is None:
        link = f"{get_settings().public_url}{link_path}" if link_path else get_settings().public_url
        queue_mail(
            db,
            to=user.email,
            subject=text("mail.notice.subject", title=title),
            text_body=text("mail.notice.text", body=body, link=link),
            html_body=text("mail.notice.html", body=html.escape(body), link=html.escape(link, quote=True)),
        )
    db.flush()
    logger.info("message created user_id=%s message_id=%s", user_id, message.id)
    return message


def list_messages(db: Session, *, user_id: int, unread: bool) -> list[MessageView]:
    """Return a user's unread or read messages, newest first."""
    condition = Message.read_at.is_(None) if unread else Message.read_at.is_not(None)  # type: ignore[union-attr]
    rows = db.exec(
        select(Message).where(Message.user_id == user_id, condition).order_by(Message.created_at.desc(), Message.id.desc())  # type: ignore[union-attr]
    ).all()
    return [_view(row) for row in rows]


def count_unread(db: Session, *, user_id: int) -> int:
    """Return how many unread messages a user has."""
    return db.exec(
        select(func.count()).select_from(Message).where(Message.user_id == user_id, Message.read_at.is_(None))  # type: ignore[union-attr]
    ).one()


def open_message(db: Session, *, user_id: int, message_id: int, clock: Clock = system_clock) -> MessageView:
    """Return one of the user's messages and mark it read.

    Raises:
        DomainError: ``common.not_found`` when the message does not exist or belongs to someone else.
    """
    message = db.get(Message, message_id)
    if message is None or message.user_id != user_id:
        raise DomainError("common.not_found")
    if message.read_at is None:
        message.read_at = clock()
        db.add(message)
    return _view(message)
