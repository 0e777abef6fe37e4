"""Read models of inbound carnets for the holder's pages and the chamber's review pages."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.choices import country_label
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.inbound import InboundForm, running_totals
from ata_reflex.domain.reference import customs_units, transport_modes
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, allowed_actions
from ata_reflex.models import InboundCarnet, User
from ata_reflex.services.audit import AuditEntry, list_history
from ata_reflex.services.carnet_views import CarnetSummary
from ata_reflex.services.clock import format_local_time
from ata_reflex.services.inbound import DELETABLE_STATUSES, ENTITY, inbound_reference
from ata_reflex.services.inbound_scans import ScanView, list_scans
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices


@dataclass(frozen=True)
class InboundSummary:
    """One inbound carnet in the holder's list."""

    id: int
    reference: str
    carnet_number: str
    status: str
    status_label: str
    holder_name: str
    totals: str
    updated_at: str
    can_delete: bool


@dataclass(frozen=True)
class DetailRow:
    """A label and the value entered for it."""

    label: str
    value: str


@dataclass(frozen=True)
class DetailSection:
    """A titled group of rows, as the form groups its fields."""

    title: str
    rows: list[DetailRow]


@dataclass(frozen=True)
class InboundGoodsLine:
    """A row of the general list as a read-only card shows it."""

    item_number: str
    description_zh: str
    description_en: str
    quantity: str
    unit: str
    weight_kg: str
    value: str
    origin_country: str


@dataclass(frozen=True)
class InboundDetail:
    """Everything the broker entered and uploaded, with codes turned into Chinese labels."""

    id: int
    reference: str
    carnet_number: str
    status: str
    status_label: str
    owner_name: str
    return_reason: str
    scans: list[ScanView]
    sections: list[DetailSection]
    goods: list[InboundGoodsLine]
    totals: list[str]
    can_edit: bool
    can_withdraw: bool
    can_reopen: bool
    can_delete: bool
    can_review: bool
    history: list[AuditEntry] = field(default_factory=list)


def inbound_status_label(status: str) -> str:
    """Return the Chinese label of an inbound carnet's status (approved reads 已登记)."""
    return text(f"inbound.status.{status}")


def format_money(amount: Decimal) -> str:
    """Format an amount with thousands separators and two decimals."""
    return f"{amount:,.2f}"


def totals_text(form: InboundForm) -> list[str]:
    """Return one "USD 1,000.00" line per currency of the goods list; currencies are never added together."""
    return [f"{total.currency} {format_money(total.amount)}" for total in running_totals(form.goods)]


def list_owner_inbound(db: Session, *, owner_id: int) -> list[InboundSummary]:
    """Return the owner's inbound carnets, most recently changed first."""
    rows = db.exec(
        select(InboundCarnet).where(InboundCarnet.owner_id == owner_id).order_by(
            InboundCarnet.updated_at.desc(), InboundCarnet.id.desc()  # type: ignore[union-attr]
        )
    ).all()
    summaries = []
    for carnet in rows:
        form = InboundForm.from_json(carnet.form_json)
        summaries.append(InboundSummary(
            id=carnet.id,
            reference=inbound_reference(carnet),
            carnet_number=carnet.carnet_number or form.carnet_number.strip().upper(),
            status=carnet.status,
            status_label=inbound_status_label(carnet.status),
            holder_name=carnet.holder_name or form.holder_name,
            totals=" · ".join(totals_text(form)),
            updated_at=format_local_time(carnet.updated_at),
            can_delete=carnet.status in DELETABLE_STATUSES,
        ))
    return summaries


def list_inbound_review_queue(db: Session, *, status: str = "") -> list[CarnetSummary]:
    """Return inbound carnets handed to the chamber as queue entries, newest submission first.

    The filter works as the outbound queue's: drafts never show; a status picks one status.
    """
    query = select(InboundCarnet, User).join(User, User.id == InboundCarnet.owner_id, isouter=True)
    if status:
        query = query.where(InboundCarnet.status == status)
    else:
        query = query.where(InboundCarnet.submitted_at.is_not(None))  # type: ignore[union-attr]
    query = query.where(InboundCarnet.status != CarnetStatus.DRAFT.value).order_by(
        InboundCarnet.submitted_at.desc(), InboundCarnet.id.desc()  # type: ignore[union-attr]
    )
    return [
        CarnetSummary(
            id=carnet.id,
            reference=inbound_reference(carnet),
            status=carnet.status,
            status_label=inbound_status_label(carnet.status),
            holder_name=carnet.holder_name,
            countries=text("inbound.queue_number", number=carnet.carnet_number),
            total_value_cny="",
            updated_at=format_local_time(carnet.updated_at),
            submitted_at=format_local_time(carnet.submitted_at),
            owner_name=user.username if user else "",
            kind="inbound",
        )
        for carnet, user in db.exec(query).all()
    ]


def merge_review_queues(*queues: list[CarnetSummary]) -> list[CarnetSummary]:
    """Merge queues of several carnet kinds, newest submission first ("YYYY-MM-DD HH:MM" sorts as text)."""
    merged = [entry for queue in queues for entry in queue]
    return sorted(merged, key=lambda entry: (entry.submitted_at, entry.id), reverse=True)


