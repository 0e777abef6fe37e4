"""Tests of the outbound carnet form: validation rules, totals and the JSON draft form."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from ata_reflex.catalogue import TEXTS, error_text
from ata_reflex.domain.decimal_input import parse_decimal, parse_quantity
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.outbound import (
    BASIC_FIELDS,
    COLLECTION_METHODS,
    DEFAULT_REPRESENTATIVES_EN,
    DEFAULT_REPRESENTATIVES_ZH,
    GOODS_FIELDS,
    INTENDED_USES,
    SECURITY_TYPES,
    GoodsRowForm,
    OutboundForm,
    ValidOutbound,
    goods_totals,
    validate_outbound,
)
from ata_reflex.domain.outbound_rules import is_vague_description, split_country_names
from tests.factories import fixture_goods

TODAY = date(2025, 3, 10)
HOLDER_IDS = {7, 8}
PORTS = {"2233", "4200"}
OFFICES = {"BJ", "SH"}


def _goods_row(**overrides: str) -> GoodsRowForm:
    values = {
        "description_zh": "笔记本电脑 联想 ThinkPad X1 序列号PF3ABC12",
        "description_en": "Laptop Lenovo ThinkPad X1 S/N PF3ABC12",
        "quantity": "1",
        "unit": "PCS",
        "weight_kg": "1.3",
        "value_cny": "9800",
        "origin_country": "CN",
    }
    values.update(overrides)
    return GoodsRowForm(**values)


def _form(**overrides: object) -> OutboundForm:
    values: dict[str, object] = {
        "holder_id": "7",
        "import_countries": ["DE", "FR"],
        "intended_use": "exhibition",
        "intended_use_detail": "2025 汉诺威工业博览会参展样品",
        "exit_port": "2233",
        "transport_mode": "5",
        "declaration_date": "2025-03-20",
        "transit_countries": "",
        "itinerary": "中国-德国-法国-中国",
        "issuing_office": "BJ",
        "collection_method": "pickup",
        "security_type": "bank_guarantee",
        "agreement_accepted": True,
        "goods": [_goods_row()],
    }
    values.update(overrides)
    return OutboundForm(**values)


def _validate(form: OutboundForm, **kwargs: object) -> ValidOutbound:
    options: dict[str, object] = {
        "today": TODAY,
        "holder_ids": HOLDER_IDS,
        "port_codes": PORTS,
        "office_codes": OFFICES,
    }
    options.update(kwargs)
    return validate_outbound(form, **options)


def _errors(form: OutboundForm, **kwargs: object) -> dict[str, DomainError]:
    with pytest.raises(ValidationFailed) as caught:
        _validate(form, **kwargs)
    return caught.value.errors


def _codes(form: OutboundForm, **kwargs: object) -> dict[str, str]:
    return {path: error.code for path, error in _errors(form, **kwargs).items()}


# --- a valid form ---


def test_valid_form_passes():
    """The baseline form validates."""
    assert isinstance(_validate(_form()), ValidOutbound)


def test_valid_form_values_trimmed():
    """Text is trimmed and codes are upper-cased."""
    valid = _validate(
        _form(
            holder_id=" 7 ",
            import_countries=[" de", "fr "],
            intended_use_detail="  展会  ",
            exit_port=" 2233 ",
            transport_mode="l",
            itinerary=" 中国-德国-法国-中国 ",
            goods=[_goods_row(unit="pcs", origin_country="jp", description_en="  Camera Sony A7  ")],
        )
    )
    assert valid.holder_id == 7
    assert valid.import_countries == ("DE", "FR")
    assert valid.intended_use_detail == "展会"
    assert valid.exit_port == "2233"
    assert valid.transport_mode == "L"
    assert valid.itinerary == "中国-德国-法国-中国"
    assert valid.goods[0].unit == "PCS"
    assert valid.goods[0].origin_country == "JP"
    assert valid.goods[0].description_en == "Camera Sony A7"


def test_valid_form_declaration_date_parsed():
    """The declaration date becomes a date."""
    assert _validate(_form()).declaration_date == date(2025, 3, 20)


def test_valid_form_default_representatives():
    """The default representatives pass and are kept."""
    valid = _validate(_form())
    assert valid.authorized_representatives_zh == DEFAULT_REPRESENTATIVES_ZH
    assert valid.authorized_representatives_en == DEFAULT_REPRESENTATIVES_EN


def test_empty_form_reports_every_field():
    """A default form reports all its problems at once."""
    codes = _codes(OutboundForm())
    expected = {
        "holder_id": "error.required",
        "import_countries": "outbound.import_countries_required",
        "intended_use": "outbound.intended_use_invalid",
        "intended_use_detail": "error.required",
        "exit_port": "outbound.exit_port_invalid",
        "transport_mode": "outbound.transport_mode_invalid",
        "declaration_date": "error.required",
        "itinerary": "error.required",
        "issuing_office": "outbound.issuing_office_invalid",
        "collection_method": "outbound.collection_method_invalid",
        "security_type": "outbound.security_type_invalid",
        "agreement_accepted": "outbound.agreement_required",
        "goods.0.description_zh": "error.required",
        "goods.0.description_en": "error.required",
        "goods.0.quantity": "error.required",
        "goods.0.weight_kg": "error.required",
        "goods.0.value_cny": "error.required",
        "goods.0.origin_country": "error.required",
    }
    assert codes == expected


def test_error_field_matches_path():
    """Each error carries its own path as field."""
    for path, error in _errors(OutboundForm()).items():
        assert error.field == path


def test_every_error_code_in_catalogue():
    """Every code raised for a bad form has a Chinese text."""
    bad = _form(
        holder_id="x",
        import_countries=["CN", "TW", "DE", "DE", ""],
        declaration_date="2020-01-01",
        transit_countries="Atlantis",
        itinerary="德国-中国",
        authorized_representatives_en="任何人",
        agreement_accepted=False,
        goods=[_goods_row(description_en="Various", quantity="1.5", unit="台", weight_kg="1.2345", value_cny="9,800", origin_country="XX")],
    )
    for error in _errors(bad).values():
        assert error.code in TEXTS, error.code
        assert "{" not in error_text(error), error.code


# --- holder ---


@pytest.mark.parametrize(
    ("holder_id", "code"),
    [("", "error.required"), ("  ", "error.required"), ("9", "outbound.holder_unknown"), ("abc", "outbound.holder_unknown"), ("-7", "outbound.holder_unknown"), ("７", "outbound.holder_unknown")],
)
def test_holder_rejected(holder_id, code):
    """The holder must be one of the user's holders."""
    assert _codes(_form(holder_id=holder_id))["holder_id"] == code


