"""Tests of the issued-carnet rules: numbers, validity, security estimate, renewal, reminders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ata_reflex.catalogue import TEXTS
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain import lifecycle as rules


@pytest.mark.parametrize(
    ("issued", "last_day"),
    [
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 27)),
        (date(2027, 3, 1), date(2028, 2, 29)),
        (date(2026, 12, 4), date(2027, 12, 3)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_max_valid_until_cases(issued, last_day):
    """One year less one day, with 29 February handled."""
    assert rules.max_valid_until(issued) == last_day


def test_check_valid_until_too_long():
    """A day past the maximum is refused."""
    with pytest.raises(DomainError) as caught:
        rules.check_valid_until(date(2028, 2, 29), date(2029, 3, 1))
    assert caught.value.code == "lifecycle.validity_too_long"


def test_check_valid_until_leap_maximum():
    """28 February is accepted for an issue on 29 February."""
    assert rules.check_valid_until(date(2028, 2, 29), date(2029, 2, 28)) == date(2029, 2, 28)


def test_check_valid_until_shorter_accepted():
    """A shorter validity is allowed."""
    assert rules.check_valid_until(date(2026, 1, 1), date(2026, 6, 30)) == date(2026, 6, 30)


def test_check_valid_until_before_issue():
    """A validity ending before the issue date is refused."""
    with pytest.raises(DomainError) as caught:
        rules.check_valid_until(date(2026, 5, 1), date(2026, 4, 30))
    assert caught.value.code == "lifecycle.validity_before_issue"


def test_format_carnet_number_standard():
    """CN, office letters, year and a four-digit serial."""
    assert rules.format_carnet_number("CCOIC-SH", 2026, 7) == "CNCCOICSH20260007"


def test_serial_of_standard_number():
    """The serial is read back from a standard number."""
    assert rules.serial_of("CNCCOICSH20260042", "CCOIC-SH", 2026) == 42


def test_serial_of_other_year():
    """A number of another year has no serial for this one."""
    assert rules.serial_of("CNCCOICSH20250042", "CCOIC-SH", 2026) is None


@pytest.mark.parametrize("raw", ["cn ccoic  sh 1", "CN/2026-01", "CNCCOICSH20260001"])
def test_normalise_carnet_number_accepts(raw):
    """Loose pattern: two letters, then letters, digits, / - and spaces."""
    assert rules.CARNET_NUMBER_PATTERN.fullmatch(rules.normalise_carnet_number(raw))


@pytest.mark.parametrize("raw", ["", "1N2026", "CN", "CN#2026", "CN" + "1" * 19])
def test_normalise_carnet_number_rejects(raw):
    """Malformed or too long numbers are refused."""
    with pytest.raises(DomainError) as caught:
        rules.normalise_carnet_number(raw)
    assert caught.value.code == "lifecycle.number_invalid"


def test_estimate_security_highest_rate():
    """The highest rate of the countries visited applies."""
    rates = {"DE": Decimal("0.30"), "CH": Decimal("0.55")}
    assert rules.estimate_security(Decimal("10000"), ["DE", "CH"], rates) == Decimal("5500.00")


def test_estimate_security_default_rate():
    """A country without its own rate uses the default."""
    assert rules.estimate_security(Decimal("1000.50"), ["FR"], {}, Decimal("0.40")) == Decimal("400.20")


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.234", "NaN"])
def test_parse_amount_rejects(raw):
    """Zero, negative, non-numeric and sub-fen amounts are refused."""
    with pytest.raises(DomainError) as caught:
        rules.parse_amount(raw, "security_amount")
    assert caught.value.code == "lifecycle.amount_invalid"


def test_parse_amount_separators():
    """Thousands separators are accepted."""
    assert rules.parse_amount("13,159.60", "x") == Decimal("13159.60")


def test_check_renewal_goods_more_items():
    """A renewal may not gain items."""
    with pytest.raises(DomainError) as caught:
        rules.check_renewal_goods(5, 6)
    assert caught.value.code == "renewal.goods_added"


def test_check_renewal_goods_fewer_items():
    """A renewal may drop items."""
    assert rules.check_renewal_goods(5, 4) is None


@pytest.mark.parametrize(("remaining", "warned"), [(21, False), (20, True), (0, True)])
def test_needs_renewal_warning(remaining, warned):
    """Under 21 days left shows the warning."""
    today = date(2026, 12, 4)
    assert rules.needs_renewal_warning(date.fromordinal(today.toordinal() + remaining), today) is warned


VALID_UNTIL = date(2027, 3, 31)


@pytest.mark.parametrize(
    ("today", "sent", "due"),
    [
        (date(2027, 2, 28), [], None),
        (date(2027, 3, 1), [], "expiry_30"),
        (date(2027, 3, 10), ["expiry_30"], None),
        (date(2027, 3, 24), ["expiry_30"], "expiry_7"),
        (date(2027, 3, 26), [], "expiry_7"),
        (date(2027, 3, 31), ["expiry_30", "expiry_7"], None),
        (date(2027, 4, 1), ["expiry_30", "expiry_7"], "expired"),
        (date(2027, 5, 1), ["expired"], None),
    ],
)
def test_due_reminder_cases(today, sent, due):
    """30 days, 7 days, expired; each once, the most urgent first."""
    assert rules.due_reminder(VALID_UNTIL, today, sent) == due


@pytest.mark.parametrize("code", rules.DISCHARGE_ERRORS)
def test_discharge_error_labels(code):
    """Every common discharge error has a Chinese label."""
    assert f"discharge_error.{code}" in TEXTS
