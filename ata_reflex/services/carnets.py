"""Outbound carnet applications: drafts, submission, withdrawal and review decisions."""

from __future__ import annotations

import logging
from typing import TypeVar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, SQLModel, delete, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.lifecycle import check_renewal_goods
from ata_reflex.domain.outbound import OutboundForm, ValidOutbound, validate_outbound
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, next_status
from ata_reflex.models import CarnetCountry, GoodsItem, Holder, OutboundCarnet
from ata_reflex.services.audit import record_action
from ata_reflex.services.clock import CHINA_STANDARD_TIME, Clock, system_clock
from ata_reflex.domain.holders import holder_outbound_problems
from ata_reflex.services.messages import notify_user
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices

logger = logging.getLogger(__name__)

_Owned = TypeVar("_Owned", bound=SQLModel)

ENTITY = "outbound_carnet"

# An untouched empty draft is reused, so repeated visits to "create" do not pile up empty drafts.
EMPTY_DRAFT_REUSE = timedelta(days=1)


def local_today(clock: Clock = system_clock) -> date:
    """Return today's date in China, which decides whether a declaration date is in the past."""
    return clock().astimezone(CHINA_STANDARD_TIME).date()


def get_owned_record(db: Session, model: type[_Owned], *, owner_id: int, record_id: int) -> _Owned:
    """Return a row of ``model`` that belongs to this owner.

    Raises:
        DomainError: ``common.not_found`` for a missing row or one of another user, alike, so
            the response does not reveal which ids exist.
    """
    record = db.get(model, record_id)
    if record is None or record.owner_id != owner_id:
        raise DomainError("common.not_found")
    return record


def get_owned_carnet(db: Session, *, owner_id: int, carnet_id: int) -> OutboundCarnet:
    """Return an outbound carnet of this owner, or raise ``common.not_found``."""
    return get_owned_record(db, OutboundCarnet, owner_id=owner_id, record_id=carnet_id)


def create_draft(db: Session, *, owner_id: int, clock: Clock = system_clock) -> OutboundCarnet:
    """Return an empty draft for the owner, reusing one created lately and never touched."""
    empty_form = OutboundForm().to_json()
    recent = db.exec(
        select(OutboundCarnet).where(
            OutboundCarnet.owner_id == owner_id,
            OutboundCarnet.status == CarnetStatus.DRAFT.value,
            OutboundCarnet.form_json == empty_form,
            OutboundCarnet.created_at >= clock() - EMPTY_DRAFT_REUSE,
        )
    ).first()
    if recent is not None:
        return recent
    now = clock()
    carnet = OutboundCarnet(owner_id=owner_id, form_json=empty_form, created_at=now, updated_at=now)
    db.add(carnet)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="create", entity_type=ENTITY,
                  entity_id=carnet.id, clock=clock)
    return carnet


def load_form(db: Session, *, owner_id: int, carnet_id: int) -> tuple[OutboundCarnet, OutboundForm]:
    """Return an owned carnet and the form as its owner last left it."""
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    return carnet, OutboundForm.from_json(carnet.form_json)


def change_status(
    db: Session,
    carnet: OutboundCarnet,
    *,
    action: CarnetAction,
    actor: Actor,
    actor_id: int,
    clock: Clock,
    values: dict | None = None,
    entity_type: str = ENTITY,
) -> CarnetStatus:
    """Move a carnet to its next status with a compare-and-set on status and version.

    Two people acting at once (the holder withdrawing while staff approve) both read the same
    status; only the first update matches, the second gets ``error.stale_record``. The carnet
    may be any table with ``id``, ``status`` and ``version`` columns (inbound carnets use it too).
    """
    table = type(carnet)
    current = CarnetStatus(carnet.status)
    target = next_status(current, action, actor)
    now = clock()
    changes = {"status": target.value, "version": carnet.version + 1, "updated_at": now, **(values or {})}
    result = db.exec(
        update(table)
        .where(
            table.id == carnet.id,
            table.status == current.value,
            table.version == carnet.version,
        )
        .values(**changes)
    )
    if result.rowcount != 1:
        raise DomainError("error.stale_record")
    db.refresh(carnet)
    record_action(db, actor_id=actor_id, actor_role=actor.value, action=action.value, entity_type=entity_type,
                  entity_id=carnet.id, detail=str((values or {}).get("return_reason", "")), clock=clock)
    return target


def save_draft(
    db: Session, *, owner_id: int, carnet_id: int, form: OutboundForm, clock: Clock = system_clock
) -> OutboundCarnet:
    """Store the form exactly as typed, valid or not, on a draft or returned carnet.

    Raises:
        DomainError: ``common.not_found``, or ``error.not_allowed`` once the carnet left the editable states.
    """
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(CarnetStatus(carnet.status), CarnetAction.SAVE, Actor.HOLDER)
    carnet.form_json = form.to_json()
    carnet.updated_at = clock()
    db.add(carnet)
    db.flush()
    return carnet


def validate_carnet_form(db: Session, *, owner_id: int, form: OutboundForm, today: date) -> ValidOutbound:
    """Check a form against every rule and the tables it refers to.

    Raises:
        ValidationFailed: with one error per field path.
    """
    holders = db.exec(select(Holder).where(Holder.owner_id == owner_id)).all()
    return validate_outbound(
        form,
        today=today,
        holder_ids={holder.id for holder in holders},
        port_codes={port.code for port in list_customs_ports(db)},
        office_codes={office.code for office in list_issuing_offices(db)},
        holder_problems={holder.id: holder_outbound_problems(holder) for holder in holders},
    )


