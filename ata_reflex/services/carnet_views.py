"""Read models of outbound carnets for the holder's pages and the chamber's review pages."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.outbound import OutboundForm, goods_totals
from ata_reflex.domain.choices import country_label
from ata_reflex.domain.reference import goods_units, transport_modes
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, allowed_actions
from ata_reflex.models import Holder, OutboundCarnet, User
from ata_reflex.services.audit import AuditEntry, list_history
from ata_reflex.services.carnets import ENTITY, carnet_reference, local_today
from ata_reflex.services.clock import format_local_time
from ata_reflex.services.lifecycle_views import days_left_text, lifecycle_fields
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices


@dataclass(frozen=True)
class CarnetSummary:
    """One carnet in a list: the holder's own list or the chamber's queue."""

    id: int
    reference: str
    status: str
    status_label: str
    holder_name: str
    countries: str
    total_value_cny: str
    updated_at: str
    submitted_at: str
    owner_name: str = ""
    # "outbound" or "inbound": the review queue shows both, with a badge and the matching review page.
    kind: str = "outbound"
    carnet_number: str = ""
    days_left: str = ""


@dataclass(frozen=True)
class GoodsLine:
    """A goods item as a read-only card shows it."""

    item_number: str
    description_zh: str
    description_en: str
    quantity: str
    unit: str
    weight_kg: str
    value_cny: str
    origin_country: str


@dataclass(frozen=True)
class CarnetDetail:
    """Everything the applicant entered, with codes turned into Chinese labels."""

    id: int
    reference: str
    status: str
    status_label: str
    owner_name: str
    holder_name_zh: str
    holder_name_en: str
    holder_address_zh: str
    holder_address_en: str
    holder_credit_code: str
    import_countries: str
    intended_use: str
    intended_use_detail: str
    exit_port: str
    transport_mode: str
    declaration_date: str
    transit_countries: str
    itinerary: str
    issuing_office: str
    collection_method: str
    authorized_representatives_zh: str
    authorized_representatives_en: str
    security_type: str
    agreement_accepted: bool
    goods: list[GoodsLine]
    total_pieces: str
    total_weight_kg: str
    total_value_cny: str
    return_reason: str
    created_at: str
    submitted_at: str
    decided_at: str
    can_edit: bool
    can_withdraw: bool
    can_reopen: bool
    can_review: bool
    history: list[AuditEntry] = field(default_factory=list)
    carnet_number: str = ""
    issue_date: str = ""
    valid_until: str = ""
    days_left: str = ""
    security_lodged: str = ""
    replaces_reference: str = ""
    replaced_by_id: int = 0
    discharge_status: str = ""
    can_issue: bool = False
    can_renew: bool = False
    renewal_warning: bool = False
    can_supplement: bool = False
    can_discharge: bool = False


def status_label(status: str) -> str:
    """Return the Chinese label of a carnet status."""
    return text(f"status.{status}")


def _choice_label(prefix: str, code: str) -> str:
    return text(f"{prefix}.{code}") if code else ""


def _lookup(options: dict[str, str], code: str) -> str:
    return options.get(code, code)


def _countries_text(codes: list[str]) -> str:
    return "、".join(country_label(code) for code in codes if code)


def list_owner_carnets(db: Session, *, owner_id: int) -> list[CarnetSummary]:
    """Return the owner's carnets, most recently changed first."""
    rows = db.exec(
        select(OutboundCarnet).where(OutboundCarnet.owner_id == owner_id).order_by(
            OutboundCarnet.updated_at.desc(), OutboundCarnet.id.desc()  # type: ignore[union-attr]
        )
    ).all()
    holders = {h.id: h for h in db.exec(select(Holder).where(Holder.owner_id == owner_id)).all()}
    return [_summary(carnet, holders) for carnet in rows]


def list_review_queue(db: Session, *, status: str = "") -> list[CarnetSummary]:
    """Return carnets handed to the chamber, newest submission first, optionally of one status.

    Drafts never reach the chamber; a withdrawn carnet shows only when asked for by status.
    """
    query = select(OutboundCarnet, User).join(User, User.id == OutboundCarnet.owner_id, isouter=True)
    if status:
        query = query.where(OutboundCarnet.status == status)
    else:
        query = query.where(OutboundCarnet.submitted_at.is_not(None))  # type: ignore[union-attr]
    query = query.where(OutboundCarnet.status != CarnetStatus.DRAFT.value).order_by(
        OutboundCarnet.submitted_at.desc(), OutboundCarnet.id.desc()  # type: ignore[union-attr]
    )
    return [_summary(carnet, {}, owner=user) for carnet, user in db.exec(query).all()]


