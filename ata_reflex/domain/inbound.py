"""The inbound carnet registration form (进境单证册), its JSON draft form and its validation.

A broker registers a foreign carnet for entry into China: scans of its pages, the carnet's
particulars, the manifest, the customs agent, the invoice wanted and the general list.
``InboundForm`` keeps every value as typed; ``validate_inbound`` returns a ``ValidInbound`` or
raises ``ValidationFailed`` listing every problem at once.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ata_reflex.domain.contact import is_valid_email, is_valid_phone, normalise_text
from ata_reflex.domain.decimal_input import parse_quantity
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.inbound_rules import (
    ItemRange,
    find_overlaps,
    normalise_taxpayer_id,
    parse_item_range,
    parse_line_value,
    taxpayer_id_problem,
    totals_by_currency,
    validate_carnet_number,
    validate_valid_until,
)
from ata_reflex.domain.outbound import INTENDED_USES
from ata_reflex.domain.outbound_rules import MAX_QUANTITY, MAX_TEXT, ErrorCollector, parse_weight
from ata_reflex.domain.reference import country_by_code, currencies, customs_units, transport_modes

logger = logging.getLogger(__name__)

# Scanned pages; labels are "scan.<kind>". The first four are required.
REQUIRED_SCAN_KINDS: tuple[str, ...] = ("green_cover", "yellow_counterfoil", "entry_counterfoil", "entry_voucher")
SUPPLEMENTARY_SCAN_KIND = "supplementary"
SCAN_KINDS: tuple[str, ...] = (*REQUIRED_SCAN_KINDS, SUPPLEMENTARY_SCAN_KIND)
# NOTE: guessed cap against runaway uploads; the chamber has not stated a maximum.
MAX_SUPPLEMENTARY_SCANS = 10

# How the goods travel (携带方式); labels are "carry.<code>".
CARRY_MODES: tuple[str, ...] = ("accompanied", "unaccompanied")
INVOICE_TYPES: tuple[str, ...] = ("vat_ordinary", "vat_special")
INVOICE_DELIVERIES: tuple[str, ...] = ("mail", "pickup", "electronic")
PAYMENT_METHODS: tuple[str, ...] = ("bank_transfer", "online", "cash")
YES, NO = "yes", "no"

BASIC_FIELDS: tuple[str, ...] = (
    "holder_name",
    "holder_address",
    "carnet_number",
    "authorized_representative",
    "guaranteeing_association",
    "intended_use",
    "intended_use_detail",
    "registration_office",
    "valid_until",
)
MANIFEST_FIELDS: tuple[str, ...] = (
    "entry_voucher_number",
    "entry_port",
    "carry_mode",
    "transport_mode",
    "package_count",
    "gross_weight_kg",
)
AGENT_FIELDS: tuple[str, ...] = ("agent_name", "agent_contact", "agent_phone", "agent_email")
INVOICE_FIELDS: tuple[str, ...] = (
    "invoice_type",
    "invoice_title",
    "taxpayer_id",
    "invoice_address",
    "invoice_phone",
    "bank_name",
    "bank_account",
    "invoice_delivery",
    "recipient_name",
    "recipient_phone",
    "mailing_address",
)
# Every scalar field of the first screen, in page order.
FORM_FIELDS: tuple[str, ...] = (
    *BASIC_FIELDS, *MANIFEST_FIELDS, *AGENT_FIELDS, "invoice_required", *INVOICE_FIELDS, "payment_method",
)
GOODS_FIELDS: tuple[str, ...] = (
    "item_number",
    "description_zh",
    "description_en",
    "quantity",
    "unit",
    "weight_kg",
    "currency",
    "total_value",
    "origin_country",
)
# NOTE: guessed cap against runaway forms, as for the outbound general list.
MAX_GOODS_ROWS = 500
MAX_PACKAGES = 1_000_000


@dataclass
class InboundGoodsRowForm:
    """One row of the green general list as typed; numbers stay strings until validation."""

    item_number: str = ""
    description_zh: str = ""
    description_en: str = ""
    quantity: str = ""
    unit: str = ""
    weight_kg: str = ""
    currency: str = ""
    total_value: str = ""
    origin_country: str = ""


@dataclass
class InboundForm:
    """The whole inbound registration as typed (scans are stored apart, as files)."""

    holder_name: str = ""
    holder_address: str = ""
    carnet_number: str = ""
    authorized_representative: str = ""
    guaranteeing_association: str = ""
    intended_use: str = ""
    intended_use_detail: str = ""
    registration_office: str = ""
    valid_until: str = ""
    entry_voucher_number: str = ""
    entry_port: str = ""
    carry_mode: str = ""
    transport_mode: str = ""
    package_count: str = ""
    gross_weight_kg: str = ""
    agent_name: str = ""
    agent_contact: str = ""
    agent_phone: str = ""
    agent_email: str = ""
    # "yes", "no" or "" (not answered yet).
    invoice_required: str = ""
    invoice_type: str = ""
    invoice_title: str = ""
    taxpayer_id: str = ""
    invoice_address: str = ""
    invoice_phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    invoice_delivery: str = ""
    recipient_name: str = ""
    recipient_phone: str = ""
    mailing_address: str = ""
    payment_method: str = ""
    goods: list[InboundGoodsRowForm] = field(default_factory=lambda: [InboundGoodsRowForm()])

    def to_json(self) -> str:
        """Serialise the form for the ``form_json`` column, Chinese kept readable."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> InboundForm:
        """Rebuild a form from ``to_json`` output; anything damaged takes its default, never raises."""
        try:
            stored = json.loads(raw)
        except (TypeError, ValueError, RecursionError):
            logger.warning("inbound form_json is not valid JSON; opening a default form")
            return cls()
        if not isinstance(stored, dict):
            return cls()
        form = cls()
        for name in FORM_FIELDS:
            value = stored.get(name)
            if isinstance(value, str):
                setattr(form, name, value)
        goods = stored.get("goods")
        if isinstance(goods, list):
            rows = [_goods_row_from_dict(row) for row in goods if isinstance(row, dict)]
            form.goods = rows or [InboundGoodsRowForm()]
        return form


