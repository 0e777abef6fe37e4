"""Tables of an issued carnet's life: number counters, supplements, discharges and reminders sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class CarnetNumberCounter(SQLModel, table=True):
    """The last serial given out per issuing office and year, advanced with a compare-and-set."""

    __tablename__ = "carnet_number_counter"

    office_code: str = Field(primary_key=True, max_length=16)
    year: int = Field(primary_key=True)
    last_serial: int = Field(default=0)


class CarnetSupplement(SQLModel, table=True):
    """A request for more voucher sets (补签) on an issued carnet."""

    __tablename__ = "carnet_supplement"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="outbound_carnet.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    status: str = Field(default="submitted", max_length=20, index=True)
    yellow_sets: int = Field(default=0)
    white_sets: int = Field(default=0)
    blue_sets: int = Field(default=0)
    countries: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=1000)
    return_note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now)
    decided_at: datetime | None = None
    version: int = Field(default=1)


class CarnetDischarge(SQLModel, table=True):
    """A discharge (核销) of an issued carnet: the used pages, proof documents and the chamber's decision."""

    __tablename__ = "carnet_discharge"

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="outbound_carnet.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    status: str = Field(default="draft", max_length=20, index=True)
    goods_status_changed: bool = Field(default=False)
    genuine_confirmed: bool = Field(default=False)
    # Comma-separated codes of the common discharge errors staff ticked when returning it.
    return_errors: str = Field(default="", max_length=400)
    return_note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    version: int = Field(default=1)


class DischargePage(SQLModel, table=True):
    """One uploaded image of a discharge: a used carnet page or a customs proof document."""

    __tablename__ = "discharge_page"

    id: int | None = Field(default=None, primary_key=True)
    discharge_id: int = Field(foreign_key="carnet_discharge.id", index=True)
    kind: str = Field(max_length=10)
    position: int
    file_public_id: str = Field(max_length=64)
    original_name: str = Field(default="", max_length=200)
    width: int = Field(default=0)
    height: int = Field(default=0)


class ReminderSent(SQLModel, table=True):
    """A reminder already sent about a carnet; the unique key makes a second run send nothing."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("carnet_id", "kind", name="uq_reminder_sent_carnet_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    carnet_id: int = Field(foreign_key="outbound_carnet.id", index=True)
    kind: str = Field(max_length=16)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    sent_at: datetime = Field(default_factory=utc_now)
