"""Scanned pages of inbound carnets: upload, replace, remove and list."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.images import ImagePolicy
from ata_reflex.domain.inbound import MAX_SUPPLEMENTARY_SCANS, SCAN_KINDS, SUPPLEMENTARY_SCAN_KIND
from ata_reflex.domain.status import is_editable
from ata_reflex.models import InboundCarnet, InboundScan, StoredFile
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.files import FILE_ROUTE, store_image
from ata_reflex.services.inbound import delete_scan, get_owned_inbound

logger = logging.getLogger(__name__)

# Carnet pages photographed by a phone stay legible at 2400 px on the long side. Larger photos
# are scaled down, so staff can open them quickly on a phone.
SCAN_POLICY = ImagePolicy(resize_long_side=2400)


@dataclass(frozen=True)
class ScanView:
    """A scan as the pages show it: the kind's label, the file's public id and its name as uploaded."""

    kind: str
    label: str
    public_id: str
    original_name: str
    url: str


def _require_editable(carnet: InboundCarnet) -> None:
    if not is_editable(carnet.status):
        raise DomainError("error.not_allowed", params={"status": carnet.status, "action": "scan"})


def attach_scan(
    db: Session,
    *,
    owner_id: int,
    carnet_id: int,
    kind: str,
    original_name: str,
    data: bytes,
    clock: Clock = system_clock,
) -> ScanView:
    """Check and store an uploaded scan; a required page replaces the one uploaded before.

    Raises:
        DomainError: ``common.not_found``, ``error.not_allowed`` when the carnet cannot be
            edited, ``inbound.scan_kind_invalid``, ``inbound.too_many_supplementary`` (with the
            file name), or an ``image.*`` code naming the file.
    """
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    _require_editable(carnet)
    if kind not in SCAN_KINDS:
        raise DomainError("inbound.scan_kind_invalid")
    existing = db.exec(select(InboundScan).where(InboundScan.carnet_id == carnet.id, InboundScan.kind == kind)).all()
    if kind == SUPPLEMENTARY_SCAN_KIND and len(existing) >= MAX_SUPPLEMENTARY_SCANS:
        raise DomainError("inbound.too_many_supplementary",
                          params={"name": original_name, "max": MAX_SUPPLEMENTARY_SCANS})
    stored = store_image(db, owner_id=owner_id, kind=f"inbound.{kind}", original_name=original_name, data=data,
                         policy=SCAN_POLICY, clock=clock)
    if kind != SUPPLEMENTARY_SCAN_KIND:
        for old in existing:
            delete_scan(db, owner_id=owner_id, scan=old, clock=clock)
    row = db.exec(select(StoredFile).where(StoredFile.public_id == stored.public_id)).one()
    db.add(InboundScan(carnet_id=carnet.id, kind=kind, file_id=row.id, created_at=clock()))
    carnet.updated_at = clock()
    db.add(carnet)
    db.flush()
    logger.info("scan attached inbound_id=%s kind=%s file_id=%s", carnet.id, kind, row.id)
    return ScanView(kind=kind, label=text(f"scan.{kind}"), public_id=stored.public_id,
                    original_name=stored.original_name, url=stored.url)


def remove_scan(db: Session, *, owner_id: int, carnet_id: int, public_id: str, clock: Clock = system_clock) -> None:
    """Remove one scan of an editable carnet and delete its file.

    Raises:
        DomainError: ``common.not_found`` when the scan is not on this carnet of this owner,
            ``error.not_allowed`` when the carnet cannot be edited.
    """
    carnet = get_owned_inbound(db, owner_id=owner_id, carnet_id=carnet_id)
    _require_editable(carnet)
    scan = db.exec(
        select(InboundScan)
        .join(StoredFile, StoredFile.id == InboundScan.file_id)
        .where(InboundScan.carnet_id == carnet.id, StoredFile.public_id == public_id)
    ).first()
    if scan is None:
        raise DomainError("common.not_found")
    delete_scan(db, owner_id=owner_id, scan=scan, clock=clock)
    carnet.updated_at = clock()
    db.add(carnet)
    db.flush()


def list_scans(db: Session, *, carnet_id: int) -> list[ScanView]:
    """Return a carnet's scans: the required pages in form order, then the supplementary files."""
    rows = db.exec(
        select(InboundScan, StoredFile)
        .join(StoredFile, StoredFile.id == InboundScan.file_id)
        .where(InboundScan.carnet_id == carnet_id, StoredFile.deleted_at.is_(None))  # type: ignore[union-attr]
        .order_by(InboundScan.created_at, InboundScan.id)
    ).all()
    order = {kind: position for position, kind in enumerate(SCAN_KINDS)}
    ordered = sorted(rows, key=lambda pair: order.get(pair[0].kind, len(order)))
    return [
        ScanView(kind=scan.kind, label=text(f"scan.{scan.kind}"), public_id=stored.public_id,
                 original_name=stored.original_name, url=f"{FILE_ROUTE}/{stored.public_id}")
        for scan, stored in ordered
    ]
