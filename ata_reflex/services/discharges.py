"""Discharge (核销) of an issued carnet: used pages, customs proof, submission and the chamber's decision."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.images import ImagePolicy
from ata_reflex.domain.lifecycle import DISCHARGE_ERRORS
from ata_reflex.domain.status import (
    Actor,
    CarnetAction,
    DischargeStatus,
    Subject,
    lifecycle_actions,
    next_status,
)
from ata_reflex.models import CarnetDischarge, DischargePage, OutboundCarnet
from ata_reflex.services.audit import record_action
from ata_reflex.services.carnets import change_status, carnet_reference, get_owned_carnet, notify_carnet_owner
from ata_reflex.services.clock import Clock, format_local_time, system_clock
from ata_reflex.services.files import delete_file, store_image
from ata_reflex.services.messages import notify_user
from ata_reflex.services.supplements import move_record

logger = logging.getLogger(__name__)

ENTITY = "carnet_discharge"

# Scans of the used carnet pages: colour, A4, at least 800 px and scaled down to 1000 px on the
# long side, as the chamber's discharge rules ask.
DISCHARGE_IMAGE_POLICY = ImagePolicy(resize_long_side=1000, min_long_side=800, require_colour=True,
                                     a4_tolerance=0.12)
MAX_PAGES = 60
MAX_NOTE = 1000

PageKind = Literal["page", "proof"]
PAGE_KINDS = ("page", "proof")


@dataclass(frozen=True)
class DischargePageView:
    """One uploaded image of a discharge, in its list order."""

    id: int
    kind: str
    position: int
    label: str
    public_id: str
    original_name: str
    width: int
    height: int


@dataclass(frozen=True)
class DischargeView:
    """A discharge as the holder's page and the chamber's review show it."""

    id: int
    carnet_id: int
    carnet_number: str
    status: str
    status_label: str
    goods_status_changed: bool
    genuine_confirmed: bool
    pages: list[DischargePageView] = field(default_factory=list)
    proofs: list[DischargePageView] = field(default_factory=list)
    return_errors: list[str] = field(default_factory=list)
    return_note: str = ""
    submitted_at: str = ""
    can_edit: bool = False
    can_review: bool = False


def _active_discharge(db: Session, carnet_id: int) -> CarnetDischarge | None:
    return db.exec(select(CarnetDischarge).where(CarnetDischarge.carnet_id == carnet_id)
                   .order_by(CarnetDischarge.id.desc())).first()  # type: ignore[union-attr]


def open_discharge(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> CarnetDischarge:
    """Return the carnet's discharge, starting a draft when there is none yet.

    Raises:
        DomainError: ``common.not_found``, or ``error.not_allowed`` when the carnet is not issued.
    """
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    existing = _active_discharge(db, carnet.id)
    if existing is not None:
        return existing
    next_status(carnet.status, CarnetAction.START_DISCHARGE, Actor.HOLDER)
    discharge = CarnetDischarge(carnet_id=carnet.id, owner_id=owner_id, created_at=clock())
    db.add(discharge)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="create", entity_type=ENTITY,
                  entity_id=discharge.id, detail=f"carnet_id={carnet.id}", clock=clock)
    return discharge


def _owned_editable(db: Session, owner_id: int, discharge_id: int) -> CarnetDischarge:
    """Return an owner's discharge that may still change (draft or returned)."""
    discharge = db.get(CarnetDischarge, discharge_id)
    if discharge is None or discharge.owner_id != owner_id:
        raise DomainError("common.not_found")
    if CarnetAction.SAVE not in lifecycle_actions(Subject.DISCHARGE, discharge.status, Actor.HOLDER):
        raise DomainError("discharge.locked")
    return discharge


def _pages(db: Session, discharge_id: int, kind: str) -> list[DischargePage]:
    return list(db.exec(select(DischargePage).where(DischargePage.discharge_id == discharge_id,
                                                    DischargePage.kind == kind)
                        .order_by(DischargePage.position, DischargePage.id)).all())