def test_holder_incomplete():
    """A holder without English particulars is blocked."""
    errors = _errors(_form(), holder_problems={7: ["name_en", "address_en"]})
    assert errors["holder_id"].code == "outbound.holder_incomplete"
    assert errors["holder_id"].params["missing"] == ["name_en", "address_en"]


def test_holder_problems_of_other_holder_ignored():
    """Problems of a holder not chosen do not matter."""
    assert _validate(_form(), holder_problems={8: ["name_en"], 7: []}).holder_id == 7


# --- import countries ---


@pytest.mark.parametrize(
    ("rows", "path", "code"),
    [
        ([""], "import_countries", "outbound.import_countries_required"),
        ([], "import_countries", "outbound.import_countries_required"),
        (["  ", ""], "import_countries", "outbound.import_countries_required"),
        (["DE", ""], "import_countries.1", "outbound.import_country_row_empty"),
        (["CN"], "import_countries.0", "outbound.import_country_china"),
        (["DE", "cn"], "import_countries.1", "outbound.import_country_china"),
        (["TW"], "import_countries.0", "outbound.import_country_not_ata"),
        (["SA"], "import_countries.0", "outbound.import_country_not_ata"),
        (["VN"], "import_countries.0", "outbound.import_country_not_ata"),
        (["XX"], "import_countries.0", "outbound.import_country_not_ata"),
        (["DE", "FR", "de"], "import_countries", "outbound.import_country_duplicate"),
    ],
)
def test_import_countries_rejected(rows, path, code):
    """Import countries are ATA countries, never China, without duplicates."""
    assert _codes(_form(import_countries=rows))[path] == code


