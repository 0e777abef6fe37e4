"""Tests of the reference tables: countries, units, transport modes and currencies."""

from __future__ import annotations

import pytest

from ata_reflex.domain.reference import (
    ata_countries,
    country_by_code,
    country_by_name,
    currencies,
    customs_units,
    goods_unit_by_code,
    goods_units,
    import_countries,
    origin_countries,
    search_countries,
    transport_modes,
)


def _codes(countries):
    return [country.code for country in countries]


def test_ata_countries_include_members_and_territories():
    """Members and covered territories are ATA countries."""
    codes = _codes(ata_countries())
    for code in ("DE", "FR", "US", "JP", "LI", "BW", "GP", "CN"):
        assert code in codes, code


@pytest.mark.parametrize("code", ["TW", "SA", "QA"])
def test_ata_countries_exclude_special_and_unverified(code):
    """Taiwan (outside the chain) and unverified candidates are not ATA countries."""
    assert code not in _codes(ata_countries())


@pytest.mark.parametrize("code", ["RU", "BY", "UA"])
def test_ata_countries_keep_sanction_noted_members(code):
    """Members only suspended by EU/UK chambers stay available to CCPIT."""
    assert code in _codes(import_countries())


def test_import_countries_never_china():
    """China is never a temporary-import or transit country."""
    assert "CN" not in _codes(import_countries())


def test_import_countries_are_ata():
    """Every import country has an ATA status."""
    assert {country.status for country in import_countries()} <= {"member", "territory"}


def test_import_countries_no_duplicates():
    """Each code appears once."""
    codes = _codes(import_countries())
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("code", ["CN", "TW", "SA", "DE", "VN"])
def test_origin_countries_cover_any_origin(code):
    """Origin may be China, non-ATA table rows and common non-ATA origins."""
    assert code in _codes(origin_countries())


def test_origin_countries_no_duplicates():
    """Each origin code appears once."""
    codes = _codes(origin_countries())
    assert len(codes) == len(set(codes))


def test_origin_china_named_in_chinese():
    """China carries the name 中国."""
    assert country_by_code("CN").name_zh == "中国"


@pytest.mark.parametrize(("code", "expected"), [("DE", "DE"), ("de", "DE"), (" fr ", "FR"), ("XX", None), ("", None)])
def test_country_by_code(code, expected):
    """Codes are matched in any case after trimming."""
    found = country_by_code(code)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("德国", "DE"),
        (" 德国 ", "DE"),
        ("Germany", "DE"),
        ("GERMANY", "DE"),
        ("de", "DE"),
        ("DEU", "DE"),
        ("中国", "CN"),
        ("China", "CN"),
        ("俄罗斯", "RU"),
        ("俄罗斯联邦", "RU"),
        ("Hong Kong, China", "HK"),
        ("香港", "HK"),
        ("Korea, Republic of", "KR"),
        ("韩国", "KR"),
        ("ＵＳＡ", "US"),
        ("United   Kingdom", "GB"),
        ("德", None),
        ("Atlantis", None),
        ("", None),
        ("   ", None),
    ],
)
def test_country_by_name(text, expected):
    """Chinese names, English names, aliases and codes resolve; fragments do not."""
    found = country_by_name(text)
    assert (found.code if found else None) == expected


def test_search_countries_empty_query_returns_all():
    """An empty query lists every country given."""
    assert search_countries("  ", import_countries()) == list(import_countries())


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [("德", "DE"), ("ger", "DE"), ("DE", "DE"), ("fr", "FR"), ("法国", "FR"), ("zealand", "NZ"), ("马来", "MY")],
)
def test_search_countries_best_match_first(query, expected_first):
    """Exact and prefix matches come before substrings."""
    assert search_countries(query, import_countries())[0].code == expected_first


def test_search_countries_chinese_substring():
    """A Chinese substring finds every country containing it."""
    codes = _codes(search_countries("亚", import_countries()))
    for code in ("AU", "MY", "ID", "RS"):
        assert code in codes, code


def test_search_countries_respects_given_list():
    """China is not found when searching import countries."""
    assert "CN" not in _codes(search_countries("中国", import_countries()))


def test_search_countries_no_match():
    """Unknown text finds nothing."""
    assert search_countries("zzz", import_countries()) == []


def test_customs_units_loaded():
    """The customs units include 011 件 and 035 千克."""
    units = {unit.code: unit.name_zh for unit in customs_units()}
    assert units["011"] == "件"
    assert units["035"] == "千克"


def test_goods_units_codes():
    """The general list units are the English ones, PCS first."""
    assert [unit.code for unit in goods_units()] == ["PCS", "SET", "BOX", "PR", "KG", "M", "ROLL", "PKG"]


@pytest.mark.parametrize(("code", "expected"), [("pcs", "PCS"), ("BOX", "BOX"), ("台", None), ("", None)])
def test_goods_unit_by_code(code, expected):
    """Goods units are found by code in any case."""
    found = goods_unit_by_code(code)
    assert (found.code if found else None) == expected


def test_transport_modes_for_ata():
    """Only waterway, rail, road, air, passenger-carried and other are offered."""
    assert [mode.code for mode in transport_modes()] == ["2", "3", "4", "5", "L", "9"]


def test_transport_modes_exclude_post():
    """Postal traffic (6) is not accepted for carnets in China."""
    assert "6" not in [mode.code for mode in transport_modes()]


def test_transport_mode_names():
    """Names come from the customs table."""
    assert dict((mode.code, mode.name_zh) for mode in transport_modes())["5"] == "航空运输"


def test_currencies_include_cny():
    """CNY is listed with its Chinese name."""
    by_code = {currency.code: currency for currency in currencies()}
    assert by_code["CNY"].name_zh == "人民币"
