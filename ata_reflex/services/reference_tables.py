"""Reference tables that chamber staff extend: issuing offices (签证机构) and customs ports (口岸).

Both tables start from seed files in ``ata_reflex/data/``:

- ``issuing_offices.csv`` lists the CCPIT/CCOIC offices known to issue carnets. The chamber
  must confirm this list (codes and names) before the app goes live.
- ``customs_ports.csv`` lists about thirty major airports, sea ports and land ports by their
  four-digit customs district code (关区代码). It is only a seed: the full list is the China
  Customs district parameter table of the Single Window (单一窗口), and staff add the missing
  ports on the /admin/reference page.

This module is plain Python so that a data migration can call ``seed_reference_tables``.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from ata_reflex.domain.contact import normalise_text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import CustomsPort, IssuingOffice

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

ReferenceTable = Literal["issuing_office", "customs_port"]
_MODELS: dict[str, type[IssuingOffice] | type[CustomsPort]] = {
    "issuing_office": IssuingOffice,
    "customs_port": CustomsPort,
}
_SEED_FILES: dict[str, str] = {
    "issuing_office": "issuing_offices.csv",
    "customs_port": "customs_ports.csv",
}

NAME_MAX_LENGTH = 100
# Office codes are the chamber's own short names such as CCPIT-BJ; 16 is the column length.
_OFFICE_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_OFFICE_CODE_LENGTHS = range(2, 17)
# China Customs district codes (关区代码) have four digits, such as 5301 for Huanggang.
_PORT_CODE = re.compile(r"^\d{4}$")


@dataclass
class ReferenceEntry:
    """One issuing office or customs port as the pages show it."""

    code: str
    name_zh: str
    is_active: bool = True


def seed_reference_tables(db: Session) -> int:
    """Insert the seed rows whose codes are missing from both tables.

    Existing rows are left as they are, so names changed and rows disabled by staff survive a
    second run.

    Returns:
        The number of rows inserted; 0 when every seed code is already present.
    """
    inserted = 0
    for table, file_name in _SEED_FILES.items():
        model = _MODELS[table]
        for row in _read_seed_file(file_name):
            if db.get(model, row["code"]) is None:
                db.add(model(code=row["code"], name_zh=row["name_zh"], is_active=True))
                inserted += 1
    db.flush()
    logger.info("reference tables seeded inserted=%s", inserted)
    return inserted


def list_issuing_offices(db: Session, *, active_only: bool = True) -> list[ReferenceEntry]:
    """Return the issuing offices ordered by code; with ``active_only`` the disabled ones are left out."""
    return _list_entries(db, IssuingOffice, active_only=active_only)


def list_customs_ports(db: Session, *, active_only: bool = True) -> list[ReferenceEntry]:
    """Return the customs ports ordered by code; with ``active_only`` the disabled ones are left out."""
    return _list_entries(db, CustomsPort, active_only=active_only)


def add_issuing_office(db: Session, *, code: str, name_zh: str) -> ReferenceEntry:
    """Add an issuing office; the code is upper-cased.

    Raises:
        ValidationFailed: errors keyed ``code`` (format ``reference.office_code_format``, or
            ``reference.code_taken``) and ``name_zh`` (required, at most 100 characters).
    """
    clean_code = normalise_text(code).upper()
    code_error = None
    if not clean_code:
        code_error = DomainError("error.required", "code")
    elif len(clean_code) not in _OFFICE_CODE_LENGTHS or not _OFFICE_CODE.match(clean_code):
        code_error = DomainError("reference.office_code_format", "code")
    return _add_entry(db, "issuing_office", clean_code, name_zh, code_error)


def add_customs_port(db: Session, *, code: str, name_zh: str) -> ReferenceEntry:
    """Add a customs port by its four-digit customs district code.

    Raises:
        ValidationFailed: errors keyed ``code`` (format ``reference.port_code_format``, or
            ``reference.code_taken``) and ``name_zh`` (required, at most 100 characters).
    """
    clean_code = normalise_text(code)
    code_error = None
    if not clean_code:
        code_error = DomainError("error.required", "code")
    elif not _PORT_CODE.match(clean_code):
        code_error = DomainError("reference.port_code_format", "code")
    return _add_entry(db, "customs_port", clean_code, name_zh, code_error)


def set_reference_active(db: Session, *, table: ReferenceTable, code: str, is_active: bool) -> ReferenceEntry:
    """Enable or disable an issuing office or customs port.

    A disabled entry is no longer offered in forms, but carnets that already name it still show
    its name.

    Raises:
        DomainError: ``common.not_found`` when no entry has this code.
    """
    row = db.get(_MODELS[table], code)
    if row is None:
        raise DomainError("common.not_found")
    row.is_active = is_active
    db.add(row)
    db.flush()
    logger.info("reference entry %s code=%s is_active=%s", table, code, is_active)
    return ReferenceEntry(code=row.code, name_zh=row.name_zh, is_active=row.is_active)


def _add_entry(
    db: Session, table: ReferenceTable, code: str, name_zh: str, code_error: DomainError | None
) -> ReferenceEntry:
    """Check the name and the code's uniqueness, then insert an entry into ``table``."""
    model = _MODELS[table]
    errors: dict[str, DomainError] = {}
    if code_error is not None:
        errors["code"] = code_error
    elif db.get(model, code) is not None:
        errors["code"] = DomainError("reference.code_taken", "code")
    clean_name = name_zh.strip()
    if not clean_name:
        errors["name_zh"] = DomainError("error.required", "name_zh")
    elif len(clean_name) > NAME_MAX_LENGTH:
        errors["name_zh"] = DomainError("error.too_long", "name_zh", {"max": NAME_MAX_LENGTH})
    if errors:
        raise ValidationFailed(errors)
    # NOTE: two staff adding the same code at the same moment both pass the check above. The
    # primary key then rejects the second insert, which the user sees as an unexpected error.
    db.add(model(code=code, name_zh=clean_name, is_active=True))
    db.flush()
    logger.info("reference entry added %s code=%s", table, code)
    return ReferenceEntry(code=code, name_zh=clean_name, is_active=True)


def _list_entries(
    db: Session, model: type[IssuingOffice] | type[CustomsPort], *, active_only: bool
) -> list[ReferenceEntry]:
    """Return the rows of one reference table as entries, ordered by code."""
    query = select(model).order_by(col(model.code))
    if active_only:
        query = query.where(col(model.is_active).is_(True))
    return [ReferenceEntry(code=row.code, name_zh=row.name_zh, is_active=row.is_active) for row in db.exec(query)]


def _read_seed_file(file_name: str) -> list[dict[str, str]]:
    """Return the rows of a seed CSV file (UTF-8, header ``code,name_zh``), values trimmed."""
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(handle)]