def test_import_country_duplicate_names_country():
    """The duplicate error names the country in Chinese."""
    errors = _errors(_form(import_countries=["DE", "FR", "DE"]))
    assert errors["import_countries"].params["name"] == "德国"


@pytest.mark.parametrize("code", ["LI", "BW", "RU", "HK", "GP"])
def test_import_countries_territories_accepted(code):
    """Covered territories and members noted for sanctions elsewhere are accepted."""
    name = {"LI": "列支敦士登", "BW": "博茨瓦纳", "RU": "俄罗斯", "HK": "香港", "GP": "瓜德罗普"}[code]
    valid = _validate(_form(import_countries=[code], itinerary=f"中国-{name}-中国"))
    assert valid.import_countries == (code,)


# --- choices ---


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("intended_use", "tourism", "outbound.intended_use_invalid"),
        ("intended_use", "", "outbound.intended_use_invalid"),
        ("exit_port", "9999", "outbound.exit_port_invalid"),
        ("transport_mode", "6", "outbound.transport_mode_invalid"),
        ("transport_mode", "7", "outbound.transport_mode_invalid"),
        ("transport_mode", "W", "outbound.transport_mode_invalid"),
        ("issuing_office", "GZ", "outbound.issuing_office_invalid"),
        ("collection_method", "courier", "outbound.collection_method_invalid"),
        ("security_type", "cash", "outbound.security_type_invalid"),
    ],
)
def test_choice_rejected(name, value, code):
    """Choice fields accept only their listed codes."""
    assert _codes(_form(**{name: value}))[name] == code


@pytest.mark.parametrize("use", INTENDED_USES)
def test_intended_use_accepted(use):
    """Every intended use passes and has a label."""
    assert _validate(_form(intended_use=use)).intended_use == use
    assert f"use.{use}" in TEXTS


@pytest.mark.parametrize("method", COLLECTION_METHODS)
def test_collection_method_accepted(method):
    """Every collection method passes and has a label."""
    assert _validate(_form(collection_method=method)).collection_method == method
    assert f"collection.{method}" in TEXTS


@pytest.mark.parametrize("security", SECURITY_TYPES)
def test_security_type_accepted(security):
    """Every security type passes and has a label."""
    assert _validate(_form(security_type=security)).security_type == security
    assert f"security.{security}" in TEXTS


@pytest.mark.parametrize("mode", ["2", "3", "4", "5", "L", "9"])
def test_transport_mode_accepted(mode):
    """Every ATA transport mode passes."""
    assert _validate(_form(transport_mode=mode)).transport_mode == mode


# --- required texts and lengths ---


@pytest.mark.parametrize("name", ["intended_use_detail", "authorized_representatives_zh", "authorized_representatives_en"])
def test_text_required(name):
    """Blank required text is rejected."""
    assert _codes(_form(**{name: "   "}))[name] == "error.required"


@pytest.mark.parametrize("name", ["intended_use_detail", "authorized_representatives_zh", "authorized_representatives_en", "itinerary"])
def test_text_too_long(name):
    """Text over 500 characters is rejected with the limit."""
    errors = _errors(_form(**{name: "a" * 501}))
    assert errors[name].code == "error.too_long"
    assert errors[name].params == {"max": 500}


def test_text_at_limit_accepted():
    """Exactly 500 characters pass."""
    assert len(_validate(_form(intended_use_detail="展" * 500)).intended_use_detail) == 500


def test_representatives_en_not_ascii():
    """The English representatives are printed in English."""
    errors = _errors(_form(authorized_representatives_en="Any Authorized Representatives，张三"))
    assert errors["authorized_representatives_en"].code == "outbound.not_ascii"
    assert errors["authorized_representatives_en"].params["chars"] == "，张三"