def get_inbound_detail(db: Session, *, carnet_id: int, owner_id: int | None) -> InboundDetail:
    """Return one inbound carnet: the owner's own, or any submitted one for staff (owner_id None).

    Raises:
        DomainError: ``common.not_found`` for a missing carnet, another owner's, or a draft asked for by staff.
    """
    carnet = db.get(InboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    if owner_id is not None and carnet.owner_id != owner_id:
        raise DomainError("common.not_found")
    if owner_id is None and carnet.submitted_at is None:
        raise DomainError("common.not_found")
    form = InboundForm.from_json(carnet.form_json)
    status = CarnetStatus(carnet.status)
    holder_actions = allowed_actions(status, Actor.HOLDER)
    owner = db.get(User, carnet.owner_id) if carnet.owner_id else None
    return InboundDetail(
        id=carnet.id,
        reference=inbound_reference(carnet),
        carnet_number=form.carnet_number.strip().upper(),
        status=carnet.status,
        status_label=inbound_status_label(carnet.status),
        owner_name=owner.username if owner else "",
        return_reason=carnet.return_reason,
        scans=list_scans(db, carnet_id=carnet.id),
        sections=_sections(db, form),
        goods=_goods_lines(form),
        totals=totals_text(form),
        can_edit=CarnetAction.SAVE in holder_actions,
        can_withdraw=CarnetAction.WITHDRAW in holder_actions,
        can_reopen=CarnetAction.EDIT in holder_actions,
        can_delete=carnet.status in DELETABLE_STATUSES,
        can_review=bool(allowed_actions(status, Actor.STAFF) & {CarnetAction.APPROVE, CarnetAction.RETURN}),
        history=[
            dataclasses.replace(entry, action=text(f"history.{entry.action}"))
            for entry in list_history(db, entity_type=ENTITY, entity_id=carnet.id)
        ],
    )


def _choice(prefix: str, code: str) -> str:
    return text(f"{prefix}.{code}") if code else ""


def _sections(db: Session, form: InboundForm) -> list[DetailSection]:
    ports = {port.code: port.name_zh for port in list_customs_ports(db, active_only=False)}
    offices = {office.code: office.name_zh for office in list_issuing_offices(db, active_only=False)}
    modes = {mode.code: mode.name_zh for mode in transport_modes()}

    def rows(*pairs: tuple[str, str]) -> list[DetailRow]:
        return [DetailRow(label=text(code), value=value) for code, value in pairs]

    sections = [
        DetailSection(text("inbound.section_basic"), rows(
            ("inbound.holder_name", form.holder_name),
            ("inbound.holder_address", form.holder_address),
            ("inbound.carnet_number", form.carnet_number.strip().upper()),
            ("inbound.authorized_representative", form.authorized_representative),
            ("inbound.guaranteeing_association", form.guaranteeing_association),
            ("outbound.intended_use", _choice("use", form.intended_use)),
            ("outbound.intended_use_detail", form.intended_use_detail),
            ("inbound.registration_office", offices.get(form.registration_office, form.registration_office)),
            ("inbound.valid_until", form.valid_until),
        )),
        DetailSection(text("inbound.section_manifest"), rows(
            ("inbound.entry_voucher_number", form.entry_voucher_number),
            ("inbound.entry_port", ports.get(form.entry_port, form.entry_port)),
            ("inbound.carry_mode", _choice("carry", form.carry_mode)),
            ("outbound.transport_mode", modes.get(form.transport_mode, form.transport_mode)),
            ("inbound.package_count", form.package_count),
            ("inbound.gross_weight_kg", form.gross_weight_kg),
        )),
    ]
    agent = rows(
        ("inbound.agent_name", form.agent_name),
        ("inbound.agent_contact", form.agent_contact),
        ("inbound.agent_phone", form.agent_phone),
        ("inbound.agent_email", form.agent_email),
        ("inbound.invoice_required", _choice("answer", form.invoice_required)),
    )
    if form.invoice_required == "yes":
        agent += rows(
            ("inbound.invoice_type", _choice("invoice_type", form.invoice_type)),
            ("inbound.invoice_title", form.invoice_title),
            ("inbound.taxpayer_id", form.taxpayer_id),
            ("inbound.invoice_address", form.invoice_address),
            ("inbound.invoice_phone", form.invoice_phone),
            ("inbound.bank_name", form.bank_name),
            ("inbound.bank_account", form.bank_account),
            ("inbound.invoice_delivery", _choice("delivery", form.invoice_delivery)),
        )
        if form.invoice_delivery == "mail":
            agent += rows(
                ("inbound.recipient_name", form.recipient_name),
                ("inbound.recipient_phone", form.recipient_phone),
                ("inbound.mailing_address", form.mailing_address),
            )
    agent += rows(("inbound.payment_method", _choice("payment", form.payment_method)))
    sections.append(DetailSection(text("inbound.section_agent"), agent))
    return sections


def _goods_lines(form: InboundForm) -> list[InboundGoodsLine]:
    units = {unit.code: unit.name_zh for unit in customs_units()}
    return [
        InboundGoodsLine(
            item_number=row.item_number,
            description_zh=row.description_zh,
            description_en=row.description_en,
            quantity=row.quantity,
            unit=units.get(row.unit, row.unit),
            weight_kg=row.weight_kg,
            value=f"{row.currency.upper()} {row.total_value}".strip(),
            origin_country=country_label(row.origin_country),
        )
        for row in form.goods
    ]
