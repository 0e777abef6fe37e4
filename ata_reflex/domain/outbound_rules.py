"""Field rules of the outbound carnet form: countries, itinerary, dates and goods rows.

Each ``validate_*`` function records its problems in an ``ErrorCollector`` and returns the
cleaned value (or a harmless placeholder when the value is invalid), so the form validator can
report every problem at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from ata_reflex.domain.decimal_input import parse_decimal, parse_quantity
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.reference import (
    CHINA_CODE,
    Country,
    country_by_code,
    country_by_name,
    goods_unit_by_code,
    import_countries,
    origin_countries,
)

if TYPE_CHECKING:
    from ata_reflex.domain.outbound import GoodsRowForm

MAX_TEXT = 500
MAX_QUANTITY = 1_000_000
# NOTE: guessed ceilings that keep totals inside the Numeric(14, 3) and Numeric(16, 2) columns
# of outbound_carnet; no customs or chamber limit is known.
MAX_WEIGHT_KG = Decimal("10000000")
MAX_VALUE_CNY = Decimal("10000000000")

_ITINERARY_SEPARATORS = re.compile(r"\s*[-—－–]+\s*")
_LIST_SEPARATORS = re.compile(r"[,、;]+")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")

# English descriptions that UK chambers and CCPIT reject when they are the whole description,
# because customs cannot match them to the goods. A word such as "kit" is fine with a real
# noun ("Tool kit"), so only descriptions made of these words and fillers alone are flagged,
# plus anything starting with "box of".
_VAGUE_WORDS = frozenset(
    {"various", "assorted", "accessories", "accessory", "kit", "kits", "misc", "miscellaneous", "sundries", "sundry"}
)
_FILLER_WORDS = frozenset({"items", "item", "goods", "stuff", "things", "of", "and", "etc", "other", "others"})

_Parsed = TypeVar("_Parsed")


@dataclass(frozen=True)
class ValidGoodsItem:
    """A goods item that passed validation; ``item_number`` runs 1..n in row order."""

    item_number: int
    description_zh: str
    description_en: str
    quantity: int
    unit: str
    weight_kg: Decimal
    value_cny: Decimal
    origin_country: str


class ErrorCollector:
    """Collector of the first error per field path while a form is validated."""

    def __init__(self) -> None:
        self.errors: dict[str, DomainError] = {}

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, path: str, code: str, **params: object) -> None:
        """Record an error at ``path`` unless that path already has one."""
        self.errors.setdefault(path, DomainError(code, field=path, params=params))

    def text(self, path: str, raw: str, *, max_length: int) -> str:
        """Return required text trimmed, recording ``error.required`` or ``error.too_long``."""
        value = raw.strip()
        if not value:
            self.add(path, "error.required")
        elif len(value) > max_length:
            self.add(path, "error.too_long", max=max_length)
        return value

    def english_text(self, path: str, raw: str, *, max_length: int) -> str:
        """Return required text that is printed on the carnet in English (printable ASCII only)."""
        value = self.text(path, raw, max_length=max_length)
        if value and not _PRINTABLE_ASCII.fullmatch(value):
            offending = "".join(dict.fromkeys(char for char in value if not " " <= char <= "~"))
            self.add(path, "outbound.not_ascii", chars=offending)
        return value

    def choice(self, path: str, raw: str, allowed: Collection[str], code: str) -> str:
        """Return the trimmed value when it is one of ``allowed``, else record ``code``."""
        value = raw.strip()
        if value not in allowed:
            self.add(path, code)
        return value


def validate_import_countries(errors: ErrorCollector, rows: list[str]) -> list[str]:
    """Return the chosen temporary-import country codes, upper case, in row order.

    Errors go to ``import_countries.<i>`` for a row (empty while others are chosen, China, not
    an ATA country) and to ``import_countries`` for the list (none chosen, a duplicate).
    """
    if not any(code.strip() for code in rows):
        errors.add("import_countries", "outbound.import_countries_required")
        return []
    allowed = {country.code for country in import_countries()}
    codes: list[str] = []
    for index, raw in enumerate(rows):
        path = f"import_countries.{index}"
        code = raw.strip().upper()
        if not code:
            errors.add(path, "outbound.import_country_row_empty")
        elif code == CHINA_CODE:
            errors.add(path, "outbound.import_country_china")
        elif code not in allowed:
            errors.add(path, "outbound.import_country_not_ata", name=_country_label(code))
        elif code in codes:
            errors.add("import_countries", "outbound.import_country_duplicate", name=_country_label(code))
        else:
            codes.append(code)
    return codes


def validate_declaration_date(errors: ErrorCollector, raw: str, *, today: date) -> date:
    """Return the declaration date, which must be YYYY-MM-DD, not before today, within a year."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        errors.add("declaration_date", "error.required")
        return today
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        errors.add("declaration_date", "error.invalid_date")
        return today
    try:
        value = date.fromisoformat(text)
    except ValueError:
        errors.add("declaration_date", "error.invalid_date")
        return today
    latest = _one_year_after(today)
    if value < today:
        errors.add("declaration_date", "outbound.declaration_date_past", today=today.isoformat())
    elif value > latest:
        errors.add("declaration_date", "outbound.declaration_date_too_far", max=latest.isoformat())
    return value


