"""Issue particulars and lifecycle action flags of the carnet pages: renewal, supplements and discharge."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ata_reflex.catalogue import text
from ata_reflex.domain.lifecycle import days_left, needs_renewal_warning
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, allowed_actions
from ata_reflex.models import CarnetDischarge, OutboundCarnet


def days_left_text(carnet: OutboundCarnet, today: date) -> str:
    """Return "剩余 N 天" or "已过期" for an issued carnet, else an empty string."""
    remaining = days_left(carnet.valid_until, today)
    if remaining is None or carnet.status != CarnetStatus.ISSUED.value:
        return ""
    return text("lifecycle.days_left", days=remaining) if remaining >= 0 else text("lifecycle.expired")


def lifecycle_fields(db: Session, carnet: OutboundCarnet, today: date) -> dict:
    """Return the issue particulars and the lifecycle ``can_*`` flags of a carnet's detail view."""
    holder = allowed_actions(carnet.status, Actor.HOLDER)
    staff = allowed_actions(carnet.status, Actor.STAFF)
    expired = carnet.valid_until is not None and carnet.valid_until < today
    original = db.get(OutboundCarnet, carnet.replaces_id) if carnet.replaces_id else None
    discharge = db.exec(select(CarnetDischarge).where(CarnetDischarge.carnet_id == carnet.id)
                        .order_by(CarnetDischarge.id.desc())).first()  # type: ignore[union-attr]
    replacement = db.exec(select(OutboundCarnet).where(OutboundCarnet.replaces_id == carnet.id,
                                                       OutboundCarnet.status != CarnetStatus.WITHDRAWN.value)).first()
    amount = carnet.security_amount_cny
    return {
        "carnet_number": carnet.carnet_number or "",
        "issue_date": carnet.issue_date.isoformat() if carnet.issue_date else "",
        "valid_until": carnet.valid_until.isoformat() if carnet.valid_until else "",
        "days_left": days_left_text(carnet, today),
        "security_lodged": (f"{text('security.' + carnet.security_lodged_type)} ¥{amount:,.2f}"
                            if amount is not None else ""),
        "replaces_reference": (original.carnet_number or "") if original else "",
        "replaced_by_id": replacement.id if replacement else 0,
        "discharge_status": text(f"discharge_status.{discharge.status}") if discharge else "",
        "can_issue": CarnetAction.ISSUE in staff,
        "can_renew": CarnetAction.RENEW in holder and not expired and discharge is None,
        "renewal_warning": CarnetAction.RENEW in holder and not expired
        and needs_renewal_warning(carnet.valid_until, today),
        "can_supplement": CarnetAction.REQUEST_SUPPLEMENT in holder,
        "can_discharge": CarnetAction.START_DISCHARGE in holder or discharge is not None,
    }
