"""Picker resolution: labels, codes, bare names and unique fragments map back to codes."""

import pytest

from ata_reflex.domain.choices import Choice, country_choices, country_label, label_for, resolve_choice
from ata_reflex.domain.reference import import_countries

PORTS = [Choice("2233", "浦东机场 (2233)"), Choice("2200", "上海海关 (2200)"), Choice("5301", "皇岗 (5301)")]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("浦东机场 (2233)", "2233"),
        ("2233", "2233"),
        ("浦东机场", "2233"),
        ("皇岗", "5301"),
        ("浦东", "2233"),
        ("  皇岗 (5301) ", "5301"),
        ("上海", "2200"),
        ("(", None),
        ("", None),
        ("广州", None),
    ],
)
def test_resolve_choice_cases(typed, expected):
    assert resolve_choice(typed, PORTS) == expected


def test_country_bare_name_beats_fragment():
    countries = country_choices(import_countries())
    assert resolve_choice("法国", countries) == "FR"


def test_country_code_any_case():
    assert resolve_choice("de", country_choices(import_countries())) == "DE"


def test_label_for_unknown_value_is_kept():
    assert label_for("9999", PORTS) == "9999"
    assert label_for("2233", PORTS) == "浦东机场 (2233)"


def test_country_label_formats():
    assert country_label("DE") == "德国 (DE)"
    assert country_label("XX-typed") == "XX-typed"
    assert country_label("") == ""
