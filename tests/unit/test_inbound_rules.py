"""Rules of the inbound carnet form: item ranges, currencies, invoice conditions, taxpayer id, expiry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.inbound import (
    REQUIRED_SCAN_KINDS,
    InboundForm,
    InboundGoodsRowForm,
    running_totals,
    validate_inbound,
)
from ata_reflex.domain.inbound_rules import (
    ItemRange,
    find_overlaps,
    parse_item_range,
    taxpayer_id_problem,
    totals_by_currency,
)

TODAY = date(2026, 3, 2)
PORTS = {"2233"}
OFFICES = {"CCPIT-BJ"}
VALID_CREDIT_CODE = "91350100M000100Y43"


def goods_row(item: str = "1", currency: str = "USD", value: str = "1000") -> InboundGoodsRowForm:
    return InboundGoodsRowForm(item_number=item, description_zh="笔记本电脑", description_en="Laptop Dell XPS 13 SN123",
                               quantity="1", unit="001", weight_kg="1.2", currency=currency, total_value=value,
                               origin_country="US")


def complete_form(**changes: object) -> InboundForm:
    form = InboundForm(
        holder_name="Messe GmbH", holder_address="Messegelände, 30521 Hannover", carnet_number="de/1234567",
        authorized_representative="", guaranteeing_association="DIHK", intended_use="exhibition",
        intended_use_detail="2026 上海国际工业博览会", registration_office="CCPIT-BJ", valid_until="2026-12-31",
        entry_voucher_number="ABC123456", entry_port="2233", carry_mode="unaccompanied", transport_mode="5",
        package_count="3", gross_weight_kg="45.5", agent_name="上海报关行", agent_contact="王明",
        agent_phone="13800138000", agent_email="agent@example.com", invoice_required="no",
        payment_method="bank_transfer", goods=[goods_row("1-10"), goods_row("11", "EUR", "500")],
    )
    for name, value in changes.items():
        setattr(form, name, value)
    return form


def validate(form: InboundForm, scans=REQUIRED_SCAN_KINDS):
    return validate_inbound(form, today=TODAY, port_codes=PORTS, office_codes=OFFICES, scan_kinds=set(scans))


def errors_of(form: InboundForm, scans=REQUIRED_SCAN_KINDS) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failure:
        validate(form, scans)
    return {path: error.code for path, error in failure.value.errors.items()}


@pytest.mark.parametrize(("raw", "first", "last"), [
    ("7", 7, 7), ("1-10", 1, 10), (" 3 - 5 ", 3, 5), ("１－１０", 1, 10), ("2~4", 2, 4), ("4至6", 4, 6),
])
def test_item_range_parsed(raw, first, last):
    assert parse_item_range(raw) == ItemRange(first, last)


@pytest.mark.parametrize(("raw", "code"), [
    ("", "error.required"), ("a", "inbound.item_number_format"), ("1-", "inbound.item_number_format"),
    ("10-1", "inbound.item_number_order"), ("0", "inbound.item_number_zero"),
    ("10000", "inbound.item_number_too_large"), ("1,2", "inbound.item_number_format"),
])
def test_item_range_rejected(raw, code):
    with pytest.raises(DomainError) as error:
        parse_item_range(raw)
    assert error.value.code == code


def test_overlap_names_earlier_row():
    clashes = find_overlaps([ItemRange(1, 10), ItemRange(11, 11), ItemRange(10, 12)])
    assert clashes == {2: (0, ItemRange(1, 10))}


def test_adjacent_ranges_do_not_overlap():
    assert find_overlaps([ItemRange(1, 10), ItemRange(11, 20), None]) == {}


def test_overlap_reported_at_row():
    form = complete_form(goods=[goods_row("1-10"), goods_row("5")])
    assert errors_of(form) == {"goods.1.item_number": "inbound.item_number_overlap"}


def test_totals_kept_per_currency():
    totals = totals_by_currency([("USD", Decimal("10")), ("EUR", Decimal("5")), ("USD", Decimal("2.5"))])
    assert totals == {"USD": Decimal("12.5"), "EUR": Decimal("5")}


def test_running_totals_skip_invalid_rows():
    rows = [goods_row(value="1000"), goods_row(currency="EUR", value="20.5"), goods_row(currency="", value="7"),
            goods_row(value="abc")]
    assert [(total.currency, total.amount) for total in running_totals(rows)] == [
        ("USD", Decimal("1000.00")), ("EUR", Decimal("20.50"))]


def test_valid_form_totals_two_currencies():
    valid = validate(complete_form())
    assert valid.totals_by_currency == {"USD": Decimal("1000.00"), "EUR": Decimal("500.00")}


def test_valid_form_normalises_carnet_number():
    assert validate(complete_form()).values["carnet_number"] == "DE/1234567"


def test_valid_form_keeps_ranges():
    assert (validate(complete_form()).goods[0].item_from, validate(complete_form()).goods[0].item_to) == (1, 10)


def test_missing_scans_reported():
    assert errors_of(complete_form(), scans={"green_cover"}) == {
        "scans.yellow_counterfoil": "inbound.scan_required",
        "scans.entry_counterfoil": "inbound.scan_required",
        "scans.entry_voucher": "inbound.scan_required",
    }


def test_expired_carnet_rejected():
    assert errors_of(complete_form(valid_until="2026-03-01")) == {"valid_until": "inbound.carnet_expired"}


def test_carnet_valid_today_accepted():
    assert validate(complete_form(valid_until="2026-03-02")).values["valid_until"] == TODAY


def test_carnet_number_format_checked():
    assert errors_of(complete_form(carnet_number="1234567")) == {"carnet_number": "inbound.carnet_number_format"}


def test_invoice_fields_ignored_without_invoice():
    valid = validate(complete_form(invoice_required="no", taxpayer_id="bad", invoice_type="x"))
    assert valid.values["taxpayer_id"] == ""


def test_invoice_answer_required():
    assert errors_of(complete_form(invoice_required="")) == {"invoice_required": "inbound.invoice_required_missing"}


def test_ordinary_invoice_needs_title_and_taxpayer():
    errors = errors_of(complete_form(invoice_required="yes", invoice_type="vat_ordinary", invoice_delivery="pickup"))
    assert errors == {"invoice_title": "error.required", "taxpayer_id": "error.required"}


def test_special_invoice_needs_bank_fields():
    form = complete_form(invoice_required="yes", invoice_type="vat_special", invoice_title="上海报关行",
                         taxpayer_id=VALID_CREDIT_CODE, invoice_delivery="electronic")
    assert set(errors_of(form)) == {"invoice_address", "invoice_phone", "bank_name", "bank_account"}


def test_mailed_invoice_needs_recipient():
    form = complete_form(invoice_required="yes", invoice_type="vat_ordinary", invoice_title="上海报关行",
                         taxpayer_id=VALID_CREDIT_CODE, invoice_delivery="mail")
    assert set(errors_of(form)) == {"recipient_name", "recipient_phone", "mailing_address"}


def test_complete_special_invoice_accepted():
    form = complete_form(invoice_required="yes", invoice_type="vat_special", invoice_title="上海报关行",
                         taxpayer_id=VALID_CREDIT_CODE.lower(), invoice_address="上海市浦东新区1号",
                         invoice_phone="021-12345678", bank_name="中国银行上海分行", bank_account="1234567890",
                         invoice_delivery="mail", recipient_name="王明", recipient_phone="13800138000",
                         mailing_address="上海市浦东新区1号")
    assert validate(form).values["taxpayer_id"] == VALID_CREDIT_CODE


@pytest.mark.parametrize(("value", "code"), [
    ("12345678901234", "inbound.taxpayer_id_format"),
    ("123456789012345678901", "inbound.taxpayer_id_format"),
    ("1234567890ABC-E", "inbound.taxpayer_id_format"),
    ("91350100M000100Y44", "inbound.taxpayer_id_check"),
])
def test_taxpayer_id_rejected(value, code):
    assert taxpayer_id_problem(value).code == code


@pytest.mark.parametrize("value", ["123456789012345", VALID_CREDIT_CODE, "12345678901234567890"])
def test_taxpayer_id_accepted(value):
    assert taxpayer_id_problem(value) is None


def test_agent_contact_checked():
    errors = errors_of(complete_form(agent_phone="12", agent_email="not-mail"))
    assert errors == {"agent_phone": "error.invalid_phone", "agent_email": "error.invalid_email"}


def test_goods_row_currency_checked():
    form = complete_form(goods=[goods_row(currency="XXX")])
    assert errors_of(form) == {"goods.0.currency": "inbound.currency_invalid"}


def test_form_json_round_trip():
    form = complete_form()
    assert InboundForm.from_json(form.to_json()) == form


def test_damaged_json_gives_default_form():
    assert InboundForm.from_json("[1, 2]") == InboundForm()
