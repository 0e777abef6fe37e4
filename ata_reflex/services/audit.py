"""The audit trail: every action on a record, with who did it and when."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from ata_reflex.models import AuditRecord, User
from ata_reflex.services.clock import Clock, format_local_time, system_clock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEntry:
    """One line of a record's history as the pages show it."""

    action: str
    actor_name: str
    actor_role: str
    detail: str
    created_at: str


def record_action(
    db: Session,
    *,
    actor_id: int | None,
    actor_role: str,
    action: str,
    entity_type: str,
    entity_id: int,
    detail: str = "",
    clock: Clock = system_clock,
) -> AuditRecord:
    """Append an audit record in the caller's transaction."""
    entry = AuditRecord(
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        detail=detail,
        created_at=clock(),
    )
    db.add(entry)
    logger.info("audit %s %s=%s actor_id=%s role=%s", action, entity_type, entity_id, actor_id, actor_role)
    return entry


def list_history(db: Session, *, entity_type: str, entity_id: int) -> list[AuditEntry]:
    """Return a record's audit trail, oldest first."""
    rows = db.exec(
        select(AuditRecord, User)
        .join(User, User.id == AuditRecord.actor_id, isouter=True)
        .where(AuditRecord.entity_type == entity_type, AuditRecord.entity_id == entity_id)
        .order_by(AuditRecord.created_at, AuditRecord.id)
    ).all()
    return [
        AuditEntry(
            action=entry.action,
            actor_name=user.username if user else "",
            actor_role=entry.actor_role,
            detail=entry.detail,
            created_at=format_local_time(entry.created_at),
        )
        for entry, user in rows
    ]