def add_discharge_page(
    db: Session, *, owner_id: int, discharge_id: int, kind: PageKind, original_name: str, data: bytes,
    clock: Clock = system_clock,
) -> DischargePage:
    """Check and store one scanned page or proof document at the end of its list.

    Raises:
        DomainError: an ``image.*`` code naming the file, ``discharge.locked`` after submission,
            ``discharge.too_many_pages``.
    """
    if kind not in PAGE_KINDS:
        raise DomainError("common.not_found")
    discharge = _owned_editable(db, owner_id, discharge_id)
    count = db.exec(select(func.count()).select_from(DischargePage)
                    .where(DischargePage.discharge_id == discharge.id)).one()
    if count >= MAX_PAGES:
        raise DomainError("discharge.too_many_pages", params={"max": MAX_PAGES})
    stored = store_image(db, owner_id=owner_id, kind=f"discharge_{kind}", original_name=original_name, data=data,
                         policy=DISCHARGE_IMAGE_POLICY, clock=clock)
    existing = _pages(db, discharge.id, kind)
    page = DischargePage(discharge_id=discharge.id, kind=kind,
                         position=(existing[-1].position + 1) if existing else 0,
                         file_public_id=stored.public_id, original_name=stored.original_name,
                         width=stored.width, height=stored.height)
    db.add(page)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action=f"add_{kind}", entity_type=ENTITY,
                  entity_id=discharge.id, detail=f"page_id={page.id}", clock=clock)
    logger.info("discharge page added discharge_id=%s page_id=%s kind=%s", discharge.id, page.id, kind)
    return page


def _owned_page(db: Session, owner_id: int, page_id: int) -> tuple[CarnetDischarge, DischargePage]:
    page = db.get(DischargePage, page_id)
    if page is None:
        raise DomainError("common.not_found")
    return _owned_editable(db, owner_id, page.discharge_id), page


def move_discharge_page(db: Session, *, owner_id: int, page_id: int, offset: int,
                        clock: Clock = system_clock) -> None:
    """Move a page one place up (offset -1) or down (+1) in its list; nothing happens at either end."""
    discharge, page = _owned_page(db, owner_id, page_id)
    pages = _pages(db, discharge.id, page.kind)
    index = next(i for i, row in enumerate(pages) if row.id == page.id)
    other = index + (1 if offset > 0 else -1)
    if not 0 <= other < len(pages):
        return
    pages[index], pages[other] = pages[other], pages[index]
    for position, row in enumerate(pages):
        row.position = position
        db.add(row)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="move_page", entity_type=ENTITY,
                  entity_id=discharge.id, detail=f"page_id={page.id} offset={offset}", clock=clock)


def remove_discharge_page(db: Session, *, owner_id: int, page_id: int, clock: Clock = system_clock) -> None:
    """Remove a page before submission and delete its stored image."""
    discharge, page = _owned_page(db, owner_id, page_id)
    public_id = page.file_public_id
    db.delete(page)
    db.flush()
    for position, row in enumerate(_pages(db, discharge.id, page.kind)):
        row.position = position
        db.add(row)
    delete_file(db, owner_id=owner_id, public_id=public_id, clock=clock)
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="remove_page", entity_type=ENTITY,
                  entity_id=discharge.id, detail=f"page_id={page_id}", clock=clock)


def set_discharge_options(db: Session, *, owner_id: int, discharge_id: int, goods_status_changed: bool,
                          genuine_confirmed: bool) -> CarnetDischarge:
    """Store the goods-status switch and the genuineness box while the discharge may change."""
    discharge = _owned_editable(db, owner_id, discharge_id)
    discharge.goods_status_changed = goods_status_changed
    discharge.genuine_confirmed = genuine_confirmed
    db.add(discharge)
    db.flush()
    return discharge


def submit_discharge(db: Session, *, owner_id: int, discharge_id: int, clock: Clock = system_clock) -> CarnetDischarge:
    """Hand the discharge to the chamber; after this it can be neither withdrawn nor added to.

    Raises:
        DomainError: ``discharge.pages_required``, ``discharge.proof_required`` (goods changed status
            without a customs proof), ``discharge.genuine_required``, ``error.not_allowed``.
    """
    discharge = _owned_editable(db, owner_id, discharge_id)
    if not _pages(db, discharge.id, "page"):
        raise DomainError("discharge.pages_required", field="pages")
    if discharge.goods_status_changed and not _pages(db, discharge.id, "proof"):
        raise DomainError("discharge.proof_required", field="proofs")
    if not discharge.genuine_confirmed:
        raise DomainError("discharge.genuine_required", field="genuine")
    move_record(db, discharge, subject=Subject.DISCHARGE, action=CarnetAction.SUBMIT, actor=Actor.HOLDER,
                actor_id=owner_id, entity=ENTITY, clock=clock, values={"submitted_at": clock()})
    _notify(db, discharge, clock)
    return discharge