# --- declaration date ---


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "error.required"),
        ("2025/03/20", "error.invalid_date"),
        ("20250320", "error.invalid_date"),
        ("2025-3-20", "error.invalid_date"),
        ("2025-02-30", "error.invalid_date"),
        ("next week", "error.invalid_date"),
        ("2025-03-09", "outbound.declaration_date_past"),
        ("2024-12-31", "outbound.declaration_date_past"),
        ("2026-03-11", "outbound.declaration_date_too_far"),
        ("2030-01-01", "outbound.declaration_date_too_far"),
    ],
)
def test_declaration_date_rejected(typed, code):
    """The date is ISO, not in the past and at most a year ahead."""
    assert _codes(_form(declaration_date=typed))["declaration_date"] == code


@pytest.mark.parametrize(("typed", "expected"), [("2025-03-10", date(2025, 3, 10)), ("2026-03-10", date(2026, 3, 10)), (" 2025-04-01 ", date(2025, 4, 1))])
def test_declaration_date_accepted(typed, expected):
    """Today, a year ahead and padded input pass."""
    assert _validate(_form(declaration_date=typed)).declaration_date == expected


def test_declaration_date_past_names_today():
    """The past-date error names today."""
    assert _errors(_form(declaration_date="2025-01-01"))["declaration_date"].params == {"today": "2025-03-10"}


def test_declaration_date_leap_day_limit():
    """From 29 February the limit is 28 February next year."""
    errors = _errors(_form(declaration_date="2025-03-01"), today=date(2024, 2, 29))
    assert errors["declaration_date"].params == {"max": "2025-02-28"}


# --- transit countries ---


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ()),
        ("   ", ()),
        ("瑞士", ("CH",)),
        ("瑞士，奥地利", ("CH", "AT")),
        ("瑞士,奥地利", ("CH", "AT")),
        ("瑞士、奥地利", ("CH", "AT")),
        ("瑞士 奥地利", ("CH", "AT")),
        ("Switzerland, Austria", ("CH", "AT")),
        ("CH AT", ("CH", "AT")),
        ("United Kingdom Czech Republic", ("GB", "CZ")),
        ("Hong Kong, China", ("HK",)),
        ("瑞士，瑞士", ("CH",)),
        ("德国", ("DE",)),
    ],
)
def test_transit_countries_accepted(typed, expected):
    """Names and codes with any separator resolve in order, each once."""
    assert _validate(_form(transit_countries=typed)).transit_countries == expected


@pytest.mark.parametrize(
    ("typed", "code", "name"),
    [
        ("瑞士，火星", "outbound.transit_unknown", "火星"),
        ("New Zeland", "outbound.transit_unknown", "New Zeland"),
        ("中国", "outbound.transit_china", "中国"),
        ("瑞士, China", "outbound.transit_china", "China"),
        ("中国台湾", "outbound.transit_not_ata", "中国台湾"),
        ("Vietnam", "outbound.transit_not_ata", "Vietnam"),
    ],
)
def test_transit_countries_rejected(typed, code, name):
    """Unknown names, China and non-ATA countries are rejected, naming the text."""
    error = _errors(_form(transit_countries=typed))["transit_countries"]
    assert error.code == code
    assert error.params == {"name": name}


def test_split_country_names_unknown_run():
    """An unknown run of words is reported whole, between known names."""
    pairs = [(name, country.code if country else None) for name, country in split_country_names("Germany Foo Bar France")]
    assert pairs == [("Germany", "DE"), ("Foo Bar", None), ("France", "FR")]


# --- itinerary ---


