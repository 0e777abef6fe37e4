"""Parse amounts typed into the goods list: piece counts, weights and values.

Only plain digits with an optional decimal point are accepted. Full-width digits from a Chinese
input method are folded to ASCII first. Thousands separators are rejected with their own
message rather than guessed, because "1,234" reads as 1.234 in much of Europe and a carnet
value must not depend on the reader.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ata_reflex.domain.errors import DomainError

_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")
_INTEGER = re.compile(r"-?\d+")


def _fold(raw: str) -> str:
    """Return the text trimmed, with full-width digits and points folded to ASCII."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def parse_decimal(raw: str, *, max_places: int, maximum: Decimal, places_code: str) -> Decimal:
    """Parse a positive decimal amount such as "1.3" or "9800.00".

    Args:
        raw: The text as typed.
        max_places: How many digits may follow the decimal point once trailing zeros are
            dropped, so "1.300" passes with ``max_places=1``.
        maximum: The largest value accepted.
        places_code: The catalogue code raised when there are too many decimal places.

    Raises:
        DomainError: ``error.required`` (empty), ``goods.number_has_comma``,
            ``error.invalid_number``, ``error.must_be_positive`` (zero or negative),
            ``places_code``, or ``goods.number_too_large`` with ``params={"max": ...}``.
    """
    text = _fold(raw)
    if not text:
        raise DomainError("error.required")
    if "," in text:
        raise DomainError("goods.number_has_comma")
    if not _DECIMAL.fullmatch(text):
        raise DomainError("error.invalid_number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("error.invalid_number") from None
    if value <= 0:
        raise DomainError("error.must_be_positive")
    if value != value.quantize(Decimal(1).scaleb(-max_places)):
        raise DomainError(places_code, params={"max_places": max_places})
    if value > maximum:
        raise DomainError("goods.number_too_large", params={"max": f"{maximum:f}"})
    return value


def parse_quantity(raw: str, *, maximum: int) -> int:
    """Parse a positive whole number of pieces such as "3".

    Raises:
        DomainError: ``error.required`` (empty), ``goods.number_has_comma``,
            ``goods.quantity_not_integer`` (e.g. "1.5" or "1.0"), ``error.invalid_number``,
            ``error.must_be_positive``, or ``goods.quantity_too_large`` with
            ``params={"max": maximum}``.
    """
    text = _fold(raw)
    if not text:
        raise DomainError("error.required")
    if "," in text:
        raise DomainError("goods.number_has_comma")
    if not _INTEGER.fullmatch(text):
        code = "goods.quantity_not_integer" if _DECIMAL.fullmatch(text) else "error.invalid_number"
        raise DomainError(code)
    value = int(text)
    if value <= 0:
        raise DomainError("error.must_be_positive")
    if value > maximum:
        raise DomainError("goods.quantity_too_large", params={"max": maximum})
    return value
