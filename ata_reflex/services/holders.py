"""Holders (持证人): each user creates, lists and edits their own."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from sqlmodel import Session, col, select, update

from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.holders import HolderForm, holder_outbound_problems, validate_holder
from ata_reflex.models import Holder
from ata_reflex.services.clock import Clock, system_clock

logger = logging.getLogger(__name__)


@dataclass
class HolderView:
    """A holder as the browser receives it: no owner, no timestamps."""

    id: int
    name_zh: str
    name_en: str
    address_zh: str
    address_en: str
    credit_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    version: int
    is_outbound_ready: bool


def holder_view(holder: Holder) -> HolderView:
    """Return the browser's copy of a holder row."""
    return HolderView(
        id=holder.id,
        name_zh=holder.name_zh,
        name_en=holder.name_en,
        address_zh=holder.address_zh,
        address_en=holder.address_en,
        credit_code=holder.credit_code,
        contact_name=holder.contact_name,
        contact_phone=holder.contact_phone,
        contact_email=holder.contact_email,
        version=holder.version,
        is_outbound_ready=not holder_outbound_problems(holder),
    )


def create_holder(db: Session, *, owner_id: int, form: HolderForm, clock: Clock = system_clock) -> Holder:
    """Validate a holder form and store a new holder owned by ``owner_id``.

    Raises:
        ValidationFailed: one DomainError per field that breaks a rule.
    """
    cleaned = validate_holder(form)
    now = clock()
    holder = Holder(owner_id=owner_id, created_at=now, updated_at=now, version=1, **asdict(cleaned))
    db.add(holder)
    db.flush()
    logger.info("holder created holder_id=%s owner_id=%s", holder.id, owner_id)
    return holder


def update_holder(
    db: Session,
    *,
    owner_id: int,
    holder_id: int,
    form: HolderForm,
    expected_version: int,
    clock: Clock = system_clock,
) -> Holder:
    """Validate a holder form and overwrite the holder unless someone saved it since it was loaded.

    The write is a compare-and-set on ``version``, so of two saves that started from the same
    version only the first lands, even when they run on different workers.

    Raises:
        DomainError: ``common.not_found`` when the holder does not exist or belongs to another
            user; ``error.stale_record`` when its version is no longer ``expected_version``.
        ValidationFailed: one DomainError per field that breaks a rule.
    """
    holder = get_holder(db, owner_id=owner_id, holder_id=holder_id)
    cleaned = validate_holder(form)
    result = db.exec(
        update(Holder)
        .where(col(Holder.id) == holder_id, col(Holder.owner_id) == owner_id, col(Holder.version) == expected_version)
        .values(**asdict(cleaned), version=expected_version + 1, updated_at=clock())
    )
    if result.rowcount != 1:
        logger.info(
            "holder update rejected as stale holder_id=%s expected_version=%s current_version=%s",
            holder_id, expected_version, holder.version,
        )
        raise DomainError("error.stale_record")
    db.refresh(holder)
    logger.info("holder updated holder_id=%s owner_id=%s version=%s", holder_id, owner_id, holder.version)
    return holder


def get_holder(db: Session, *, owner_id: int, holder_id: int) -> Holder:
    """Return one of the user's holders.

    Raises:
        DomainError: ``common.not_found`` when the holder does not exist or belongs to another
            user. Both cases raise the same error, so that ids of other users' holders leak nothing.
    """
    holder = db.exec(select(Holder).where(Holder.id == holder_id, Holder.owner_id == owner_id)).first()
    if holder is None:
        logger.info("holder not found holder_id=%s owner_id=%s", holder_id, owner_id)
        raise DomainError("common.not_found")
    return holder


def get_holder_view(db: Session, *, owner_id: int, holder_id: int) -> HolderView:
    """Return the browser's copy of one of the user's holders; see ``get_holder`` for errors."""
    return holder_view(get_holder(db, owner_id=owner_id, holder_id=holder_id))


def list_holders(db: Session, *, owner_id: int) -> list[HolderView]:
    """Return the user's holders, the most recently changed first."""
    rows = db.exec(
        select(Holder)
        .where(Holder.owner_id == owner_id)
        .order_by(col(Holder.updated_at).desc(), col(Holder.id).desc())
    ).all()
    return [holder_view(holder) for holder in rows]
