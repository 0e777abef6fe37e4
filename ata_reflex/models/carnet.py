"""Tables of outbound carnets, their countries and their goods list."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Integer, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class OutboundCarnet(SQLModel, table=True):
    """An application for a carnet issued in China, from draft to the chamber's decision.

    ``form_json`` keeps what the user typed, valid or not, so a draft reopens exactly as left.
    The typed columns hold the values that passed validation at the last submit.
    """

    __tablename__ = "outbound_carnet"
    __table_args__ = (UniqueConstraint("carnet_number", name="uq_outbound_carnet_carnet_number"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    status: str = Field(default="draft", max_length=20, index=True)
    form_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    holder_id: int | None = Field(default=None, foreign_key="holder.id")
    # Holder particulars copied at submit, so the chamber's record outlives holder edits.
    holder_name_zh: str = Field(default="", max_length=200)
    holder_name_en: str = Field(default="", max_length=200)
    holder_address_zh: str = Field(default="", max_length=300)
    holder_address_en: str = Field(default="", max_length=300)
    holder_credit_code: str = Field(default="", max_length=18)
    intended_use: str = Field(default="", max_length=32)
    intended_use_detail: str = Field(default="", max_length=500)
    exit_port_code: str = Field(default="", max_length=8)
    transport_mode_code: str = Field(default="", max_length=4)
    declaration_date: date | None = None
    itinerary: str = Field(default="", max_length=500)
    issuing_office_code: str = Field(default="", max_length=16)
    collection_method: str = Field(default="", max_length=16)
    authorized_representatives_zh: str = Field(default="", max_length=500)
    authorized_representatives_en: str = Field(default="", max_length=500)
    security_type: str = Field(default="", max_length=32)
    agreement_accepted: bool = Field(default=False)
    total_pieces: int = Field(default=0)
    total_weight_kg: Decimal = Field(default=Decimal("0"), sa_column=Column(Numeric(14, 3), nullable=False))
    total_value_cny: Decimal = Field(default=Decimal("0"), sa_column=Column(Numeric(16, 2), nullable=False))
    return_reason: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    version: int = Field(default=1)
    # Set when the chamber issues the carnet; the number is unique across all carnets.
    carnet_number: str | None = Field(default=None, max_length=20)
    issue_date: date | None = None
    valid_until: date | None = Field(default=None, index=True)
    security_lodged_type: str = Field(default="", max_length=32)
    security_amount_cny: Decimal | None = Field(default=None, sa_column=Column(Numeric(16, 2), nullable=True))
    issued_at: datetime | None = None
    # A renewal (续签) is a replacement carnet pointing at the carnet it replaces.
    replaces_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("outbound_carnet.id", name="fk_outbound_carnet_replaces_id"),
                         nullable=True, index=True),
    )


class CarnetCountry(SQLModel, table=True):
    """A temporary-import or transit country of an outbound carnet, in the order given."""

    __tablename__ = "carnet_country"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="outbound_carnet.id", index=True)
    role: str = Field(max_length=10)
    position: int
    country_code: str = Field(max_length=2)


class GoodsItem(SQLModel, table=True):
    """One line of an outbound carnet's general list."""

    __tablename__ = "goods_item"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="outbound_carnet.id", index=True)
    item_number: int
    description_zh: str = Field(max_length=500)
    description_en: str = Field(max_length=500)
    quantity: int
    unit: str = Field(max_length=16)
    weight_kg: Decimal = Field(sa_column=Column(Numeric(14, 3), nullable=False))
    value_cny: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    origin_country: str = Field(max_length=2)