def _write_valid_values(db: Session, carnet: OutboundCarnet, valid: ValidOutbound) -> dict:
    """Replace the carnet's countries and goods items, and return its typed column values."""
    holder = db.get(Holder, valid.holder_id)
    db.exec(delete(CarnetCountry).where(CarnetCountry.carnet_id == carnet.id))
    db.exec(delete(GoodsItem).where(GoodsItem.carnet_id == carnet.id))
    for role, codes in (("import", valid.import_countries), ("transit", valid.transit_countries)):
        for position, code in enumerate(codes):
            db.add(CarnetCountry(carnet_id=carnet.id, role=role, position=position, country_code=code))
    for item in valid.goods:
        db.add(
            GoodsItem(
                carnet_id=carnet.id,
                item_number=item.item_number,
                description_zh=item.description_zh,
                description_en=item.description_en,
                quantity=item.quantity,
                unit=item.unit,
                weight_kg=item.weight_kg,
                value_cny=item.value_cny,
                origin_country=item.origin_country,
            )
        )
    return {
        "holder_id": holder.id,
        "holder_name_zh": holder.name_zh,
        "holder_name_en": holder.name_en,
        "holder_address_zh": holder.address_zh,
        "holder_address_en": holder.address_en,
        "holder_credit_code": holder.credit_code,
        "intended_use": valid.intended_use,
        "intended_use_detail": valid.intended_use_detail,
        "exit_port_code": valid.exit_port,
        "transport_mode_code": valid.transport_mode,
        "declaration_date": valid.declaration_date,
        "itinerary": valid.itinerary,
        "issuing_office_code": valid.issuing_office,
        "collection_method": valid.collection_method,
        "authorized_representatives_zh": valid.authorized_representatives_zh,
        "authorized_representatives_en": valid.authorized_representatives_en,
        "security_type": valid.security_type,
        "agreement_accepted": True,
        "total_pieces": valid.total_pieces,
        "total_weight_kg": valid.total_weight_kg,
        "total_value_cny": valid.total_value_cny,
    }


def submit_carnet(
    db: Session, *, owner_id: int, carnet_id: int, form: OutboundForm, clock: Clock = system_clock
) -> OutboundCarnet:
    """Validate a draft or returned carnet on the server and hand it to the chamber.

    The caller saves the draft in its own transaction first, so a failed submit loses nothing.

    Raises:
        ValidationFailed: when any field breaks a rule; nothing is changed.
        DomainError: ``common.not_found``, ``error.not_allowed`` or ``error.stale_record``.
    """
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(CarnetStatus(carnet.status), CarnetAction.SUBMIT, Actor.HOLDER)
    valid = validate_carnet_form(db, owner_id=owner_id, form=form, today=local_today(clock))
    if carnet.replaces_id is not None:
        original_count = len(db.exec(select(GoodsItem.id).where(GoodsItem.carnet_id == carnet.replaces_id)).all())
        check_renewal_goods(original_count, len(valid.goods))
    values = _write_valid_values(db, carnet, valid)
    values.update(form_json=form.to_json(), submitted_at=clock(), return_reason="")
    change_status(db, carnet, action=CarnetAction.SUBMIT, actor=Actor.HOLDER, actor_id=owner_id, clock=clock,
                   values=values)
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    return carnet


def withdraw_carnet(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> OutboundCarnet:
    """Take a submitted carnet back (撤销) before the chamber acts on it."""
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    change_status(db, carnet, action=CarnetAction.WITHDRAW, actor=Actor.HOLDER, actor_id=owner_id, clock=clock)
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    return carnet


def reopen_carnet(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> OutboundCarnet:
    """Turn a withdrawn carnet back into a draft so it can be edited and submitted again."""
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    change_status(db, carnet, action=CarnetAction.EDIT, actor=Actor.HOLDER, actor_id=owner_id, clock=clock)
    return carnet


def approve_carnet(db: Session, *, staff_id: int, carnet_id: int, clock: Clock = system_clock) -> OutboundCarnet:
    """Approve a submitted carnet (通过) as chamber staff."""
    carnet = db.get(OutboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    change_status(db, carnet, action=CarnetAction.APPROVE, actor=Actor.STAFF, actor_id=staff_id, clock=clock,
                   values={"decided_at": clock()})
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    return carnet


MAX_REASON_LENGTH = 1000


def return_carnet(
    db: Session, *, staff_id: int, carnet_id: int, reason: str, clock: Clock = system_clock
) -> OutboundCarnet:
    """Return a submitted carnet to its owner (退回) with the reason to fix.

    Raises:
        DomainError: ``review.reason_required`` (field ``reason``) when the reason is empty,
            ``error.too_long`` when it is longer than 1000 characters.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("review.reason_required", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError("error.too_long", field="reason", params={"max": MAX_REASON_LENGTH})
    carnet = db.get(OutboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    change_status(db, carnet, action=CarnetAction.RETURN, actor=Actor.STAFF, actor_id=staff_id, clock=clock,
                   values={"decided_at": clock(), "return_reason": reason})
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    return carnet


def notify_carnet_owner(db: Session, *, carnet: OutboundCarnet, clock: Clock = system_clock) -> None:
    """Tell the owner about the carnet's new status, by message and e-mail."""
    if carnet.owner_id is None:
        return
    params = {"number": carnet_reference(carnet), "reason": carnet.return_reason}
    notify_user(
        db,
        user_id=carnet.owner_id,
        title=text(f"notice.outbound.{carnet.status}.title", **params),
        body=text(f"notice.outbound.{carnet.status}.body", **params),
        link_path=f"/outbound/{carnet.id}",
        clock=clock,
    )


def carnet_reference(carnet: OutboundCarnet) -> str:
    """Return the carnet number once issued, else the application reference shown until then."""
    return carnet.carnet_number or f"CX{carnet.id:06d}"
