"""Table of holders: the companies or persons in whose name carnets are issued."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class Holder(SQLModel, table=True):
    """A holder owned by one user account."""

    __tablename__ = "holder"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    address_zh: str = Field(max_length=300)
    address_en: str = Field(default="", max_length=300)
    credit_code: str = Field(default="", max_length=18)
    contact_name: str = Field(default="", max_length=100)
    contact_phone: str = Field(default="", max_length=32)
    contact_email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    version: int = Field(default=1)
