"""Inbound carnet registrations: drafts, submission, withdrawal, deletion and the chamber's review."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, delete, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.inbound import InboundForm, ValidInbound, validate_inbound
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, next_status
from ata_reflex.models import InboundCarnet, InboundGoodsItem, InboundScan, StoredFile
from ata_reflex.services.audit import record_action
from ata_reflex.services.carnets import MAX_REASON_LENGTH, change_status, get_owned_record, local_today
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.files import delete_file
from ata_reflex.services.messages import notify_user
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices

logger = logging.getLogger(__name__)

ENTITY = "inbound_carnet"
# Deleting (删除) is for records the chamber never acted on: drafts and withdrawn registrations.
DELETABLE_STATUSES = frozenset({CarnetStatus.DRAFT.value, CarnetStatus.WITHDRAWN.value})
EMPTY_DRAFT_REUSE = timedelta(days=1)


def inbound_reference(carnet: InboundCarnet) -> str:
    """Return the registration's reference, shown beside the foreign carnet's own number."""
    return f"JJ{carnet.id:06d}"


def get_owned_inbound(db: Session, *, owner_id: int, carnet_id: int) -> InboundCarnet:
    """Return an inbound carnet of this owner, or raise ``common.not_found``."""
    return get_owned_record(db, InboundCarnet, owner_id=owner_id, record_id=carnet_id)


def create_inbound_draft(db: Session, *, owner_id: int, clock: Clock = system_clock) -> InboundCarnet:
    """Return an empty draft for the owner, reusing one created lately that has no input and no scans."""
    empty_form = InboundForm().to_json()
    candidates = db.exec(
        select(InboundCarnet).where(
            InboundCarnet.owner_id == owner_id,
            InboundCarnet.status == CarnetStatus.DRAFT.value,
            InboundCarnet.form_json == empty_form,
            InboundCarnet.created_at >= clock() - EMPTY_DRAFT_REUSE,
        )
    ).all()
    for candidate in candidates:
        if db.exec(select(InboundScan.id).where(InboundScan.carnet_id == candidate.id)).first() is None:
            return candidate
    now = clock()
    carnet = InboundCarnet(owner_id=owner_id, form_json=empty_form, created_at=now, updated_at=now)
    db.add(carnet)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="create", entity_type=ENTITY,
                  entity_id=carnet.id, clock=clock)
    return carnet


def load_inbound_form(db: Session, *, owner_id: int, carnet_id: int) -> tuple[InboundCarnet, InboundForm]:
    """Return an owned inbound carnet and the form as its owner last left it."""
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    return carnet, InboundForm.from_json(carnet.form_json)


def save_inbound_draft(
    db: Session, *, owner_id: int, carnet_id: int, form: InboundForm, clock: Clock = system_clock
) -> InboundCarnet:
    """Store the form exactly as typed, valid or not, on a draft or returned carnet.

    Raises:
        DomainError: ``common.not_found``, or ``error.not_allowed`` once the carnet left the editable states.
    """
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(CarnetStatus(carnet.status), CarnetAction.SAVE, Actor.HOLDER)
    carnet.form_json = form.to_json()
    carnet.updated_at = clock()
    db.add(carnet)
    db.flush()
    return carnet


def scan_kinds_of(db: Session, *, carnet_id: int) -> set[str]:
    """Return the kinds of scan uploaded for a carnet."""
    return set(db.exec(select(InboundScan.kind).where(InboundScan.carnet_id == carnet_id)).all())


def validate_inbound_form(db: Session, *, carnet_id: int, form: InboundForm, clock: Clock = system_clock) -> ValidInbound:
    """Check a form against every rule, the reference tables and the scans uploaded.

    Raises:
        ValidationFailed: with one error per field path.
    """
    return validate_inbound(
        form,
        today=local_today(clock),
        port_codes={port.code for port in list_customs_ports(db)},
        office_codes={office.code for office in list_issuing_offices(db)},
        scan_kinds=scan_kinds_of(db, carnet_id=carnet_id),
    )


def _write_goods(db: Session, carnet: InboundCarnet, valid: ValidInbound) -> None:
    db.exec(delete(InboundGoodsItem).where(InboundGoodsItem.carnet_id == carnet.id))
    for item in valid.goods:
        db.add(
            InboundGoodsItem(
                carnet_id=carnet.id,
                item_from=item.item_from,
                item_to=item.item_to,
                description_zh=item.description_zh,
                description_en=item.description_en,
                quantity=item.quantity,
                unit=item.unit,
                weight_kg=item.weight_kg,
                currency=item.currency,
                total_value=item.total_value,
                origin_country=item.origin_country,
            )
        )


def submit_inbound(
    db: Session, *, owner_id: int, carnet_id: int, form: InboundForm, clock: Clock = system_clock
) -> InboundCarnet:
    """Validate a draft or returned registration on the server and hand it to the chamber.

    The caller saves the draft in its own transaction first, so a failed submit loses nothing.

    Raises:
        ValidationFailed: when any field breaks a rule (an expired carnet among them); nothing changes.
        DomainError: ``common.not_found``, ``error.not_allowed`` or ``error.stale_record``.
    """
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(CarnetStatus(carnet.status), CarnetAction.SUBMIT, Actor.HOLDER)
    valid = validate_inbound_form(db, carnet_id=carnet.id, form=form, clock=clock)
    _write_goods(db, carnet, valid)
    values = dict(valid.values, form_json=form.to_json(), submitted_at=clock(), return_reason="")
    change_status(db, carnet, action=CarnetAction.SUBMIT, actor=Actor.HOLDER, actor_id=owner_id, clock=clock,
                   values=values, entity_type=ENTITY)
    notify_inbound_owner(db, carnet=carnet, clock=clock)
    return carnet


def withdraw_inbound(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> InboundCarnet:
    """Take a submitted registration back (撤销) before the chamber acts on it."""
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    change_status(db, carnet, action=CarnetAction.WITHDRAW, actor=Actor.HOLDER, actor_id=owner_id, clock=clock,
                   entity_type=ENTITY)
    notify_inbound_owner(db, carnet=carnet, clock=clock)
    return carnet


def reopen_inbound(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> InboundCarnet:
    """Turn a withdrawn registration back into a draft so it can be edited and submitted again."""
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    change_status(db, carnet, action=CarnetAction.EDIT, actor=Actor.HOLDER, actor_id=owner_id, clock=clock,
                   entity_type=ENTITY)
    return carnet


def delete_inbound(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> None:
    """Delete a draft or withdrawn registration (删除) with its goods and scan files.

    Raises:
        DomainError: ``common.not_found``, or ``error.not_allowed`` for a carnet the chamber has
            seen or is reviewing (submitted, approved, returned).
    """
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    if carnet.status not in DELETABLE_STATUSES:
        raise DomainError("error.not_allowed", params={"status": carnet.status, "action": "delete"})
    for scan in db.exec(select(InboundScan).where(InboundScan.carnet_id == carnet.id)).all():
        delete_scan(db, owner_id=owner_id, scan=scan, clock=clock)
    # Flush the scan deletes first: without ORM relationships the unit of work does not order them.
    db.flush()
    db.exec(delete(InboundGoodsItem).where(InboundGoodsItem.carnet_id == carnet.id))
    db.delete(carnet)
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="delete", entity_type=ENTITY,
                  entity_id=carnet_id, clock=clock)
    db.flush()


def delete_scan(db: Session, *, owner_id: int, scan: InboundScan, clock: Clock = system_clock) -> None:
    """Delete a scan row and its stored file, in the caller's transaction."""
    stored = db.get(StoredFile, scan.file_id)
    if stored is not None and stored.deleted_at is None:
        delete_file(db, owner_id=owner_id, public_id=stored.public_id, clock=clock)
    db.delete(scan)
    logger.info("scan removed inbound_id=%s kind=%s file_id=%s", scan.carnet_id, scan.kind, scan.file_id)


