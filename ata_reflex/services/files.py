"""Private file storage: uploads under random names outside every public directory.

Reflex serves everything under its upload directory to anyone, so scans never go there. They go
to ``<data dir>/private_uploads`` and are served only by the ``/files/{public_id}`` route, which
checks that the viewer owns the file or is chamber staff.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.images import ImagePolicy, prepare_image
from ata_reflex.models import StoredFile
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.sessions import SignedInUser
from ata_reflex.settings import get_settings

logger = logging.getLogger(__name__)

FILE_ROUTE = "/files"
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class StoredFileView:
    """A stored file as pages show it; the URL contains only the random public id."""

    public_id: str
    kind: str
    original_name: str
    width: int
    height: int
    size_bytes: int
    url: str


def storage_dir() -> Path:
    """Return the private upload folder, creating it with owner-only permissions."""
    folder = get_settings().data_dir / "private_uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def file_view(row: StoredFile) -> StoredFileView:
    """Return the view of a stored file."""
    return StoredFileView(
        public_id=row.public_id,
        kind=row.kind,
        original_name=row.original_name,
        width=row.width,
        height=row.height,
        size_bytes=row.size_bytes,
        url=f"{FILE_ROUTE}/{row.public_id}",
    )


def _display_name(original_name: str) -> str:
    """Keep only the last path part of a client's file name, for display; it never names a file on disk."""
    name = original_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:MAX_NAME_LENGTH] or "upload"


def store_image(
    db: Session,
    *,
    owner_id: int,
    kind: str,
    original_name: str,
    data: bytes,
    policy: ImagePolicy,
    clock: Clock = system_clock,
) -> StoredFileView:
    """Check an uploaded image, store it as a clean JPEG and record it for its owner.

    Raises:
        DomainError: an ``image.*`` code from :func:`prepare_image`, naming the file.
    """
    display_name = _display_name(original_name)
    prepared = prepare_image(data, policy, name=display_name)
    storage_name = f"{secrets.token_hex(16)}.jpg"
    path = storage_dir() / storage_name
    path.write_bytes(prepared.jpeg)
    path.chmod(0o600)
    row = StoredFile(
        owner_id=owner_id,
        public_id=secrets.token_urlsafe(24),
        kind=kind,
        original_name=display_name,
        storage_name=storage_name,
        size_bytes=len(prepared.jpeg),
        width=prepared.width,
        height=prepared.height,
        created_at=clock(),
    )
    db.add(row)
    db.flush()
    logger.info("file stored file_id=%s owner_id=%s kind=%s bytes=%s", row.id, owner_id, kind, row.size_bytes)
    return file_view(row)


def _find(db: Session, public_id: str) -> StoredFile | None:
    row = db.exec(select(StoredFile).where(StoredFile.public_id == public_id)).first()
    return row if row is not None and row.deleted_at is None else None


def get_owned_file(db: Session, *, owner_id: int, public_id: str) -> StoredFile:
    """Return a file of this owner.

    Raises:
        DomainError: ``common.not_found`` for a missing, deleted or foreign file alike.
    """
    row = _find(db, public_id)
    if row is None or row.owner_id != owner_id:
        raise DomainError("common.not_found")
    return row


def get_file_for_viewer(db: Session, *, public_id: str, viewer: SignedInUser | None) -> tuple[StoredFile, Path]:
    """Return a file and its path on disk if the viewer owns it or is staff.

    Raises:
        DomainError: ``common.not_found`` for everyone else, signed in or not, so the response does
            not reveal whether the file exists.
    """
    row = _find(db, public_id) if viewer is not None else None
    if row is None or not (viewer.is_staff or row.owner_id == viewer.user_id):
        raise DomainError("common.not_found")
    path = storage_dir() / row.storage_name
    if not path.is_file():
        logger.error("stored file missing on disk file_id=%s", row.id)
        raise DomainError("common.not_found")
    return row, path


def delete_file(db: Session, *, owner_id: int, public_id: str, clock: Clock = system_clock) -> None:
    """Mark an owner's file deleted and remove its bytes."""
    row = get_owned_file(db, owner_id=owner_id, public_id=public_id)
    row.deleted_at = clock()
    db.add(row)
    (storage_dir() / row.storage_name).unlink(missing_ok=True)
    logger.info("file deleted file_id=%s owner_id=%s", row.id, owner_id)