def accept_discharge(db: Session, *, staff_id: int, discharge_id: int, clock: Clock = system_clock) -> CarnetDischarge:
    """Accept a submitted discharge; the carnet becomes discharged (已核销)."""
    discharge = db.get(CarnetDischarge, discharge_id)
    if discharge is None:
        raise DomainError("common.not_found")
    carnet = db.get(OutboundCarnet, discharge.carnet_id)
    move_record(db, discharge, subject=Subject.DISCHARGE, action=CarnetAction.ACCEPT, actor=Actor.STAFF,
                actor_id=staff_id, entity=ENTITY, clock=clock,
                values={"decided_at": clock(), "return_errors": "", "return_note": ""})
    change_status(db, carnet, action=CarnetAction.DISCHARGE, actor=Actor.STAFF, actor_id=staff_id, clock=clock)
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    return discharge


def return_discharge(
    db: Session, *, staff_id: int, discharge_id: int, errors: list[str], note: str, clock: Clock = system_clock
) -> CarnetDischarge:
    """Return a submitted discharge with the common errors found and a note; the holder corrects it.

    Raises:
        DomainError: ``discharge.errors_required`` (field ``errors``) when nothing is ticked,
            ``error.too_long`` for a note over 1000 characters.
    """
    codes = [code for code in DISCHARGE_ERRORS if code in set(errors)]
    if not codes:
        raise DomainError("discharge.errors_required", field="errors")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise DomainError("error.too_long", field="note", params={"max": MAX_NOTE})
    discharge = db.get(CarnetDischarge, discharge_id)
    if discharge is None:
        raise DomainError("common.not_found")
    move_record(db, discharge, subject=Subject.DISCHARGE, action=CarnetAction.RETURN, actor=Actor.STAFF,
                actor_id=staff_id, entity=ENTITY, clock=clock,
                values={"decided_at": clock(), "return_errors": ",".join(codes), "return_note": note},
                detail=f"{','.join(codes)} {note}".strip())
    _notify(db, discharge, clock)
    return discharge


def _error_labels(discharge: CarnetDischarge) -> list[str]:
    return [text(f"discharge_error.{code}") for code in discharge.return_errors.split(",") if code]


def _notify(db: Session, discharge: CarnetDischarge, clock: Clock) -> None:
    carnet = db.get(OutboundCarnet, discharge.carnet_id)
    if carnet is None or carnet.owner_id is None:
        return
    params = {"number": carnet_reference(carnet), "errors": "、".join(_error_labels(discharge)),
              "note": discharge.return_note}
    notify_user(db, user_id=carnet.owner_id, title=text(f"notice.discharge.{discharge.status}.title", **params),
                body=text(f"notice.discharge.{discharge.status}.body", **params),
                link_path=f"/outbound/{carnet.id}/discharge", clock=clock)


def _page_view(row: DischargePage) -> DischargePageView:
    label = text("discharge.page_label" if row.kind == "page" else "discharge.proof_label", number=row.position + 1)
    return DischargePageView(id=row.id, kind=row.kind, position=row.position, label=label,
                             public_id=row.file_public_id,
                             original_name=row.original_name, width=row.width, height=row.height)


def discharge_view(db: Session, discharge: CarnetDischarge) -> DischargeView:
    """Return the view of a discharge with its pages in order."""
    carnet = db.get(OutboundCarnet, discharge.carnet_id)
    holder_actions = lifecycle_actions(Subject.DISCHARGE, discharge.status, Actor.HOLDER)
    staff_actions = lifecycle_actions(Subject.DISCHARGE, discharge.status, Actor.STAFF)
    return DischargeView(
        id=discharge.id,
        carnet_id=discharge.carnet_id,
        carnet_number=carnet_reference(carnet),
        status=discharge.status,
        status_label=text(f"discharge_status.{discharge.status}"),
        goods_status_changed=discharge.goods_status_changed,
        genuine_confirmed=discharge.genuine_confirmed,
        pages=[_page_view(row) for row in _pages(db, discharge.id, "page")],
        proofs=[_page_view(row) for row in _pages(db, discharge.id, "proof")],
        return_errors=_error_labels(discharge),
        return_note=discharge.return_note,
        submitted_at=format_local_time(discharge.submitted_at),
        can_edit=CarnetAction.SUBMIT in holder_actions,
        can_review=CarnetAction.ACCEPT in staff_actions,
    )


def get_owner_discharge(db: Session, *, owner_id: int, carnet_id: int) -> DischargeView | None:
    """Return the owner's latest discharge of a carnet, or None when none was started."""
    carnet = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    discharge = _active_discharge(db, carnet.id)
    return discharge_view(db, discharge) if discharge else None


def get_review_discharge(db: Session, *, carnet_id: int) -> DischargeView | None:
    """Return a carnet's latest discharge for staff, unless it is still an unsent draft."""
    discharge = _active_discharge(db, carnet_id)
    if discharge is None or discharge.status == DischargeStatus.DRAFT.value:
        return None
    return discharge_view(db, discharge)