@pytest.mark.parametrize(
    "typed",
    [
        "中国-德国-法国-中国",
        "中国—德国—法国—中国",
        "中国－德国－法国－中国",
        "中国–德国–法国–中国",
        "中国 - 德国 - 法国 - 中国",
        "中国——德国——法国——中国",
        "China-Germany-France-China",
        "CN-DE-FR-CN",
        "中国-法国-瑞士-德国-中国",
        "中国-德国-中国-法国-中国",
    ],
)
def test_itinerary_accepted(typed):
    """Any listed separator, names or codes, and extra stops pass."""
    assert _validate(_form(itinerary=typed)).itinerary == typed.strip()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("中国", "outbound.itinerary_format"),
        ("中国-中国", "outbound.itinerary_format"),
        ("德国-法国-中国", "outbound.itinerary_format"),
        ("中国-德国-法国", "outbound.itinerary_format"),
        ("中国-德国-法国-日本", "outbound.itinerary_format"),
        ("中国--德国-法国-中国-", "outbound.itinerary_format"),
        ("中国，德国，法国，中国", "outbound.itinerary_format"),
        ("北京-德国-法国-中国", "outbound.itinerary_format"),
        ("中国-德国-巴黎-中国", "outbound.itinerary_unknown_country"),
        ("中国-德国-中国", "outbound.itinerary_missing_countries"),
        ("中国-意大利-中国", "outbound.itinerary_missing_countries"),
    ],
)
def test_itinerary_rejected(typed, code):
    """The itinerary starts and ends in China, names known countries and every import country."""
    assert _codes(_form(itinerary=typed))["itinerary"] == code


def test_itinerary_missing_lists_countries():
    """The error lists every missing import country in Chinese."""
    error = _errors(_form(itinerary="中国-意大利-中国"))["itinerary"]
    assert error.params["names"] == "德国、法国"


def test_itinerary_unknown_names_stop():
    """The unknown-stop error names the stop."""
    assert _errors(_form(itinerary="中国-德国-巴黎-中国"))["itinerary"].params == {"name": "巴黎"}


def test_itinerary_format_message_gives_example():
    """The format message shows an example itinerary."""
    error = _errors(_form(itinerary="德国-法国"))["itinerary"]
    assert "中国-德国-法国-中国" in error_text(error)


# --- agreement ---


def test_agreement_required():
    """The agreement must be accepted."""
    assert _codes(_form(agreement_accepted=False))["agreement_accepted"] == "outbound.agreement_required"


# --- goods rows ---


def test_goods_empty_list_rejected():
    """At least one goods row is needed."""
    assert _codes(_form(goods=[]))["goods"] == "outbound.goods_required"


def test_goods_too_many_rows():
    """More than 500 rows are rejected."""
    assert _codes(_form(goods=[_goods_row()] * 501))["goods"] == "outbound.goods_too_many"


@pytest.mark.parametrize(
    ("name", "typed", "code"),
    [
        ("description_zh", "", "error.required"),
        ("description_zh", "字" * 501, "error.too_long"),
        ("description_en", "", "error.required"),
        ("description_en", "a" * 501, "error.too_long"),
        ("description_en", "笔记本电脑", "outbound.not_ascii"),
        ("description_en", "Laptop（Lenovo）", "outbound.not_ascii"),
        ("description_en", "Café machine", "outbound.not_ascii"),
        ("description_en", "Laptop\tLenovo", "outbound.not_ascii"),
        ("description_en", "Various", "goods.description_en_vague"),
        ("description_en", "ASSORTED", "goods.description_en_vague"),
        ("description_en", "Accessories", "goods.description_en_vague"),
        ("description_en", "kit", "goods.description_en_vague"),
        ("description_en", "Various items", "goods.description_en_vague"),
        ("description_en", "Misc. accessories", "goods.description_en_vague"),
        ("description_en", "Box of cables", "goods.description_en_vague"),
        ("description_en", "box of tools", "goods.description_en_vague"),
        ("quantity", "", "error.required"),
        ("quantity", "0", "error.must_be_positive"),
        ("quantity", "-2", "error.must_be_positive"),
        ("quantity", "1.5", "goods.quantity_not_integer"),
        ("quantity", "1.0", "goods.quantity_not_integer"),
        ("quantity", "two", "error.invalid_number"),
        ("quantity", "1,000", "goods.number_has_comma"),
        ("quantity", "1000001", "goods.quantity_too_large"),
        ("unit", "", "goods.unit_invalid"),
        ("unit", "台", "goods.unit_invalid"),
        ("unit", "011", "goods.unit_invalid"),
        ("weight_kg", "", "error.required"),
        ("weight_kg", "0", "error.must_be_positive"),
        ("weight_kg", "0.000", "error.must_be_positive"),
        ("weight_kg", "-1", "error.must_be_positive"),
        ("weight_kg", "1.2345", "goods.weight_too_precise"),
        ("weight_kg", "1,5", "goods.number_has_comma"),
        ("weight_kg", "1e3", "error.invalid_number"),
        ("weight_kg", "NaN", "error.invalid_number"),
        ("weight_kg", "Infinity", "error.invalid_number"),
        ("weight_kg", ".5", "error.invalid_number"),
        ("weight_kg", "5kg", "error.invalid_number"),
        ("weight_kg", "10000000.001", "goods.number_too_large"),
        ("value_cny", "", "error.required"),
        ("value_cny", "0.00", "error.must_be_positive"),
        ("value_cny", "9800.001", "goods.value_too_precise"),
        ("value_cny", "9,800.00", "goods.number_has_comma"),
        ("value_cny", "9，800", "goods.number_has_comma"),
        ("value_cny", "¥9800", "error.invalid_number"),
        ("value_cny", "RMB9800", "error.invalid_number"),
        ("value_cny", "10000000000.01", "goods.number_too_large"),
        ("origin_country", "", "error.required"),
        ("origin_country", "XX", "goods.origin_country_invalid"),
        ("origin_country", "中国", "goods.origin_country_invalid"),
    ],
)
def test_goods_field_rejected(name, typed, code):
    """Each goods field rule rejects its bad input at goods.<i>.<field>."""
    form = _form(goods=[_goods_row(), _goods_row(**{name: typed})])
    codes = _codes(form)
    assert codes == {f"goods.1.{name}": code}