def _one_year_after(day: date) -> date:
    """Return the same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def validate_transit_countries(errors: ErrorCollector, raw: str) -> list[str]:
    """Return the transit country codes named in free text, in order, without repeats.

    Each name must be an ATA country other than China. A transit country may also be an
    import country: goods can enter a country for a fair and later cross it again in transit,
    and each passage uses its own vouchers. A country named twice is kept once, because the
    field lists countries, not passages.
    """
    allowed = {country.code for country in import_countries()}
    codes: list[str] = []
    for name, country in split_country_names(raw):
        if country is None:
            errors.add("transit_countries", "outbound.transit_unknown", name=name)
        elif country.code == CHINA_CODE:
            errors.add("transit_countries", "outbound.transit_china", name=name)
        elif country.code not in allowed:
            errors.add("transit_countries", "outbound.transit_not_ata", name=name)
        elif country.code not in codes:
            codes.append(country.code)
    return codes


def split_country_names(raw: str) -> Iterator[tuple[str, Country | None]]:
    """Yield each country name in a list typed as "德国，法国、Czech Republic Poland".

    Names are separated by "，", ",", "、", ";" or spaces. Because English names contain
    spaces, a space-separated run is matched longest first ("United Kingdom" before "United").
    An unrecognised run is yielded whole with None, so the error can name it.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    # English names with a comma ("Hong Kong, China") would be cut by the separator split.
    for country in origin_countries():
        if "," in country.name_en:
            text = re.sub(re.escape(country.name_en), f" {country.code} ", text, flags=re.IGNORECASE)
    for piece in _LIST_SEPARATORS.split(text):
        piece = piece.strip()
        if not piece:
            continue
        whole = country_by_name(piece)
        if whole is not None:
            yield piece, whole
        else:
            yield from _match_words(piece.split())


def _match_words(words: list[str]) -> Iterator[tuple[str, Country | None]]:
    """Yield the longest country names found in a run of words, and the unknown runs between."""
    unknown: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            country = country_by_name(" ".join(words[start:end]))
            if country is not None:
                if unknown:
                    yield " ".join(unknown), None
                    unknown = []
                yield " ".join(words[start:end]), country
                start = end
                break
        else:
            unknown.append(words[start])
            start += 1
    if unknown:
        yield " ".join(unknown), None


def validate_itinerary(errors: ErrorCollector, raw: str, import_codes: list[str]) -> str:
    """Return the trimmed itinerary "中国-A-B-…-中国" after checking its stops.

    Stops are separated by "-", "—", "－" or "–". The first and last must be China (中国, China
    or CN), every stop must be a known country, and every import country must appear. China
    may also appear in the middle, for two trips on one carnet.
    """
    value = errors.text("itinerary", raw, max_length=MAX_TEXT)
    if not value or "itinerary" in errors.errors:
        return value
    stops = _ITINERARY_SEPARATORS.split(value)
    if len(stops) < 3 or any(not stop for stop in stops):
        errors.add("itinerary", "outbound.itinerary_format")
        return value
    countries = [country_by_name(stop) for stop in stops]
    if not _is_china(countries[0]) or not _is_china(countries[-1]):
        errors.add("itinerary", "outbound.itinerary_format")
        return value
    for stop, country in zip(stops, countries, strict=True):
        if country is None:
            errors.add("itinerary", "outbound.itinerary_unknown_country", name=stop)
            return value
    named = {country.code for country in countries if country is not None}
    missing = [_country_label(code) for code in import_codes if code not in named]
    if missing:
        errors.add("itinerary", "outbound.itinerary_missing_countries", names="、".join(missing), codes=missing)
    return value


