"""Tables of the audit trail, user messages and the outgoing mail queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class AuditRecord(SQLModel, table=True):
    """An audit entry: the actor, the action, the record and the time. Entries are never deleted."""

    __tablename__ = "audit_record"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    actor_role: str = Field(max_length=16)
    action: str = Field(max_length=40)
    entity_type: str = Field(max_length=32)
    entity_id: int = Field(index=True)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)


class Message(SQLModel, table=True):
    """A notice to a user about one of their records (消息列表)."""

    __tablename__ = "message"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    # App route of the record the message is about, such as /outbound/12.
    link_path: str = Field(default="", max_length=200)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)
    read_at: datetime | None = None


class OutgoingMail(SQLModel, table=True):
    """An e-mail queued in the same transaction as the change it reports, delivered after."""

    __tablename__ = "outgoing_mail"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)
    sent_at: datetime | None = None
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=500)
    # Not picked up by a delivery run before this moment: a lease while one worker sends it,
    # then the back-off before the next try after a failure.
    next_attempt_at: datetime | None = None