@pytest.mark.parametrize(
    ("name", "typed", "attribute", "expected"),
    [
        ("quantity", "3", "quantity", 3),
        ("quantity", " 12 ", "quantity", 12),
        ("quantity", "１２", "quantity", 12),
        ("quantity", "1000000", "quantity", 1_000_000),
        ("weight_kg", "0.001", "weight_kg", Decimal("0.001")),
        ("weight_kg", "1.300", "weight_kg", Decimal("1.3")),
        ("weight_kg", "1.2000", "weight_kg", Decimal("1.2")),
        ("weight_kg", "１．５", "weight_kg", Decimal("1.5")),
        ("value_cny", "9800", "value_cny", Decimal("9800.00")),
        ("value_cny", "0.01", "value_cny", Decimal("0.01")),
        ("value_cny", "100.50", "value_cny", Decimal("100.5")),
        ("unit", "box", "unit", "BOX"),
        ("unit", "SET", "unit", "SET"),
        ("origin_country", "tw", "origin_country", "TW"),
        ("origin_country", "VN", "origin_country", "VN"),
        ("description_en", "Tool kit Stanley 65-piece NSN", "description_en", "Tool kit Stanley 65-piece NSN"),
        ("description_en", "Set of cables (power/HDMI)", "description_en", "Set of cables (power/HDMI)"),
        ("description_en", "Camera accessories: 2 batteries Sony NP-FZ100", "description_en", "Camera accessories: 2 batteries Sony NP-FZ100"),
        ("description_en", "Kit 1", "description_en", "Kit 1"),
    ],
)
def test_goods_field_accepted(name, typed, attribute, expected):
    """Valid goods input is parsed into typed values."""
    item = _validate(_form(goods=[_goods_row(**{name: typed})])).goods[0]
    assert getattr(item, attribute) == expected


def test_goods_value_has_two_places():
    """A whole-yuan value is stored to the fen."""
    item = _validate(_form(goods=[_goods_row(value_cny="9800")])).goods[0]
    assert str(item.value_cny) == "9800.00"


def test_goods_errors_for_every_row():
    """Errors are reported for each bad row, not only the first."""
    form = _form(goods=[_goods_row(quantity="0"), _goods_row(), _goods_row(weight_kg="x")])
    assert set(_codes(form)) == {"goods.0.quantity", "goods.2.weight_kg"}