def _summary(carnet: OutboundCarnet, holders: dict[int, Holder], owner: User | None = None) -> CarnetSummary:
    form = OutboundForm.from_json(carnet.form_json)
    holder_name = carnet.holder_name_zh
    if not holder_name and form.holder_id.isdigit() and int(form.holder_id) in holders:
        holder_name = holders[int(form.holder_id)].name_zh
    totals = goods_totals(form.goods)
    return CarnetSummary(
        id=carnet.id,
        reference=carnet_reference(carnet),
        status=carnet.status,
        status_label=status_label(carnet.status),
        holder_name=holder_name,
        countries=_countries_text(form.import_countries),
        total_value_cny=f"{totals.value_cny:,.2f}",
        updated_at=format_local_time(carnet.updated_at),
        submitted_at=format_local_time(carnet.submitted_at),
        owner_name=owner.username if owner else "",
        carnet_number=carnet.carnet_number or "",
        days_left=days_left_text(carnet, local_today()),
    )


def get_carnet_detail(db: Session, *, carnet_id: int, owner_id: int | None) -> CarnetDetail:
    """Return the detail of one carnet: the owner's own, or any submitted one for staff (owner_id None).

    Raises:
        DomainError: ``common.not_found`` for a missing carnet, another owner's, or a draft asked for by staff.
    """
    carnet = db.get(OutboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    if owner_id is not None and carnet.owner_id != owner_id:
        raise DomainError("common.not_found")
    if owner_id is None and carnet.submitted_at is None:
        raise DomainError("common.not_found")
    form = OutboundForm.from_json(carnet.form_json)
    holder = _holder_particulars(db, carnet, form)
    ports = {port.code: port.name_zh for port in list_customs_ports(db, active_only=False)}
    offices = {office.code: office.name_zh for office in list_issuing_offices(db, active_only=False)}
    modes = {mode.code: mode.name_zh for mode in transport_modes()}
    units = {unit.code: unit.label_zh for unit in goods_units()}
    totals = goods_totals(form.goods)
    status = CarnetStatus(carnet.status)
    holder_actions = allowed_actions(status, Actor.HOLDER)
    owner = db.get(User, carnet.owner_id) if carnet.owner_id else None
    return CarnetDetail(
        id=carnet.id,
        reference=carnet_reference(carnet),
        status=carnet.status,
        status_label=status_label(carnet.status),
        owner_name=owner.username if owner else "",
        **holder,
        import_countries=_countries_text(form.import_countries),
        intended_use=_choice_label("use", form.intended_use),
        intended_use_detail=form.intended_use_detail,
        exit_port=_lookup(ports, form.exit_port),
        transport_mode=_lookup(modes, form.transport_mode),
        declaration_date=form.declaration_date,
        transit_countries=form.transit_countries,
        itinerary=form.itinerary,
        issuing_office=_lookup(offices, form.issuing_office),
        collection_method=_choice_label("collection", form.collection_method),
        authorized_representatives_zh=form.authorized_representatives_zh,
        authorized_representatives_en=form.authorized_representatives_en,
        security_type=_choice_label("security", form.security_type),
        agreement_accepted=form.agreement_accepted,
        goods=[
            GoodsLine(
                item_number=str(index + 1),
                description_zh=row.description_zh,
                description_en=row.description_en,
                quantity=row.quantity,
                unit=_lookup(units, row.unit),
                weight_kg=row.weight_kg,
                value_cny=row.value_cny,
                origin_country=country_label(row.origin_country),
            )
            for index, row in enumerate(form.goods)
        ],
        total_pieces=str(totals.pieces),
        total_weight_kg=f"{totals.weight_kg:,.3f}".rstrip("0").rstrip("."),
        total_value_cny=f"{totals.value_cny:,.2f}",
        return_reason=carnet.return_reason,
        created_at=format_local_time(carnet.created_at),
        submitted_at=format_local_time(carnet.submitted_at),
        decided_at=format_local_time(carnet.decided_at),
        can_edit=CarnetAction.SAVE in holder_actions,
        can_withdraw=CarnetAction.WITHDRAW in holder_actions,
        can_reopen=CarnetAction.EDIT in holder_actions,
        can_review=bool(allowed_actions(status, Actor.STAFF) & {CarnetAction.APPROVE, CarnetAction.RETURN}),
        history=[
            dataclasses.replace(entry, action=text(f"history.{entry.action}"))
            for entry in list_history(db, entity_type=ENTITY, entity_id=carnet.id)
        ],
        **lifecycle_fields(db, carnet, local_today()),
    )


def _holder_particulars(db: Session, carnet: OutboundCarnet, form: OutboundForm) -> dict[str, str]:
    """Return the holder as submitted, or as it is now for a carnet never submitted."""
    if carnet.holder_name_zh:
        source = {
            "name_zh": carnet.holder_name_zh, "name_en": carnet.holder_name_en,
            "address_zh": carnet.holder_address_zh, "address_en": carnet.holder_address_en,
            "credit_code": carnet.holder_credit_code,
        }
    else:
        holder = db.get(Holder, int(form.holder_id)) if form.holder_id.isdigit() else None
        if holder is None or holder.owner_id != carnet.owner_id:
            holder = None
        source = {
            "name_zh": holder.name_zh if holder else "", "name_en": holder.name_en if holder else "",
            "address_zh": holder.address_zh if holder else "", "address_en": holder.address_en if holder else "",
            "credit_code": holder.credit_code if holder else "",
        }
    return {f"holder_{key}": value for key, value in source.items()}