def _goods_row_from_dict(stored: dict[object, object]) -> InboundGoodsRowForm:
    row = InboundGoodsRowForm()
    for name in GOODS_FIELDS:
        value = stored.get(name)
        if isinstance(value, str):
            setattr(row, name, value)
    return row


@dataclass(frozen=True)
class ValidInboundGoodsItem:
    """A row of the general list that passed validation."""

    item_from: int
    item_to: int
    description_zh: str
    description_en: str
    quantity: int
    unit: str
    weight_kg: Decimal
    currency: str
    total_value: Decimal
    origin_country: str


@dataclass(frozen=True)
class ValidInbound:
    """An inbound registration that passed validation; invoice values are empty when none is wanted."""

    values: dict[str, object]
    goods: tuple[ValidInboundGoodsItem, ...]
    totals_by_currency: dict[str, Decimal]


@dataclass(frozen=True)
class CurrencyTotal:
    """The declared value of the goods in one currency."""

    currency: str
    amount: Decimal


def running_totals(rows: list[InboundGoodsRowForm]) -> list[CurrencyTotal]:
    """Add up the rows' values per currency while typing; a row whose currency or value is invalid counts nowhere."""
    allowed = {currency.code for currency in currencies()}
    lines: list[tuple[str, Decimal]] = []
    for row in rows:
        code = row.currency.strip().upper()
        if code not in allowed:
            continue
        try:
            lines.append((code, parse_line_value(row.total_value)))
        except DomainError:
            continue
    return [CurrencyTotal(code, amount) for code, amount in totals_by_currency(lines).items()]


def validate_inbound(
    form: InboundForm,
    *,
    today: date,
    port_codes: Collection[str],
    office_codes: Collection[str],
    scan_kinds: Collection[str],
) -> ValidInbound:
    """Check a whole inbound registration and return its validated values.

    Args:
        form: The form as typed.
        today: The date in China; a carnet that expired before it cannot be registered.
        port_codes: Active customs port codes, for the entry port.
        office_codes: Active chamber office codes, for the registration office.
        scan_kinds: The kinds of the scans already uploaded; each required kind must be there.

    Raises:
        ValidationFailed: With every problem at once, keyed by field name, ``scans.<kind>``,
            ``goods`` or ``goods.<i>.<field>`` (``i`` is the 0-based row index).
    """
    errors = ErrorCollector()
    values: dict[str, object] = {}

    for kind in REQUIRED_SCAN_KINDS:
        if kind not in scan_kinds:
            errors.add(f"scans.{kind}", "inbound.scan_required")
    _validate_basic(errors, form, values, today=today, office_codes=office_codes)
    _validate_manifest(errors, form, values, port_codes=port_codes)
    _validate_agent(errors, form, values)
    _validate_invoice(errors, form, values)
    values["payment_method"] = errors.choice(
        "payment_method", form.payment_method, PAYMENT_METHODS, "inbound.choice_invalid"
    )
    goods = _validate_goods(errors, form.goods)

    if errors:
        logger.info("inbound form invalid fields=%s", sorted(errors.errors))
        raise ValidationFailed(errors.errors)
    totals = totals_by_currency((item.currency, item.total_value) for item in goods)
    return ValidInbound(values=values, goods=tuple(goods), totals_by_currency=totals)