def test_goods_params_carry_limit():
    """The too-large error carries the limit."""
    errors = _errors(_form(goods=[_goods_row(quantity="2000000")]))
    assert errors["goods.0.quantity"].params == {"max": 1_000_000}


def test_goods_vague_error_names_text():
    """The vague-description error quotes the description."""
    errors = _errors(_form(goods=[_goods_row(description_en=" Various ")]))
    assert errors["goods.0.description_en"].params == {"text": "Various"}


@pytest.mark.parametrize(
    ("text", "vague"),
    [("Various", True), ("various goods", True), ("Accessories etc.", True), ("Boxes of samples", True), ("Box", False), ("Boxing gloves", False), ("Speaker kit JBL", False), ("", False)],
)
def test_is_vague_description(text, vague):
    """Only descriptions made of vague words alone, or starting with "box of", are vague."""
    assert is_vague_description(text) is vague


# --- fixture, item numbers and totals ---


def test_fixture_validates():
    """The synthetic five-row general list validates cleanly."""
    valid = _validate(_form(goods=fixture_goods()))
    assert len(valid.goods) == 5


def test_fixture_totals():
    """The fixture totals 15 pieces, 18.0 kg and 32899.00 CNY."""
    valid = _validate(_form(goods=fixture_goods()))
    assert valid.total_pieces == 15
    assert valid.total_weight_kg == Decimal("18.0")
    assert valid.total_value_cny == Decimal("32899.00")


def test_fixture_totals_exact_decimal():
    """Totals are Decimal, not float."""
    valid = _validate(_form(goods=fixture_goods()))
    assert isinstance(valid.total_weight_kg, Decimal)
    assert isinstance(valid.total_value_cny, Decimal)


def test_fixture_running_totals_match():
    """The running totals equal the validated totals."""
    totals = goods_totals(fixture_goods())
    assert totals.pieces == 15
    assert totals.weight_kg == Decimal("18.0")
    assert totals.value_cny == Decimal("32899.00")


def test_item_numbers_in_row_order():
    """Items are numbered 1..n in row order."""
    valid = _validate(_form(goods=fixture_goods()))
    assert [item.item_number for item in valid.goods] == [1, 2, 3, 4, 5]
    assert valid.goods[1].description_en.startswith("Digital camera")


def test_totals_decimal_has_no_float_error():
    """0.1 + 0.2 kg adds up to exactly 0.3 kg."""
    valid = _validate(_form(goods=[_goods_row(weight_kg="0.1", value_cny="0.1"), _goods_row(weight_kg="0.2", value_cny="0.2")]))
    assert valid.total_weight_kg == Decimal("0.3")
    assert valid.total_value_cny == Decimal("0.30")


def test_goods_totals_lenient():
    """Rows whose numbers do not parse count as 0."""
    rows = [
        GoodsRowForm(quantity="2", weight_kg="1.5", value_cny="100.10"),
        GoodsRowForm(quantity="abc", weight_kg="", value_cny="9,800"),
        GoodsRowForm(quantity="1.5", weight_kg="-3", value_cny="0.005"),
        GoodsRowForm(quantity="3", weight_kg="0.25", value_cny="0.20"),
    ]
    totals = goods_totals(rows)
    assert totals.pieces == 5
    assert totals.weight_kg == Decimal("1.75")
    assert totals.value_cny == Decimal("100.30")


def test_goods_totals_empty():
    """No rows total zero."""
    totals = goods_totals([])
    assert totals.pieces == 0
    assert totals.weight_kg == Decimal("0")
    assert totals.value_cny == Decimal("0")


# --- number parsers ---


@pytest.mark.parametrize(
    ("typed", "code"),
    [("", "error.required"), ("1,0", "goods.number_has_comma"), ("abc", "error.invalid_number"), ("0", "error.must_be_positive"), ("1.25", "places"), ("11", "goods.number_too_large")],
)
def test_parse_decimal_rejected(typed, code):
    """parse_decimal raises the code for each rule."""
    with pytest.raises(DomainError) as caught:
        parse_decimal(typed, max_places=1, maximum=Decimal("10"), places_code="places")
    assert caught.value.code == code


