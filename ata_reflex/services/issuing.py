"""Issuing outbound carnets (签发) and starting their renewal (续签)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.lifecycle import (
    DEFAULT_GUARANTEE_RATE,
    SECURITY_TYPES,
    check_valid_until,
    estimate_security,
    format_carnet_number,
    max_valid_until,
    normalise_carnet_number,
    parse_amount,
    serial_of,
)
from ata_reflex.domain.status import Actor, CarnetAction, CarnetStatus, next_status
from ata_reflex.models import CarnetCountry, CarnetNumberCounter, OutboundCarnet
from ata_reflex.services.audit import record_action
from ata_reflex.services.carnets import change_status, get_owned_carnet, local_today, notify_carnet_owner
from ata_reflex.services.clock import Clock, system_clock

logger = logging.getLogger(__name__)

# A counter update loses the compare-and-set only when another issue ran at the same moment.
MAX_COUNTER_ATTEMPTS = 20


@dataclass(frozen=True)
class IssueProposal:
    """Starting values of the issue dialog: a free number, today's date, the longest validity, the estimate."""

    carnet_number: str
    issue_date: str
    valid_until: str
    security_type: str
    security_estimate: str


def guarantee_rates(environ: Mapping[str, str] | None = None) -> tuple[dict[str, Decimal], Decimal]:
    """Return the per-country guarantee rates and the default rate from the environment.

    ``ATA_GUARANTEE_RATE`` sets the default (0.40 when unset) and ``ATA_GUARANTEE_RATES`` lists
    per-country rates as ``DE:0.5,FR:0.45``. Unreadable entries are logged and skipped.
    """
    env = os.environ if environ is None else environ
    default = DEFAULT_GUARANTEE_RATE
    try:
        default = Decimal(env.get("ATA_GUARANTEE_RATE", str(DEFAULT_GUARANTEE_RATE)))
    except InvalidOperation:
        logger.error("ATA_GUARANTEE_RATE is not a number; using %s", DEFAULT_GUARANTEE_RATE)
    rates: dict[str, Decimal] = {}
    for entry in filter(None, (part.strip() for part in env.get("ATA_GUARANTEE_RATES", "").split(","))):
        code, _, rate = entry.partition(":")
        try:
            rates[code.strip().upper()] = Decimal(rate)
        except InvalidOperation:
            logger.error("ATA_GUARANTEE_RATES entry %r is not CODE:RATE; skipped", entry)
    return rates, default


def carnet_security_estimate(db: Session, carnet: OutboundCarnet) -> Decimal:
    """Return the estimated security of a carnet from its goods value and the countries it visits."""
    codes = db.exec(select(CarnetCountry.country_code).where(CarnetCountry.carnet_id == carnet.id)).all()
    rates, default = guarantee_rates()
    return estimate_security(carnet.total_value_cny, codes, rates, default)


def _counter(db: Session, office_code: str, year: int) -> CarnetNumberCounter:
    """Return the counter row of an office and year, creating it when two issues race for the first."""
    row = db.get(CarnetNumberCounter, (office_code, year))
    if row is not None:
        return row
    try:
        with db.begin_nested():
            db.add(CarnetNumberCounter(office_code=office_code, year=year, last_serial=0))
    except IntegrityError:
        logger.info("counter row created concurrently office=%s year=%s", office_code, year)
    return db.get(CarnetNumberCounter, (office_code, year), populate_existing=True)


def _number_taken(db: Session, number: str) -> bool:
    return db.exec(select(OutboundCarnet.id).where(OutboundCarnet.carnet_number == number)).first() is not None


def propose_carnet_number(db: Session, *, office_code: str, year: int) -> str:
    """Return the next free number of an office and year without reserving it."""
    row = db.get(CarnetNumberCounter, (office_code, year))
    serial = (row.last_serial if row else 0) + 1
    while _number_taken(db, format_carnet_number(office_code, year, serial)):
        serial += 1
    return format_carnet_number(office_code, year, serial)


def _advance_counter(db: Session, office_code: str, year: int, *, at_least: int | None = None) -> int:
    """Advance the office-year counter with a compare-and-set and return the serial it now holds.

    Without ``at_least`` the counter goes up by one; with it, to ``at_least`` unless already higher.

    Raises:
        DomainError: ``error.stale_record`` after ``MAX_COUNTER_ATTEMPTS`` lost races.
    """
    for _attempt in range(MAX_COUNTER_ATTEMPTS):
        row = _counter(db, office_code, year)
        current = row.last_serial
        target = current + 1 if at_least is None else max(current, at_least)
        if target == current:
            return current
        result = db.exec(
            update(CarnetNumberCounter)
            .where(CarnetNumberCounter.office_code == office_code, CarnetNumberCounter.year == year,
                   CarnetNumberCounter.last_serial == current)
            .values(last_serial=target)
        )
        if result.rowcount == 1:
            db.expire(row)
            return target
        db.expire(row)
    logger.error("carnet number counter kept losing office=%s year=%s", office_code, year)
    raise DomainError("error.stale_record")


def allocate_carnet_number(db: Session, *, office_code: str, year: int) -> str:
    """Reserve the next serial of an office and year and return its carnet number."""
    while True:
        number = format_carnet_number(office_code, year, _advance_counter(db, office_code, year))
        if not _number_taken(db, number):
            return number
        # A number staff typed by hand already used this serial; take the next one.