def _validate_basic(errors: ErrorCollector, form: InboundForm, values: dict[str, object], *, today: date,
                    office_codes: Collection[str]) -> None:
    values["holder_name"] = errors.text("holder_name", form.holder_name, max_length=200)
    values["holder_address"] = errors.text("holder_address", form.holder_address, max_length=300)
    values["carnet_number"] = validate_carnet_number(errors, form.carnet_number)
    values["authorized_representative"] = _optional_text(errors, "authorized_representative",
                                                         form.authorized_representative)
    values["guaranteeing_association"] = errors.text("guaranteeing_association", form.guaranteeing_association,
                                                     max_length=200)
    values["intended_use"] = errors.choice("intended_use", form.intended_use, INTENDED_USES,
                                           "outbound.intended_use_invalid")
    values["intended_use_detail"] = errors.text("intended_use_detail", form.intended_use_detail, max_length=MAX_TEXT)
    values["registration_office_code"] = errors.choice("registration_office", form.registration_office, office_codes,
                                                       "inbound.registration_office_invalid")
    values["valid_until"] = validate_valid_until(errors, form.valid_until, today=today)


def _validate_manifest(errors: ErrorCollector, form: InboundForm, values: dict[str, object], *,
                       port_codes: Collection[str]) -> None:
    values["entry_voucher_number"] = errors.text("entry_voucher_number", normalise_text(form.entry_voucher_number),
                                                 max_length=64)
    values["entry_port_code"] = errors.choice("entry_port", form.entry_port, port_codes, "inbound.entry_port_invalid")
    values["carry_mode"] = errors.choice("carry_mode", form.carry_mode, CARRY_MODES, "inbound.choice_invalid")
    mode_codes = [mode.code for mode in transport_modes()]
    values["transport_mode_code"] = errors.choice("transport_mode", form.transport_mode.upper(), mode_codes,
                                                  "outbound.transport_mode_invalid")
    values["package_count"] = _parse(errors, "package_count",
                                     lambda raw: parse_quantity(raw, maximum=MAX_PACKAGES), form.package_count)
    values["gross_weight_kg"] = _parse(errors, "gross_weight_kg", parse_weight, form.gross_weight_kg)


def _validate_agent(errors: ErrorCollector, form: InboundForm, values: dict[str, object]) -> None:
    values["agent_name"] = errors.text("agent_name", form.agent_name, max_length=200)
    values["agent_contact"] = errors.text("agent_contact", form.agent_contact, max_length=100)
    values["agent_phone"] = _phone(errors, "agent_phone", form.agent_phone, required=True)
    email = normalise_text(form.agent_email)
    if not email:
        errors.add("agent_email", "error.required")
    elif not is_valid_email(email):
        errors.add("agent_email", "error.invalid_email")
    values["agent_email"] = email


def _validate_invoice(errors: ErrorCollector, form: InboundForm, values: dict[str, object]) -> None:
    """Check the invoice fields, which count only when an invoice is wanted.

    A special VAT invoice (增值税专用发票) needs the buyer's address, phone, bank and account;
    a mailed invoice needs the recipient's name, phone and address.
    """
    wanted = errors.choice("invoice_required", form.invoice_required, (YES, NO), "inbound.invoice_required_missing")
    values["invoice_required"] = wanted == YES
    for name in INVOICE_FIELDS:
        values[name] = ""
    if wanted != YES:
        return
    invoice_type = errors.choice("invoice_type", form.invoice_type, INVOICE_TYPES, "inbound.choice_invalid")
    values["invoice_type"] = invoice_type
    values["invoice_title"] = errors.text("invoice_title", form.invoice_title, max_length=200)
    taxpayer_id = normalise_taxpayer_id(form.taxpayer_id)
    if not taxpayer_id:
        errors.add("taxpayer_id", "error.required")
    else:
        problem = taxpayer_id_problem(taxpayer_id)
        if problem is not None:
            errors.add("taxpayer_id", problem.code, **problem.params)
    values["taxpayer_id"] = taxpayer_id
    special = invoice_type == "vat_special"
    values["invoice_address"] = _text(errors, "invoice_address", form.invoice_address, required=special)
    values["invoice_phone"] = _phone(errors, "invoice_phone", form.invoice_phone, required=special)
    values["bank_name"] = _text(errors, "bank_name", form.bank_name, required=special)
    values["bank_account"] = _text(errors, "bank_account", form.bank_account, required=special, max_length=64)
    delivery = errors.choice("invoice_delivery", form.invoice_delivery, INVOICE_DELIVERIES, "inbound.choice_invalid")
    values["invoice_delivery"] = delivery
    mailed = delivery == "mail"
    values["recipient_name"] = _text(errors, "recipient_name", form.recipient_name, required=mailed)
    values["recipient_phone"] = _phone(errors, "recipient_phone", form.recipient_phone, required=mailed)
    values["mailing_address"] = _text(errors, "mailing_address", form.mailing_address, required=mailed,
                                      max_length=300)