def approve_inbound(db: Session, *, staff_id: int, carnet_id: int, clock: Clock = system_clock) -> InboundCarnet:
    """Register a submitted inbound carnet (已登记) as chamber staff."""
    carnet = db.get(InboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    change_status(db, carnet, action=CarnetAction.APPROVE, actor=Actor.STAFF, actor_id=staff_id, clock=clock,
                   values={"decided_at": clock()}, entity_type=ENTITY)
    notify_inbound_owner(db, carnet=carnet, clock=clock)
    return carnet


def return_inbound(
    db: Session, *, staff_id: int, carnet_id: int, reason: str, clock: Clock = system_clock
) -> InboundCarnet:
    """Return a submitted registration to its owner (退回) with the reason to fix.

    Raises:
        DomainError: ``review.reason_required`` (field ``reason``) when the reason is empty,
            ``error.too_long`` when it is longer than 1000 characters.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("review.reason_required", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError("error.too_long", field="reason", params={"max": MAX_REASON_LENGTH})
    carnet = db.get(InboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    change_status(db, carnet, action=CarnetAction.RETURN, actor=Actor.STAFF, actor_id=staff_id, clock=clock,
                   values={"decided_at": clock(), "return_reason": reason}, entity_type=ENTITY)
    notify_inbound_owner(db, carnet=carnet, clock=clock)
    return carnet


def notify_inbound_owner(db: Session, *, carnet: InboundCarnet, clock: Clock = system_clock) -> None:
    """Tell the owner about the registration's new status, by message and e-mail."""
    if carnet.owner_id is None:
        return
    params = {"number": carnet.carnet_number or inbound_reference(carnet), "reason": carnet.return_reason}
    notify_user(
        db,
        user_id=carnet.owner_id,
        title=text(f"notice.inbound.{carnet.status}.title", **params),
        body=text(f"notice.inbound.{carnet.status}.body", **params),
        link_path=f"/inbound/{carnet.id}",
        clock=clock,
    )
