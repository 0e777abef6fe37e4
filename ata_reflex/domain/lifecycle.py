"""Rules of an issued carnet's life: numbers, validity, security, renewal, reminders, discharge errors."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ata_reflex.domain.errors import DomainError

logger = logging.getLogger(__name__)

# Carnet number printed in box G(a). No official format is public. Chambers print the issuing
# country's ISO alpha-2 prefix and their own serial, so the check is loose: two capital letters,
# then capital letters, digits, "/", "-" or spaces, 20 characters at most.
CARNET_NUMBER_PATTERN = re.compile(r"^[A-Z]{2}[A-Z0-9/\- ]{1,18}$")
CARNET_NUMBER_PREFIX = "CN"
MAX_OFFICE_PART = 8
SERIAL_DIGITS = 4

# Renewal must reach the chamber early: US providers ask for the request 21 days before expiry.
RENEWAL_WARNING_DAYS = 21

# NOTE: CCPIT's rate table (担保费率表) is not public. This default is a placeholder that staff
# overwrite with the security actually lodged; set ATA_GUARANTEE_RATE to change it.
DEFAULT_GUARANTEE_RATE = Decimal("0.40")

# Security forms accepted by CCPIT (担保形式); the same codes as the application's security type.
SECURITY_TYPES = ("cash_deposit", "bank_guarantee", "insurance_guarantee", "written_undertaking")

# The common reasons chambers return a discharge (核销), as listed by CCPIT agents.
DISCHARGE_ERRORS = (
    "missing_reexport_endorsement",
    "counterfoil_incomplete",
    "item_numbers_mismatch",
    "date_format",
    "unstamped_amendment",
    "lost_counterfoil",
    "late_reexport",
    "lost_carnet",
    "incomplete_status_proof",
    "replacement_not_linked",
)

REMINDER_EXPIRY_30 = "expiry_30"
REMINDER_EXPIRY_7 = "expiry_7"
REMINDER_EXPIRED = "expired"
REMINDER_KINDS = (REMINDER_EXPIRY_30, REMINDER_EXPIRY_7, REMINDER_EXPIRED)


def normalise_carnet_number(raw: str) -> str:
    """Return a typed carnet number in upper case with runs of spaces collapsed.

    Raises:
        DomainError: ``lifecycle.number_invalid`` (field ``carnet_number``) when it breaks the pattern.
    """
    number = " ".join(raw.strip().upper().split())
    if not CARNET_NUMBER_PATTERN.fullmatch(number):
        raise DomainError("lifecycle.number_invalid", field="carnet_number")
    return number


def office_part(office_code: str) -> str:
    """Return the issuing office code's letters and digits as they appear in a carnet number."""
    return re.sub(r"[^A-Z0-9]", "", office_code.upper())[:MAX_OFFICE_PART]


def format_carnet_number(office_code: str, year: int, serial: int) -> str:
    """Return the carnet number CN + office + year + zero-padded serial, such as CNCCOICSH20260001."""
    return f"{CARNET_NUMBER_PREFIX}{office_part(office_code)}{year}{serial:0{SERIAL_DIGITS}d}"


def serial_of(number: str, office_code: str, year: int) -> int | None:
    """Return the serial of a number in the standard form for this office and year, else None."""
    prefix = f"{CARNET_NUMBER_PREFIX}{office_part(office_code)}{year}"
    tail = number[len(prefix):]
    if number.startswith(prefix) and tail.isdigit():
        return int(tail)
    return None


def max_valid_until(issue_date: date) -> date:
    """Return the last day a carnet issued on ``issue_date`` may be valid: one year less one day.

    A carnet issued on 29 February is valid until 28 February of the next year.
    """
    try:
        anniversary = issue_date.replace(year=issue_date.year + 1)
    except ValueError:
        anniversary = date(issue_date.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


def check_valid_until(issue_date: date, valid_until: date) -> date:
    """Return ``valid_until`` when it lies between the issue date and the one-year maximum.

    Raises:
        DomainError: ``lifecycle.validity_too_long`` or ``lifecycle.validity_before_issue``
            (field ``valid_until``).
    """
    if valid_until > max_valid_until(issue_date):
        raise DomainError("lifecycle.validity_too_long", field="valid_until",
                          params={"max": max_valid_until(issue_date).isoformat()})
    if valid_until < issue_date:
        raise DomainError("lifecycle.validity_before_issue", field="valid_until")
    return valid_until


def days_left(valid_until: date | None, today: date) -> int | None:
    """Return the days from today to the last valid day (0 on that day, negative once expired)."""
    return None if valid_until is None else (valid_until - today).days


def needs_renewal_warning(valid_until: date | None, today: date) -> bool:
    """Return whether fewer than 21 days remain, too late for many countries to accept a renewal."""
    remaining = days_left(valid_until, today)
    return remaining is not None and remaining < RENEWAL_WARNING_DAYS


def estimate_security(
    total_value_cny: Decimal,
    country_codes: Iterable[str],
    rates: Mapping[str, Decimal],
    default_rate: Decimal = DEFAULT_GUARANTEE_RATE,
) -> Decimal:
    """Return the estimated security: the goods value times the highest rate of the countries visited.

    With several countries (transit included) the highest rate applies; a country without its own
    rate uses ``default_rate``. Rounded to the fen.
    """
    codes = list(country_codes)
    rate = max((rates.get(code, default_rate) for code in codes), default=default_rate)
    return (total_value_cny * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_amount(raw: str, field: str) -> Decimal:
    """Return a positive money amount typed with or without thousands separators.

    Raises:
        DomainError: ``lifecycle.amount_invalid`` on ``field``.
    """
    try:
        amount = Decimal(raw.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise DomainError("lifecycle.amount_invalid", field=field) from None
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:
        raise DomainError("lifecycle.amount_invalid", field=field)
    return amount


def check_renewal_goods(original_count: int, renewal_count: int) -> None:
    """Refuse a renewal whose general list has more items than the original's.

    No item may be added to a general list after issue, so a replacement carnet may drop or
    correct items but never gain one.

    Raises:
        DomainError: ``renewal.goods_added`` (field ``goods``).
    """
    if renewal_count > original_count:
        raise DomainError("renewal.goods_added", field="goods", params={"max": original_count})


def due_reminder(valid_until: date, today: date, sent: Iterable[str]) -> str | None:
    """Return the reminder to send now for an issued, undischarged carnet, or None.

    Only the most urgent kind is due: a carnet first seen 5 days before expiry gets the 7-day
    reminder, not both. Each kind is sent once.
    """
    remaining = (valid_until - today).days
    if remaining < 0:
        kind = REMINDER_EXPIRED
    elif remaining <= 7:
        kind = REMINDER_EXPIRY_7
    elif remaining <= 30:
        kind = REMINDER_EXPIRY_30
    else:
        return None
    return None if kind in set(sent) else kind
