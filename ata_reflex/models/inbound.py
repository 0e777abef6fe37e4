"""Tables of inbound carnets (foreign carnets registered for entry into China), their goods and scans."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Numeric, Text
from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class InboundCarnet(SQLModel, table=True):
    """A foreign carnet registered with the chamber, from draft to 已登记 (approved) or returned.

    ``form_json`` keeps what the user typed, valid or not; the typed columns hold the values that
    passed validation at the last submit.
    """

    __tablename__ = "inbound_carnet"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    status: str = Field(default="draft", max_length=20, index=True)
    form_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    carnet_number: str = Field(default="", max_length=20, index=True)
    holder_name: str = Field(default="", max_length=200)
    holder_address: str = Field(default="", max_length=300)
    authorized_representative: str = Field(default="", max_length=500)
    guaranteeing_association: str = Field(default="", max_length=200)
    intended_use: str = Field(default="", max_length=32)
    intended_use_detail: str = Field(default="", max_length=500)
    registration_office_code: str = Field(default="", max_length=16)
    valid_until: date | None = None
    entry_voucher_number: str = Field(default="", max_length=64)
    entry_port_code: str = Field(default="", max_length=8)
    carry_mode: str = Field(default="", max_length=16)
    transport_mode_code: str = Field(default="", max_length=4)
    package_count: int = Field(default=0)
    gross_weight_kg: Decimal = Field(default=Decimal("0"), sa_column=Column(Numeric(14, 3), nullable=False))
    agent_name: str = Field(default="", max_length=200)
    agent_contact: str = Field(default="", max_length=100)
    agent_phone: str = Field(default="", max_length=32)
    agent_email: str = Field(default="", max_length=254)
    invoice_required: bool = Field(default=False)
    invoice_type: str = Field(default="", max_length=16)
    invoice_title: str = Field(default="", max_length=200)
    taxpayer_id: str = Field(default="", max_length=20)
    invoice_address: str = Field(default="", max_length=200)
    invoice_phone: str = Field(default="", max_length=32)
    bank_name: str = Field(default="", max_length=200)
    bank_account: str = Field(default="", max_length=64)
    invoice_delivery: str = Field(default="", max_length=16)
    recipient_name: str = Field(default="", max_length=200)
    recipient_phone: str = Field(default="", max_length=32)
    mailing_address: str = Field(default="", max_length=300)
    payment_method: str = Field(default="", max_length=16)
    return_reason: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    version: int = Field(default=1)


class InboundGoodsItem(SQLModel, table=True):
    """One row of an inbound carnet's green general list; a row may cover a range of item numbers."""

    __tablename__ = "inbound_goods_item"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="inbound_carnet.id", index=True)
    item_from: int
    item_to: int
    description_zh: str = Field(max_length=500)
    description_en: str = Field(max_length=500)
    quantity: int
    unit: str = Field(max_length=8)
    weight_kg: Decimal = Field(sa_column=Column(Numeric(14, 3), nullable=False))
    currency: str = Field(max_length=3)
    total_value: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    origin_country: str = Field(max_length=2)


class InboundScan(SQLModel, table=True):
    """A scanned page of an inbound carnet; the image itself is a private stored file."""

    __tablename__ = "inbound_scan"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="inbound_carnet.id", index=True)
    kind: str = Field(max_length=32)
    file_id: int = Field(foreign_key="stored_file.id", index=True)
    created_at: datetime = Field(default_factory=utc_now)
