"""Unit tests of the issuing office and customs port tables that staff extend."""

from __future__ import annotations

import csv
import re

import pytest
from sqlmodel import Session

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import CustomsPort, IssuingOffice
from ata_reflex.services.reference_tables import (
    DATA_DIR,
    ReferenceEntry,
    add_customs_port,
    add_issuing_office,
    list_customs_ports,
    list_issuing_offices,
    seed_reference_tables,
    set_reference_active,
)


def _seed_rows(file_name: str) -> list[dict[str, str]]:
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _validation_errors(call) -> dict[str, DomainError]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.errors


# --- seed files ---


def test_seed_ports_are_four_digit_codes():
    assert all(re.fullmatch(r"\d{4}", row["code"]) for row in _seed_rows("customs_ports.csv"))


def test_seed_ports_codes_unique():
    codes = [row["code"] for row in _seed_rows("customs_ports.csv")]
    assert len(codes) == len(set(codes))


def test_seed_ports_include_shenzhen_land_ports():
    codes = {row["code"] for row in _seed_rows("customs_ports.csv")}
    assert {"5301", "5303", "5320"} <= codes


def test_seed_offices_codes_unique():
    codes = [row["code"] for row in _seed_rows("issuing_offices.csv")]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("file_name", ["customs_ports.csv", "issuing_offices.csv"])
def test_seed_names_fit_column(file_name):
    assert all(0 < len(row["name_zh"]) <= 100 for row in _seed_rows(file_name))


# --- seeding ---


def test_seed_inserts_every_row(db):
    expected = len(_seed_rows("customs_ports.csv")) + len(_seed_rows("issuing_offices.csv"))
    assert seed_reference_tables(db) == expected


def test_seed_second_run_inserts_nothing(db):
    seed_reference_tables(db)
    assert seed_reference_tables(db) == 0


def test_seed_second_run_keeps_row_count(db):
    seed_reference_tables(db)
    before = len(list_customs_ports(db, active_only=False))
    seed_reference_tables(db)
    assert len(list_customs_ports(db, active_only=False)) == before


def test_seed_keeps_disabled_entry_disabled(db):
    seed_reference_tables(db)
    set_reference_active(db, table="customs_port", code="5301", is_active=False)
    seed_reference_tables(db)
    assert db.get(CustomsPort, "5301").is_active is False


def test_seed_keeps_staff_renamed_entry(db):
    seed_reference_tables(db)
    db.get(IssuingOffice, "CCPIT-BJ").name_zh = "总部"
    db.flush()
    seed_reference_tables(db)
    assert db.get(IssuingOffice, "CCPIT-BJ").name_zh == "总部"


def test_seed_fills_in_missing_code(db):
    add_customs_port(db, code="5301", name_zh="皇岗")
    inserted = seed_reference_tables(db)
    assert inserted == len(_seed_rows("customs_ports.csv")) + len(_seed_rows("issuing_offices.csv")) - 1


def test_seed_survives_commit_and_new_session(engine):
    with Session(engine) as first:
        seed_reference_tables(first)
        first.commit()
    with Session(engine) as second:
        assert seed_reference_tables(second) == 0


# --- listing ---


def test_list_ports_ordered_by_code(db):
    seed_reference_tables(db)
    codes = [entry.code for entry in list_customs_ports(db)]
    assert codes == sorted(codes)


def test_list_ports_returns_entries(db):
    add_customs_port(db, code="5301", name_zh="皇岗海关")
    assert list_customs_ports(db) == [ReferenceEntry(code="5301", name_zh="皇岗海关", is_active=True)]


def test_list_active_only_hides_disabled(db):
    seed_reference_tables(db)
    set_reference_active(db, table="issuing_office", code="CCOIC-SH", is_active=False)
    assert "CCOIC-SH" not in {entry.code for entry in list_issuing_offices(db)}


def test_list_all_includes_disabled(db):
    seed_reference_tables(db)
    set_reference_active(db, table="issuing_office", code="CCOIC-SH", is_active=False)
    assert "CCOIC-SH" in {entry.code for entry in list_issuing_offices(db, active_only=False)}


# --- adding ---


def test_add_port_stored(db):
    add_customs_port(db, code=" 2244 ", name_zh=" 虹桥机场海关 ")
    assert db.get(CustomsPort, "2244").name_zh == "虹桥机场海关"


def test_add_port_full_width_digits(db):
    assert add_customs_port(db, code="２２４４", name_zh="虹桥机场海关").code == "2244"


@pytest.mark.parametrize("code", ["224", "22444", "22A4", "22-4"])
def test_add_port_code_format(db, code):
    errors = _validation_errors(lambda: add_customs_port(db, code=code, name_zh="某海关"))
    assert errors["code"].code == "reference.port_code_format"


def test_add_port_code_required(db):
    errors = _validation_errors(lambda: add_customs_port(db, code=" ", name_zh="某海关"))
    assert errors["code"].code == "error.required"


def test_add_port_duplicate_code(db):
    add_customs_port(db, code="5301", name_zh="皇岗海关")
    errors = _validation_errors(lambda: add_customs_port(db, code="5301", name_zh="另一个"))
    assert errors["code"].code == "reference.code_taken"


def test_add_port_name_required(db):
    errors = _validation_errors(lambda: add_customs_port(db, code="5301", name_zh="  "))
    assert errors["name_zh"].code == "error.required"


def test_add_port_name_too_long(db):
    errors = _validation_errors(lambda: add_customs_port(db, code="5301", name_zh="关" * 101))
    assert errors["name_zh"].params == {"max": 100}


def test_add_reports_code_and_name_together(db):
    errors = _validation_errors(lambda: add_customs_port(db, code="x", name_zh=""))
    assert set(errors) == {"code", "name_zh"}


def test_add_office_upper_cases_code(db):
    assert add_issuing_office(db, code="ccoic-nj", name_zh="中国国际商会南京商会").code == "CCOIC-NJ"


@pytest.mark.parametrize("code", ["A", "CCOIC_NJ", "CCOIC NJ", "-NJ", "NJ-", "CCOIC--NJ", "A" * 17, "商会"])
def test_add_office_code_format(db, code):
    errors = _validation_errors(lambda: add_issuing_office(db, code=code, name_zh="某商会"))
    assert errors["code"].code == "reference.office_code_format"


def test_add_office_duplicate_code_case_insensitive(db):
    add_issuing_office(db, code="CCOIC-NJ", name_zh="南京")
    errors = _validation_errors(lambda: add_issuing_office(db, code="ccoic-nj", name_zh="南京二"))
    assert errors["code"].code == "reference.code_taken"


def test_add_office_active_by_default(db):
    add_issuing_office(db, code="CCOIC-NJ", name_zh="南京")
    assert db.get(IssuingOffice, "CCOIC-NJ").is_active is True


# --- enabling and disabling ---


def test_set_inactive_then_active(db):
    add_customs_port(db, code="5301", name_zh="皇岗海关")
    set_reference_active(db, table="customs_port", code="5301", is_active=False)
    entry = set_reference_active(db, table="customs_port", code="5301", is_active=True)
    assert entry.is_active is True


def test_set_active_unknown_code(db):
    with pytest.raises(DomainError) as caught:
        set_reference_active(db, table="issuing_office", code="NOPE", is_active=False)
    assert caught.value.code == "common.not_found"