def _text(errors: ErrorCollector, path: str, raw: str, *, required: bool, max_length: int = 200) -> str:
    if required:
        return errors.text(path, raw, max_length=max_length)
    return _optional_text(errors, path, raw, max_length=max_length)


def _optional_text(errors: ErrorCollector, path: str, raw: str, max_length: int = MAX_TEXT) -> str:
    value = raw.strip()
    if len(value) > max_length:
        errors.add(path, "error.too_long", max=max_length)
    return value


def _phone(errors: ErrorCollector, path: str, raw: str, *, required: bool) -> str:
    value = normalise_text(raw)
    if not value:
        if required:
            errors.add(path, "error.required")
    elif not is_valid_phone(value):
        errors.add(path, "error.invalid_phone")
    return value


def _parse(errors: ErrorCollector, path: str, parse, raw: str):  # noqa: ANN001, ANN202  (a number parser)
    """Run a number parser and record its ``DomainError`` at ``path``; returns None on error."""
    try:
        return parse(raw)
    except DomainError as error:
        errors.add(path, error.code, **error.params)
        return None


def _validate_goods(errors: ErrorCollector, rows: list[InboundGoodsRowForm]) -> list[ValidInboundGoodsItem]:
    """Validate every row; item numbers and ranges must not overlap across rows."""
    if not rows:
        errors.add("goods", "outbound.goods_required")
        return []
    if len(rows) > MAX_GOODS_ROWS:
        errors.add("goods", "outbound.goods_too_many", max=MAX_GOODS_ROWS)
    ranges: list[ItemRange | None] = []
    items: list[ValidInboundGoodsItem] = []
    for index, row in enumerate(rows):
        item_range = _parse(errors, f"goods.{index}.item_number", parse_item_range, row.item_number)
        ranges.append(item_range)
        item = _validate_goods_row(errors, index, row, item_range)
        if item is not None:
            items.append(item)
    for index, (earlier, earlier_range) in find_overlaps(ranges).items():
        errors.add(f"goods.{index}.item_number", "inbound.item_number_overlap",
                   row=earlier + 1, range=earlier_range.label())
    return items


def _validate_goods_row(errors: ErrorCollector, index: int, row: InboundGoodsRowForm,
                        item_range: ItemRange | None) -> ValidInboundGoodsItem | None:
    prefix = f"goods.{index}"
    before = len(errors.errors)
    description_zh = errors.text(f"{prefix}.description_zh", row.description_zh, max_length=MAX_TEXT)
    description_en = errors.english_text(f"{prefix}.description_en", row.description_en, max_length=MAX_TEXT)
    quantity = _parse(errors, f"{prefix}.quantity", lambda raw: parse_quantity(raw, maximum=MAX_QUANTITY),
                      row.quantity)
    unit = row.unit.strip()
    if not unit:
        errors.add(f"{prefix}.unit", "error.required")
    elif unit not in {item.code for item in customs_units()}:
        errors.add(f"{prefix}.unit", "goods.unit_invalid")
    weight = _parse(errors, f"{prefix}.weight_kg", parse_weight, row.weight_kg)
    currency = row.currency.strip().upper()
    if not currency:
        errors.add(f"{prefix}.currency", "error.required")
    elif currency not in {item.code for item in currencies()}:
        errors.add(f"{prefix}.currency", "inbound.currency_invalid")
    value = _parse(errors, f"{prefix}.total_value", parse_line_value, row.total_value)
    origin_code = row.origin_country.strip().upper()
    if not origin_code:
        errors.add(f"{prefix}.origin_country", "error.required")
    elif country_by_code(origin_code) is None:
        errors.add(f"{prefix}.origin_country", "goods.origin_country_invalid")
    if len(errors.errors) > before or item_range is None or quantity is None or weight is None or value is None:
        return None
    return ValidInboundGoodsItem(
        item_from=item_range.first,
        item_to=item_range.last,
        description_zh=description_zh,
        description_en=description_en,
        quantity=quantity,
        unit=unit,
        weight_kg=weight,
        currency=currency,
        total_value=value,
        origin_country=origin_code,
    )
