"""The outbound carnet application form (出境单证册), its JSON draft form and its validation.

``OutboundForm`` keeps every value as typed, so a draft can hold invalid input and reopen
exactly as left. ``validate_outbound`` turns it into a ``ValidOutbound`` or raises
``ValidationFailed`` listing every problem at once.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.outbound_rules import (
    MAX_TEXT,
    ErrorCollector,
    ValidGoodsItem,
    parse_pieces,
    parse_value,
    parse_weight,
    validate_declaration_date,
    validate_goods_row,
    validate_import_countries,
    validate_itinerary,
    validate_transit_countries,
)
from ata_reflex.domain.reference import transport_modes

logger = logging.getLogger(__name__)

DEFAULT_REPRESENTATIVES_ZH = "任何的授权报关代表"
DEFAULT_REPRESENTATIVES_EN = "Any Authorized Representatives"

# Intended uses of the goods (box C of the green cover); labels are "use.<code>".
INTENDED_USES: tuple[str, ...] = ("exhibition", "professional_equipment", "commercial_samples", "other")
# Ways the holder collects the issued carnet; labels are "collection.<code>".
COLLECTION_METHODS: tuple[str, ...] = ("pickup", "mail")
# Forms of security CCPIT accepts; labels are "security.<code>".
SECURITY_TYPES: tuple[str, ...] = ("cash_deposit", "bank_guarantee", "insurance_guarantee", "written_undertaking")

GOODS_FIELDS: tuple[str, ...] = (
    "description_zh",
    "description_en",
    "quantity",
    "unit",
    "weight_kg",
    "value_cny",
    "origin_country",
)
BASIC_FIELDS: tuple[str, ...] = (
    "holder_id",
    "intended_use",
    "intended_use_detail",
    "exit_port",
    "transport_mode",
    "declaration_date",
    "transit_countries",
    "itinerary",
    "issuing_office",
    "collection_method",
    "authorized_representatives_zh",
    "authorized_representatives_en",
    "security_type",
)

# NOTE: guessed cap against runaway forms; a general list continues on extra sheets, and the
# chamber has not stated a maximum number of goods items.
MAX_GOODS_ROWS = 500

_Number = TypeVar("_Number", int, Decimal)

__all__ = [
    "BASIC_FIELDS",
    "COLLECTION_METHODS",
    "DEFAULT_REPRESENTATIVES_EN",
    "DEFAULT_REPRESENTATIVES_ZH",
    "GOODS_FIELDS",
    "INTENDED_USES",
    "SECURITY_TYPES",
    "GoodsRowForm",
    "GoodsTotals",
    "OutboundForm",
    "ValidGoodsItem",
    "ValidOutbound",
    "goods_totals",
    "validate_outbound",
]


@dataclass
class GoodsRowForm:
    """One goods item of the general list as typed; numbers stay strings until validation."""

    description_zh: str = ""
    description_en: str = ""
    quantity: str = ""
    unit: str = "PCS"
    weight_kg: str = ""
    value_cny: str = ""
    origin_country: str = ""


@dataclass
class OutboundForm:
    """The whole outbound application as typed: basic information plus the goods list."""

    holder_id: str = ""
    # ISO 3166-1 alpha-2 codes, one per picker row; "" is a row not chosen yet.
    import_countries: list[str] = field(default_factory=lambda: [""])
    intended_use: str = ""
    intended_use_detail: str = ""
    exit_port: str = ""
    transport_mode: str = ""
    # As typed; the page uses <input type=date>, so normally YYYY-MM-DD.
    declaration_date: str = ""
    # Free text: names or codes separated by "，", ",", "、" or spaces.
    transit_countries: str = ""
    itinerary: str = ""
    issuing_office: str = ""
    collection_method: str = ""
    authorized_representatives_zh: str = DEFAULT_REPRESENTATIVES_ZH
    authorized_representatives_en: str = DEFAULT_REPRESENTATIVES_EN
    security_type: str = ""
    agreement_accepted: bool = False
    goods: list[GoodsRowForm] = field(default_factory=lambda: [GoodsRowForm()])

    def to_json(self) -> str:
        """Serialise the form for the ``form_json`` column, Chinese kept readable."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> OutboundForm:
        """Rebuild a form from ``to_json`` output, tolerating anything else.

        Unknown keys are ignored, missing or mistyped values take their defaults, and text that
        is not a JSON object gives the default form. This never raises, because a damaged draft
        must still open.
        """
        try:
            stored = json.loads(raw)
        except (TypeError, ValueError, RecursionError):
            logger.warning("outbound form_json is not valid JSON; opening a default form")
            return cls()
        if not isinstance(stored, dict):
            return cls()
        form = cls()
        for name in BASIC_FIELDS:
            setattr(form, name, _as_text(stored.get(name), getattr(form, name)))
        form.agreement_accepted = stored.get("agreement_accepted") is True
        countries = stored.get("import_countries")
        if isinstance(countries, list):
            form.import_countries = [_as_text(code, "") for code in countries] or [""]
        goods = stored.get("goods")
        if isinstance(goods, list):
            rows = [_goods_row_from_dict(row) for row in goods if isinstance(row, dict)]
            form.goods = rows or [GoodsRowForm()]
        return form


