"""Requests for more voucher sets (补签) on an issued carnet, and the chamber's decision on them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, SQLModel, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.status import Actor, CarnetAction, Subject, SupplementStatus, next_lifecycle_status, next_status
from ata_reflex.models import CarnetSupplement, OutboundCarnet
from ata_reflex.services.audit import record_action
from ata_reflex.services.carnets import carnet_reference, get_owned_carnet
from ata_reflex.services.clock import Clock, format_local_time, system_clock
from ata_reflex.services.messages import notify_user

logger = logging.getLogger(__name__)

ENTITY = "carnet_supplement"
MAX_SETS = 50
MAX_TEXT = 1000
MAX_COUNTRIES = 200


@dataclass(frozen=True)
class SupplementView:
    """A supplement request as the holder's and the chamber's pages show it."""

    id: int
    status: str
    status_label: str
    yellow_sets: int
    white_sets: int
    blue_sets: int
    sets_summary: str
    countries: str
    reason: str
    return_note: str
    created_at: str
    can_review: bool


def move_record(
    db: Session,
    record: SQLModel,
    *,
    subject: Subject,
    action: CarnetAction,
    actor: Actor,
    actor_id: int,
    entity: str,
    clock: Clock,
    values: dict | None = None,
    detail: str = "",
) -> str:
    """Move a supplement or discharge to its next status with a compare-and-set, and audit it.

    Raises:
        DomainError: ``error.not_allowed`` or ``error.stale_record`` when someone else moved it first.
    """
    model = type(record)
    current = record.status
    target = next_lifecycle_status(subject, current, action, actor)
    changes = {"status": target, "version": record.version + 1, **(values or {})}
    result = db.exec(
        update(model)
        .where(model.id == record.id, model.status == current, model.version == record.version)
        .values(**changes)
    )
    if result.rowcount != 1:
        raise DomainError("error.stale_record")
    db.refresh(record)
    record_action(db, actor_id=actor_id, actor_role=actor.value, action=action.value, entity_type=entity,
                  entity_id=record.id, detail=detail, clock=clock)
    return target


def _sets(raw: str, field: str) -> int:
    value = raw.strip()
    if not value:
        return 0
    if not value.isdigit() or int(value) > MAX_SETS:
        raise DomainError("supplement.sets_invalid", field=field, params={"max": MAX_SETS})
    return int(value)


def request_supplement(
    db: Session,
    *,
    owner_id: int,
    carnet_id: int,
    yellow_sets: str,
    white_sets: str,
    blue_sets: str,
    countries: str,
    reason: str,
    clock: Clock = system_clock,
) -> CarnetSupplement:
    """Ask the chamber for more voucher sets on an issued carnet.

    Raises:
        ValidationFailed: one error per field (counts, countries, reason).
        DomainError: ``common.not_found`` or ``error.not_allowed`` when the carnet is not issued.
    """
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(carnet.status, CarnetAction.REQUEST_SUPPLEMENT, Actor.HOLDER)
    errors: dict[str, DomainError] = {}
    counts: dict[str, int] = {}
    for field, raw in (("yellow_sets", yellow_sets), ("white_sets", white_sets), ("blue_sets", blue_sets)):
        try:
            counts[field] = _sets(raw, field)
        except DomainError as error:
            errors[field] = error
    if not errors and sum(counts.values()) == 0:
        errors["yellow_sets"] = DomainError("supplement.sets_required", field="yellow_sets")
    countries, reason = " ".join(countries.split()), reason.strip()
    if not countries:
        errors["countries"] = DomainError("error.required", field="countries")
    elif len(countries) > MAX_COUNTRIES:
        errors["countries"] = DomainError("error.too_long", field="countries", params={"max": MAX_COUNTRIES})
    if not reason:
        errors["reason"] = DomainError("error.required", field="reason")
    elif len(reason) > MAX_TEXT:
        errors["reason"] = DomainError("error.too_long", field="reason", params={"max": MAX_TEXT})
    if errors:
        raise ValidationFailed(errors)
    supplement = CarnetSupplement(carnet_id=carnet.id, owner_id=owner_id, status=SupplementStatus.NEW.value,
                                  countries=countries, reason=reason, created_at=clock(), **counts)
    db.add(supplement)
    db.flush()
    move_record(db, supplement, subject=Subject.SUPPLEMENT, action=CarnetAction.SUBMIT, actor=Actor.HOLDER,
                actor_id=owner_id, entity=ENTITY, clock=clock, detail=f"carnet_id={carnet.id}")
    _notify(db, carnet, supplement, clock)
    return supplement


def _decide(db: Session, *, staff_id: int, supplement_id: int, action: CarnetAction, note: str,
            clock: Clock) -> CarnetSupplement:
    supplement = db.get(CarnetSupplement, supplement_id)
    if supplement is None:
        raise DomainError("common.not_found")
    move_record(db, supplement, subject=Subject.SUPPLEMENT, action=action, actor=Actor.STAFF, actor_id=staff_id,
                entity=ENTITY, clock=clock, values={"decided_at": clock(), "return_note": note}, detail=note)
    _notify(db, db.get(OutboundCarnet, supplement.carnet_id), supplement, clock)
    return supplement


def approve_supplement(db: Session, *, staff_id: int, supplement_id: int,
                       clock: Clock = system_clock) -> CarnetSupplement:
    """Approve a supplement request as chamber staff."""
    return _decide(db, staff_id=staff_id, supplement_id=supplement_id, action=CarnetAction.APPROVE, note="",
                   clock=clock)


def return_supplement(db: Session, *, staff_id: int, supplement_id: int, note: str,
                      clock: Clock = system_clock) -> CarnetSupplement:
    """Return a supplement request with the reason; the holder may send a new request.

    Raises:
        DomainError: ``review.reason_required`` (field ``note``) when the note is empty.
    """
    note = note.strip()
    if not note:
        raise DomainError("review.reason_required", field="note")
    if len(note) > MAX_TEXT:
        raise DomainError("error.too_long", field="note", params={"max": MAX_TEXT})
    return _decide(db, staff_id=staff_id, supplement_id=supplement_id, action=CarnetAction.RETURN, note=note,
                   clock=clock)


def _notify(db: Session, carnet: OutboundCarnet, supplement: CarnetSupplement, clock: Clock) -> None:
    if carnet.owner_id is None:
        return
    params = {"number": carnet_reference(carnet), "note": supplement.return_note}
    notify_user(db, user_id=carnet.owner_id, title=text(f"notice.supplement.{supplement.status}.title", **params),
                body=text(f"notice.supplement.{supplement.status}.body", **params),
                link_path=f"/outbound/{carnet.id}", clock=clock)


def list_supplements(db: Session, *, carnet_id: int) -> list[SupplementView]:
    """Return a carnet's supplement requests, newest first."""
    rows = db.exec(select(CarnetSupplement).where(CarnetSupplement.carnet_id == carnet_id)
                   .order_by(CarnetSupplement.id.desc())).all()  # type: ignore[union-attr]
    return [
        SupplementView(
            id=row.id, status=row.status, status_label=text(f"supplement_status.{row.status}"),
            yellow_sets=row.yellow_sets, white_sets=row.white_sets, blue_sets=row.blue_sets,
            sets_summary=text("supplement.sets_summary", yellow=row.yellow_sets, white=row.white_sets,
                              blue=row.blue_sets),
            countries=row.countries, reason=row.reason, return_note=row.return_note,
            created_at=format_local_time(row.created_at),
            can_review=row.status == SupplementStatus.SUBMITTED.value,
        )
        for row in rows
    ]
