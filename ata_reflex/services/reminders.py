"""Expiry reminders for issued carnets, sent by ``python -m ata_reflex.cli remind``."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.lifecycle import due_reminder
from ata_reflex.domain.status import CarnetStatus
from ata_reflex.models import OutboundCarnet, ReminderSent
from ata_reflex.services.audit import record_action
from ata_reflex.services.carnets import ENTITY, carnet_reference
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.messages import notify_user

logger = logging.getLogger(__name__)


def send_reminders(db: Session, *, today: date, clock: Clock = system_clock) -> int:
    """Send each due reminder once: 30 and 7 days before expiry, and once expired without discharge.

    Only issued carnets are looked at; replaced and discharged ones need no reminder. The unique
    (carnet, kind) row is written in the same savepoint as the message, so a second run, or two
    runs at once, send nothing twice.

    Returns:
        The number of reminders sent.
    """
    carnets = db.exec(
        select(OutboundCarnet).where(
            OutboundCarnet.status == CarnetStatus.ISSUED.value,
            OutboundCarnet.valid_until.is_not(None),  # type: ignore[union-attr]
        )
    ).all()
    sent = 0
    for carnet in carnets:
        kinds = db.exec(select(ReminderSent.kind).where(ReminderSent.carnet_id == carnet.id)).all()
        kind = due_reminder(carnet.valid_until, today, kinds)
        if kind is None or carnet.owner_id is None:
            continue
        params = {"number": carnet_reference(carnet), "valid_until": carnet.valid_until.isoformat(),
                  "days": (carnet.valid_until - today).days}
        try:
            with db.begin_nested():
                db.add(ReminderSent(carnet_id=carnet.id, kind=kind, sent_at=clock()))
                db.flush()
                notify_user(db, user_id=carnet.owner_id, title=text(f"notice.reminder.{kind}.title", **params),
                            body=text(f"notice.reminder.{kind}.body", **params),
                            link_path=f"/outbound/{carnet.id}", clock=clock)
                record_action(db, actor_id=None, actor_role="system", action=f"remind_{kind}", entity_type=ENTITY,
                              entity_id=carnet.id, clock=clock)
        except IntegrityError:
            logger.info("reminder already sent by another run carnet_id=%s kind=%s", carnet.id, kind)
            continue
        sent += 1
        logger.info("reminder sent carnet_id=%s kind=%s", carnet.id, kind)
    return sent