def _is_china(country: Country | None) -> bool:
    return country is not None and country.code == CHINA_CODE


def _country_label(code: str) -> str:
    """Return the Chinese name of a country code for messages, or the code if unknown."""
    country = country_by_code(code)
    return country.name_zh if country is not None else code


def is_vague_description(text: str) -> bool:
    """Return whether an English description is only vague words ("Various", "Box of …")."""
    folded = text.strip().casefold()
    if re.match(r"boxe?s? of\b", folded):
        return True
    words = re.findall(r"[a-z0-9]+", folded)
    return bool(words) and set(words) <= _VAGUE_WORDS | _FILLER_WORDS and bool(set(words) & _VAGUE_WORDS)


def parse_pieces(raw: str) -> int:
    """Parse the number of pieces of a goods item (raises ``DomainError``)."""
    return parse_quantity(raw, maximum=MAX_QUANTITY)


def parse_weight(raw: str) -> Decimal:
    """Parse a goods item's weight in kg, up to 3 decimal places (raises ``DomainError``)."""
    return parse_decimal(raw, max_places=3, maximum=MAX_WEIGHT_KG, places_code="goods.weight_too_precise")


def parse_value(raw: str) -> Decimal:
    """Parse a goods item's value in CNY to the fen, e.g. "9800" as 9800.00 (raises ``DomainError``)."""
    value = parse_decimal(raw, max_places=2, maximum=MAX_VALUE_CNY, places_code="goods.value_too_precise")
    return value.quantize(Decimal("0.01"))


def validate_goods_row(errors: ErrorCollector, index: int, row: GoodsRowForm) -> ValidGoodsItem | None:
    """Check the goods row at 0-based ``index``; return it as item ``index + 1``, or None on error.

    Errors go to ``goods.<index>.<field>``.
    """
    prefix = f"goods.{index}"
    before = len(errors.errors)
    description_zh = errors.text(f"{prefix}.description_zh", row.description_zh, max_length=MAX_TEXT)
    description_en = errors.english_text(f"{prefix}.description_en", row.description_en, max_length=MAX_TEXT)
    if description_en and is_vague_description(description_en):
        errors.add(f"{prefix}.description_en", "goods.description_en_vague", text=description_en)
    quantity = _parse_into(errors, f"{prefix}.quantity", parse_pieces, row.quantity)
    unit = goods_unit_by_code(row.unit)
    if unit is None:
        errors.add(f"{prefix}.unit", "goods.unit_invalid")
    weight = _parse_into(errors, f"{prefix}.weight_kg", parse_weight, row.weight_kg)
    value = _parse_into(errors, f"{prefix}.value_cny", parse_value, row.value_cny)
    origin = country_by_code(row.origin_country) if row.origin_country.strip() else None
    if not row.origin_country.strip():
        errors.add(f"{prefix}.origin_country", "error.required")
    elif origin is None:
        errors.add(f"{prefix}.origin_country", "goods.origin_country_invalid")
    if len(errors.errors) > before:
        return None
    if quantity is None or unit is None or weight is None or value is None or origin is None:
        return None
    return ValidGoodsItem(
        item_number=index + 1,
        description_zh=description_zh,
        description_en=description_en,
        quantity=quantity,
        unit=unit.code,
        weight_kg=weight,
        value_cny=value,
        origin_country=origin.code,
    )


def _parse_into(errors: ErrorCollector, path: str, parse: Callable[[str], _Parsed], raw: str) -> _Parsed | None:
    """Run a number parser and record its ``DomainError`` at ``path``; returns None on error."""
    try:
        return parse(raw)
    except DomainError as error:
        errors.add(path, error.code, **error.params)
        return None
