"""Table of uploaded files kept in private storage."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class StoredFile(SQLModel, table=True):
    """An uploaded scan or photo: stored under a random name, served only to its owner and staff."""

    __tablename__ = "stored_file"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    # Random identifier used in URLs; the database id is never exposed.
    public_id: str = Field(max_length=43, unique=True, index=True)
    kind: str = Field(max_length=32)
    original_name: str = Field(max_length=255)
    storage_name: str = Field(max_length=80)
    content_type: str = Field(default="image/jpeg", max_length=64)
    size_bytes: int
    width: int
    height: int
    created_at: datetime = Field(default_factory=utc_now)
    deleted_at: datetime | None = None