def get_issue_proposal(db: Session, *, carnet_id: int, today: date) -> IssueProposal:
    """Return the values the issue dialog proposes for an approved carnet.

    Raises:
        DomainError: ``common.not_found``.
    """
    carnet = db.get(OutboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    return IssueProposal(
        carnet_number=propose_carnet_number(db, office_code=carnet.issuing_office_code, year=today.year),
        issue_date=today.isoformat(),
        valid_until=max_valid_until(today).isoformat(),
        security_type=carnet.security_type,
        security_estimate=f"{carnet_security_estimate(db, carnet):.2f}",
    )


def _parse_date(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError("error.invalid_date", field=field) from None


def issue_carnet(
    db: Session,
    *,
    staff_id: int,
    carnet_id: int,
    carnet_number: str,
    issue_date: str,
    valid_until: str,
    security_type: str,
    security_amount: str,
    clock: Clock = system_clock,
) -> OutboundCarnet:
    """Issue an approved carnet: its number, dates and the security actually lodged.

    A blank number takes the next serial of the issuing office and year. A typed number is
    checked for format and uniqueness. When it follows the standard form, the counter moves
    past it, so the next proposal does not repeat it. Issuing a renewal marks the original replaced.

    Raises:
        DomainError: with the field at fault (``carnet_number``, ``issue_date``, ``valid_until``,
            ``security_type``, ``security_amount``), ``lifecycle.number_taken``, ``error.not_allowed``
            or ``error.stale_record``.
    """
    carnet = db.get(OutboundCarnet, carnet_id)
    if carnet is None:
        raise DomainError("common.not_found")
    next_status(carnet.status, CarnetAction.ISSUE, Actor.STAFF)
    issued_on = _parse_date(issue_date, "issue_date")
    last_day = check_valid_until(issued_on, _parse_date(valid_until, "valid_until"))
    if security_type not in SECURITY_TYPES:
        raise DomainError("lifecycle.security_type_required", field="security_type")
    amount = parse_amount(security_amount, "security_amount")
    office, year = carnet.issuing_office_code, issued_on.year
    if carnet_number.strip():
        number = normalise_carnet_number(carnet_number)
        if _number_taken(db, number):
            raise DomainError("lifecycle.number_taken", field="carnet_number", params={"number": number})
        serial = serial_of(number, office, year)
        if serial is not None:
            _advance_counter(db, office, year, at_least=serial)
    else:
        number = allocate_carnet_number(db, office_code=office, year=year)
    values = {"carnet_number": number, "issue_date": issued_on, "valid_until": last_day,
              "security_lodged_type": security_type, "security_amount_cny": amount, "issued_at": clock()}
    try:
        with db.begin_nested():
            change_status(db, carnet, action=CarnetAction.ISSUE, actor=Actor.STAFF, actor_id=staff_id,
                           clock=clock, values=values)
    except IntegrityError:
        # Another carnet got the same number between the check and the update.
        logger.info("carnet number taken concurrently carnet_id=%s", carnet_id)
        raise DomainError("lifecycle.number_taken", field="carnet_number", params={"number": number}) from None
    logger.info("carnet issued carnet_id=%s number=%s", carnet.id, number)
    notify_carnet_owner(db, carnet=carnet, clock=clock)
    if carnet.replaces_id is not None:
        _mark_replaced(db, original_id=carnet.replaces_id, staff_id=staff_id, clock=clock)
    return carnet


def _mark_replaced(db: Session, *, original_id: int, staff_id: int, clock: Clock) -> None:
    """Mark the carnet a renewal replaces as replaced (已被续签替换)."""
    original = db.get(OutboundCarnet, original_id)
    if original is None or original.status != CarnetStatus.ISSUED.value:
        logger.warning("replaced carnet not issued original_id=%s", original_id)
        return
    change_status(db, original, action=CarnetAction.REPLACE, actor=Actor.SYSTEM, actor_id=staff_id, clock=clock)
    notify_carnet_owner(db, carnet=original, clock=clock)


def start_renewal(db: Session, *, owner_id: int, carnet_id: int, clock: Clock = system_clock) -> OutboundCarnet:
    """Open (or reopen) the renewal draft of an issued, unexpired carnet, prefilled from it.

    Raises:
        DomainError: ``common.not_found``, ``error.not_allowed``, ``renewal.expired``.
    """
    original = get_owned_carnet(db, owner_id=owner_id, carnet_id=carnet_id)
    next_status(original.status, CarnetAction.RENEW, Actor.HOLDER)
    if original.valid_until is not None and original.valid_until < local_today(clock):
        raise DomainError("renewal.expired")
    existing = db.exec(
        select(OutboundCarnet).where(
            OutboundCarnet.replaces_id == original.id,
            OutboundCarnet.status != CarnetStatus.WITHDRAWN.value,
        )
    ).first()
    if existing is not None:
        return existing
    now = clock()
    renewal = OutboundCarnet(owner_id=owner_id, form_json=original.form_json, replaces_id=original.id,
                             created_at=now, updated_at=now)
    db.add(renewal)
    db.flush()
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action=CarnetAction.RENEW.value,
                  entity_type="outbound_carnet", entity_id=original.id, detail=f"renewal_id={renewal.id}", clock=clock)
    record_action(db, actor_id=owner_id, actor_role=Actor.HOLDER.value, action="create",
                  entity_type="outbound_carnet", entity_id=renewal.id, detail=f"replaces_id={original.id}", clock=clock)
    logger.info("renewal started original_id=%s renewal_id=%s", original.id, renewal.id)
    return renewal
