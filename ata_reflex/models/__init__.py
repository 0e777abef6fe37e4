"""SQLModel tables; importing this package registers all of them for migrations."""

from ata_reflex.models.account import AccountToken, LoginAttempt, LoginSession, User
from ata_reflex.models.activity import AuditRecord, Message, OutgoingMail
from ata_reflex.models.carnet import CarnetCountry, GoodsItem, OutboundCarnet
from ata_reflex.models.files import StoredFile
from ata_reflex.models.holder import Holder
from ata_reflex.models.inbound import InboundCarnet, InboundGoodsItem, InboundScan
from ata_reflex.models.lifecycle import (
    CarnetDischarge,
    CarnetNumberCounter,
    CarnetSupplement,
    DischargePage,
    ReminderSent,
)
from ata_reflex.models.reference import CustomsPort, IssuingOffice

__all__ = [
    "AccountToken",
    "AuditRecord",
    "CarnetCountry",
    "CarnetDischarge",
    "CarnetNumberCounter",
    "CarnetSupplement",
    "CustomsPort",
    "DischargePage",
    "GoodsItem",
    "Holder",
    "InboundCarnet",
    "InboundGoodsItem",
    "InboundScan",
    "IssuingOffice",
    "LoginAttempt",
    "LoginSession",
    "Message",
    "OutboundCarnet",
    "OutgoingMail",
    "ReminderSent",
    "StoredFile",
    "User",
]
