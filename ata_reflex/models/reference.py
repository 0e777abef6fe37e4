"""Reference tables that chamber staff can extend: issuing offices and customs ports."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class IssuingOffice(SQLModel, table=True):
    """A chamber office that issues carnets (签证机构)."""

    __tablename__ = "issuing_office"

    code: str = Field(primary_key=True, max_length=16)
    name_zh: str = Field(max_length=100)
    is_active: bool = Field(default=True)


class CustomsPort(SQLModel, table=True):
    """A China customs port (口岸) by its four-digit customs district code."""

    __tablename__ = "customs_port"

    code: str = Field(primary_key=True, max_length=8)
    name_zh: str = Field(max_length=100)
    is_active: bool = Field(default=True)