@pytest.mark.parametrize(("typed", "code"), [("", "error.required"), ("2.0", "goods.quantity_not_integer"), ("x", "error.invalid_number"), ("0", "error.must_be_positive"), ("11", "goods.quantity_too_large")])
def test_parse_quantity_rejected(typed, code):
    """parse_quantity raises the code for each rule."""
    with pytest.raises(DomainError) as caught:
        parse_quantity(typed, maximum=10)
    assert caught.value.code == code


# --- JSON round trip ---


def test_json_round_trip_default():
    """A default form survives the round trip."""
    form = OutboundForm()
    assert OutboundForm.from_json(form.to_json()) == form


def test_json_round_trip_filled():
    """A filled form, invalid values included, survives the round trip."""
    form = _form(goods=fixture_goods() + [_goods_row(quantity="abc", weight_kg="1,5")], transit_countries="瑞士，奥地利")
    assert OutboundForm.from_json(form.to_json()) == form


def test_json_keeps_chinese_readable():
    """Chinese is stored as characters, not escapes."""
    assert "任何的授权报关代表" in OutboundForm().to_json()


def test_json_has_every_field():
    """Every basic and goods field is stored."""
    stored = json.loads(_form().to_json())
    for name in BASIC_FIELDS:
        assert name in stored, name
    for name in GOODS_FIELDS:
        assert name in stored["goods"][0], name


@pytest.mark.parametrize(
    "raw",
    ["", "not json", "[]", "null", "42", '"text"', "{", '{"goods": "x"}', "[" * 100000, None, b"\xff\xfe"],
)
def test_from_json_junk_gives_default(raw):
    """Junk never raises and opens a default form."""
    assert OutboundForm.from_json(raw) == OutboundForm()


def test_from_json_tolerates_bad_values():
    """Unknown keys are ignored and mistyped values take defaults."""
    raw = json.dumps(
        {
            "holder_id": 7,
            "unknown": "x",
            "itinerary": ["中国"],
            "agreement_accepted": "yes",
            "import_countries": ["DE", 3, None],
            "goods": [{"quantity": 2, "weight_kg": 1.5, "unit": None, "extra": 1}, "junk"],
            "authorized_representatives_zh": None,
        }
    )
    form = OutboundForm.from_json(raw)
    assert form.holder_id == "7"
    assert form.itinerary == ""
    assert form.agreement_accepted is False
    assert form.import_countries == ["DE", "3", ""]
    assert form.goods == [GoodsRowForm(quantity="2", weight_kg="1.5")]
    assert form.authorized_representatives_zh == DEFAULT_REPRESENTATIVES_ZH


def test_from_json_empty_lists_get_one_row():
    """Empty country and goods lists reopen with one blank row."""
    form = OutboundForm.from_json('{"import_countries": [], "goods": []}')
    assert form.import_countries == [""]
    assert form.goods == [GoodsRowForm()]


def test_from_json_agreement_true():
    """An accepted agreement is kept."""
    assert OutboundForm.from_json('{"agreement_accepted": true}').agreement_accepted is True


def test_form_defaults():
    """A new form has one empty country row, one goods row in PCS and the default representatives."""
    form = OutboundForm()
    assert form.import_countries == [""]
    assert form.goods == [GoodsRowForm(unit="PCS")]
    assert form.authorized_representatives_zh == DEFAULT_REPRESENTATIVES_ZH
    assert form.authorized_representatives_en == DEFAULT_REPRESENTATIVES_EN


def test_forms_do_not_share_lists():
    """Each form gets its own row lists."""
    first, second = OutboundForm(), OutboundForm()
    first.goods.append(GoodsRowForm())
    first.import_countries.append("DE")
    assert len(second.goods) == 1
    assert second.import_countries == [""]


def test_form_is_dataclass_with_basic_fields():
    """BASIC_FIELDS names real fields of the form."""
    names = {f.name for f in dataclasses.fields(OutboundForm)}
    assert set(BASIC_FIELDS) <= names
