"""Field rules of the inbound carnet form: carnet number, item numbers, money per currency, taxpayer id.

Like the outbound rules, each ``validate_*`` function records its problems in an
``ErrorCollector`` and returns the cleaned value, so the form validator reports every problem at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ata_reflex.domain.contact import credit_code_problem, normalise_credit_code
from ata_reflex.domain.decimal_input import parse_decimal
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.outbound_rules import ErrorCollector

CARNET_NUMBER_MAX = 20
# No public source fixes the format. Carnets carry the issuing country's alpha-2 prefix and then
# the chamber's serial, written with letters, digits, "/", "-" or spaces.
_CARNET_NUMBER = re.compile(r"[A-Z]{2}[A-Z0-9/\- ]*[0-9][A-Z0-9/\- ]*")
# NOTE: guessed ceiling; the general list of a carnet rarely passes a few hundred items.
MAX_ITEM_NUMBER = 9999
_ITEM_RANGE = re.compile(r"(\d+)\s*(?:[-~—–－至到]\s*(\d+))?")
TAXPAYER_ID_MIN = 15
TAXPAYER_ID_MAX = 20
_TAXPAYER_ID = re.compile(r"[0-9A-Z]+")
# NOTE: guessed ceiling that keeps a line inside the Numeric(16, 2) column.
MAX_LINE_VALUE = Decimal("10000000000")


@dataclass(frozen=True)
class ItemRange:
    """Item numbers of one goods row of the general list: a single number has ``first == last``."""

    first: int
    last: int

    def overlaps(self, other: ItemRange) -> bool:
        """Return whether the two ranges share at least one item number."""
        return self.first <= other.last and other.first <= self.last

    def label(self) -> str:
        """Return the range as written on the list: "7" or "1-10"."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def parse_item_range(raw: str) -> ItemRange:
    """Parse an item number "7" or a range "1-10" (also "1～10", "1至10", full-width digits).

    Raises:
        DomainError: ``error.required``, ``inbound.item_number_format`` for anything else,
            ``inbound.item_number_order`` when the range runs backwards, ``inbound.item_number_zero``
            for 0 and ``inbound.item_number_too_large`` above ``MAX_ITEM_NUMBER``.
    """
    text = unicodedata.normalize("NFKC", raw).strip().replace("~", "-")
    if not text:
        raise DomainError("error.required")
    match = _ITEM_RANGE.fullmatch(text)
    if match is None:
        raise DomainError("inbound.item_number_format")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    if first == 0 or last == 0:
        raise DomainError("inbound.item_number_zero")
    if last > MAX_ITEM_NUMBER or first > MAX_ITEM_NUMBER:
        raise DomainError("inbound.item_number_too_large", params={"max": MAX_ITEM_NUMBER})
    if last < first:
        raise DomainError("inbound.item_number_order")
    return ItemRange(first, last)


def find_overlaps(ranges: Iterable[ItemRange | None]) -> dict[int, tuple[int, ItemRange]]:
    """Return, for each row whose item numbers repeat an earlier row's, that earlier row and its range.

    Rows are 0-based; a row given as None (invalid item number) takes part in nothing.
    """
    seen: list[tuple[int, ItemRange]] = []
    clashes: dict[int, tuple[int, ItemRange]] = {}
    for index, current in enumerate(ranges):
        if current is None:
            continue
        earlier = next(((row, other) for row, other in seen if other.overlaps(current)), None)
        if earlier is not None:
            clashes[index] = earlier
        seen.append((index, current))
    return clashes


def parse_line_value(raw: str) -> Decimal:
    """Parse a goods line's declared total value, to two decimal places (raises ``DomainError``)."""
    value = parse_decimal(raw, max_places=2, maximum=MAX_LINE_VALUE, places_code="goods.value_too_precise")
    return value.quantize(Decimal("0.01"))


def totals_by_currency(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Add up (currency, amount) pairs per currency, in the order the currencies first appear.

    Amounts in different currencies are never added together, because no exchange rate is
    part of a carnet.
    """
    totals: dict[str, Decimal] = {}
    for currency, amount in lines:
        totals[currency] = totals.get(currency, Decimal("0")) + amount
    return totals


def normalise_carnet_number(raw: str) -> str:
    """Return a carnet number in its stored form: NFKC, single spaces, upper case."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw)).strip().upper()


def validate_carnet_number(errors: ErrorCollector, raw: str) -> str:
    """Return the normalised carnet number after a loose format check.

    The check asks for a two-letter country prefix, at least one digit, and only letters, digits,
    "/", "-" and spaces, at most 20 characters.
    """
    value = normalise_carnet_number(raw)
    if not value:
        errors.add("carnet_number", "error.required")
    elif len(value) > CARNET_NUMBER_MAX:
        errors.add("carnet_number", "error.too_long", max=CARNET_NUMBER_MAX)
    elif not _CARNET_NUMBER.fullmatch(value):
        errors.add("carnet_number", "inbound.carnet_number_format")
    return value


def validate_valid_until(errors: ErrorCollector, raw: str, *, today: date) -> date:
    """Return the carnet's expiry date; an expired carnet (before today) cannot be registered.

    A carnet is valid for at most one year from issue (Istanbul Convention, Annex A, article 5),
    so a date more than a year ahead is a typing mistake.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        errors.add("valid_until", "error.required")
        return today
    try:
        value = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        value = None
    if value is None:
        errors.add("valid_until", "error.invalid_date")
        return today
    if value < today:
        errors.add("valid_until", "inbound.carnet_expired", date=value.isoformat())
    elif value > _one_year_after(today):
        errors.add("valid_until", "inbound.valid_until_too_far", max=_one_year_after(today).isoformat())
    return value


def _one_year_after(day: date) -> date:
    """Return the same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def normalise_taxpayer_id(raw: str) -> str:
    """Return a taxpayer id without spaces, in upper case."""
    return normalise_credit_code(raw)


def taxpayer_id_problem(value: str) -> DomainError | None:
    """Check a normalised taxpayer id (纳税人识别号); return the problem or None.

    Ids have 15 to 20 letters and digits. An 18-character id is a unified social credit code,
    whose check character (GB 32100-2015) is verified.
    """
    if not TAXPAYER_ID_MIN <= len(value) <= TAXPAYER_ID_MAX or not _TAXPAYER_ID.fullmatch(value):
        return DomainError("inbound.taxpayer_id_format", params={"min": TAXPAYER_ID_MIN, "max": TAXPAYER_ID_MAX})
    if len(value) == 18:
        code = credit_code_problem(value)
        if code is not None:
            return DomainError("inbound.taxpayer_id_check")
    return None