def _as_text(value: object, default: str) -> str:
    """Return a stored scalar as the string the form holds, or ``default`` for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return default
    if isinstance(value, int | float):
        return str(value)
    return default


def _goods_row_from_dict(stored: dict[object, object]) -> GoodsRowForm:
    """Build a goods row from a stored dict, defaulting what is missing or mistyped."""
    row = GoodsRowForm()
    for name in GOODS_FIELDS:
        setattr(row, name, _as_text(stored.get(name), getattr(row, name)))
    return row


@dataclass(frozen=True)
class ValidOutbound:
    """An outbound application that passed validation, with trimmed values and exact totals."""

    holder_id: int
    import_countries: tuple[str, ...]
    intended_use: str
    intended_use_detail: str
    exit_port: str
    transport_mode: str
    declaration_date: date
    transit_countries: tuple[str, ...]
    itinerary: str
    issuing_office: str
    collection_method: str
    authorized_representatives_zh: str
    authorized_representatives_en: str
    security_type: str
    goods: tuple[ValidGoodsItem, ...]
    total_pieces: int
    total_weight_kg: Decimal
    total_value_cny: Decimal


@dataclass(frozen=True)
class GoodsTotals:
    """Running totals of the goods list: pieces, weight in kg and value in CNY."""

    pieces: int
    weight_kg: Decimal
    value_cny: Decimal


def goods_totals(rows: list[GoodsRowForm]) -> GoodsTotals:
    """Add up the goods rows for the running totals shown while typing.

    A number that does not pass its validation rule counts as 0, so the totals equal those of
    ``validate_outbound`` once every row is valid.
    """
    pieces = sum(_lenient(parse_pieces, row.quantity, 0) for row in rows)
    weight = sum((_lenient(parse_weight, row.weight_kg, Decimal("0")) for row in rows), Decimal("0"))
    value = sum((_lenient(parse_value, row.value_cny, Decimal("0")) for row in rows), Decimal("0"))
    return GoodsTotals(pieces=pieces, weight_kg=weight, value_cny=value)


def _lenient(parse: Callable[[str], _Number], raw: str, zero: _Number) -> _Number:
    """Return the parsed number, or ``zero`` when it does not pass its rule."""
    try:
        return parse(raw)
    except DomainError:
        return zero


def validate_outbound(
    form: OutboundForm,
    *,
    today: date,
    holder_ids: Collection[int],
    port_codes: Collection[str],
    office_codes: Collection[str],
    holder_problems: Mapping[int, list[str]] | None = None,
) -> ValidOutbound:
    """Check a whole outbound application and return its validated values.

    Args:
        form: The form as typed.
        today: The date in China, for the declaration date rules.
        holder_ids: Ids of the holders the user may choose.
        port_codes: Active exit port codes.
        office_codes: Active issuing office codes.
        holder_problems: For each holder id, the particulars an outbound carnet needs but the
            holder lacks (English name or address); a non-empty list blocks that holder.

    Raises:
        ValidationFailed: With every problem at once, keyed by field name, ``agreement_accepted``,
            ``import_countries`` / ``import_countries.<i>``, ``goods`` or ``goods.<i>.<field>``
            (``i`` is the 0-based row index).
    """
    errors = ErrorCollector()

    holder_id = _validate_holder(errors, form.holder_id, holder_ids, holder_problems or {})
    import_codes = validate_import_countries(errors, form.import_countries)
    intended_use = errors.choice("intended_use", form.intended_use, INTENDED_USES, "outbound.intended_use_invalid")
    detail = errors.text("intended_use_detail", form.intended_use_detail, max_length=MAX_TEXT)
    exit_port = errors.choice("exit_port", form.exit_port, port_codes, "outbound.exit_port_invalid")
    mode_codes = [mode.code for mode in transport_modes()]
    transport_mode = errors.choice(
        "transport_mode", form.transport_mode.upper(), mode_codes, "outbound.transport_mode_invalid"
    )
    declaration_date = validate_declaration_date(errors, form.declaration_date, today=today)
    transit_codes = validate_transit_countries(errors, form.transit_countries)
    itinerary = validate_itinerary(errors, form.itinerary, import_codes)
    office = errors.choice("issuing_office", form.issuing_office, office_codes, "outbound.issuing_office_invalid")
    collection = errors.choice(
        "collection_method", form.collection_method, COLLECTION_METHODS, "outbound.collection_method_invalid"
    )
    representatives_zh = errors.text(
        "authorized_representatives_zh", form.authorized_representatives_zh, max_length=MAX_TEXT
    )
    representatives_en = errors.english_text(
        "authorized_representatives_en", form.authorized_representatives_en, max_length=MAX_TEXT
    )
    security = errors.choice("security_type", form.security_type, SECURITY_TYPES, "outbound.security_type_invalid")
    if not form.agreement_accepted:
        errors.add("agreement_accepted", "outbound.agreement_required")
    goods = _validate_goods(errors, form.goods)

    if errors:
        logger.info("outbound form invalid holder=%s fields=%s", form.holder_id, sorted(errors.errors))
        raise ValidationFailed(errors.errors)

    return ValidOutbound(
        holder_id=holder_id,
        import_countries=tuple(import_codes),
        intended_use=intended_use,
        intended_use_detail=detail,
        exit_port=exit_port,
        transport_mode=transport_mode,
        declaration_date=declaration_date,
        transit_countries=tuple(transit_codes),
        itinerary=itinerary,
        issuing_office=office,
        collection_method=collection,
        authorized_representatives_zh=representatives_zh,
        authorized_representatives_en=representatives_en,
        security_type=security,
        goods=tuple(goods),
        total_pieces=sum(item.quantity for item in goods),
        total_weight_kg=sum((item.weight_kg for item in goods), Decimal("0")),
        total_value_cny=sum((item.value_cny for item in goods), Decimal("0")),
    )


def _validate_holder(
    errors: ErrorCollector, raw: str, holder_ids: Collection[int], holder_problems: Mapping[int, list[str]]
) -> int:
    """Return the chosen holder's id, or record why it cannot be used (returns 0 then)."""
    text = raw.strip()
    if not text:
        errors.add("holder_id", "error.required")
        return 0
    if not text.isascii() or not text.isdigit() or int(text) not in holder_ids:
        errors.add("holder_id", "outbound.holder_unknown")
        return 0
    holder_id = int(text)
    missing = list(holder_problems.get(holder_id) or [])
    if missing:
        errors.add("holder_id", "outbound.holder_incomplete", missing=missing)
    return holder_id


def _validate_goods(errors: ErrorCollector, rows: list[GoodsRowForm]) -> list[ValidGoodsItem]:
    """Validate every goods row and number the items 1..n in row order."""
    if not rows:
        errors.add("goods", "outbound.goods_required")
        return []
    if len(rows) > MAX_GOODS_ROWS:
        errors.add("goods", "outbound.goods_too_many", max=MAX_GOODS_ROWS)
    items: list[ValidGoodsItem] = []
    for index, row in enumerate(rows):
        item = validate_goods_row(errors, index, row)
        if item is not None:
            items.append(item)
    return items
