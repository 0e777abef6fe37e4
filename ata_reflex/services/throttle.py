"""Slow down and then lock repeated failed logins, per account and per client address.

Failures are rows of ``LoginAttempt``, so every backend worker reads the same counts. Within a
sliding window of ``FAILURE_WINDOW`` a scope (one account name, or one client address) first
gets a growing delay before each further try, then a lock. The lock ends when the newest
failure leaves the window, that is ``FAILURE_WINDOW`` after it; tries refused while locked are
not recorded, so waiting always ends the lock.

The address limits are looser than the account limits because an office behind one NAT
address shares them between all its staff.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ata_reflex.domain.errors import DomainError
from ata_reflex.models import LoginAttempt
from ata_reflex.services.clock import Clock, as_utc, system_clock

logger = logging.getLogger(__name__)

FAILURE_WINDOW = timedelta(minutes=15)
ACCOUNT_SLOWDOWN_AFTER = 3
ACCOUNT_LOCK_AFTER = 5
ADDRESS_SLOWDOWN_AFTER = 10
ADDRESS_LOCK_AFTER = 20
FIRST_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 2.0
# Width of the username_key and client_address columns; longer input is truncated to fit.
_KEY_MAX_LENGTH = 64


@dataclass(frozen=True)
class ThrottleStatus:
    """The delay or lock that applies to the next login try of one account name from one address."""

    delay_seconds: float
    locked_until: datetime | None

    @property
    def is_locked(self) -> bool:
        """Whether the try must be refused without checking the password."""
        return self.locked_until is not None

    def minutes_left(self, now: datetime) -> int:
        """Return the whole minutes, rounded up, until the lock ends; 0 when not locked."""
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - now).total_seconds() / 60))


def throttle_key(username: str) -> str:
    """Return the form of a typed account name under which its failures are counted."""
    return username.strip().lower()[:_KEY_MAX_LENGTH]


def check_login_throttle(
    db: Session, *, username_key: str, client_address: str, clock: Clock = system_clock
) -> ThrottleStatus:
    """Return the delay or lock that applies to the next try of this account name from this address.

    Args:
        db: the database session.
        username_key: the typed account name through ``throttle_key``; unknown names count too.
        client_address: the client's IP address as Reflex reports it (``router.session.client_ip``).
        clock: the time source, replaced in tests.
    """
    now = clock()
    since = now - FAILURE_WINDOW
    scopes = (
        (LoginAttempt.username_key == username_key, ACCOUNT_SLOWDOWN_AFTER, ACCOUNT_LOCK_AFTER),
        (LoginAttempt.client_address == client_address[:_KEY_MAX_LENGTH], ADDRESS_SLOWDOWN_AFTER, ADDRESS_LOCK_AFTER),
    )
    delay = 0.0
    locked_until: datetime | None = None
    for condition, slowdown_after, lock_after in scopes:
        count, newest = db.exec(
            select(func.count(LoginAttempt.id), func.max(LoginAttempt.created_at)).where(
                condition, LoginAttempt.created_at > since
            )
        ).one()
        if count >= lock_after and newest is not None:
            scope_until = as_utc(newest) + FAILURE_WINDOW
            locked_until = max(locked_until or scope_until, scope_until)
        elif count >= slowdown_after:
            delay = max(delay, min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (count - slowdown_after)))
    return ThrottleStatus(delay_seconds=delay, locked_until=locked_until)


def reject_if_locked(db: Session, *, username_key: str, client_address: str, clock: Clock = system_clock) -> float:
    """Raise while the account name or the address is locked, else return the delay to apply.

    Raises:
        DomainError: ``account.login_locked`` with the param ``minutes`` until the lock ends.
    """
    status = check_login_throttle(db, username_key=username_key, client_address=client_address, clock=clock)
    if status.is_locked:
        logger.warning("login rejected while locked address=%s", client_address)
        raise DomainError("account.login_locked", None, {"minutes": status.minutes_left(clock())})
    return status.delay_seconds


def record_failed_login(
    db: Session, *, username_key: str, client_address: str, clock: Clock = system_clock
) -> None:
    """Count one failed try, and drop failures that have left the window of every scope."""
    now = clock()
    db.exec(delete(LoginAttempt).where(LoginAttempt.created_at <= now - FAILURE_WINDOW))  # type: ignore[arg-type]
    db.add(
        LoginAttempt(username_key=username_key, client_address=client_address[:_KEY_MAX_LENGTH], created_at=now)
    )
    db.flush()
    logger.info("login failure recorded address=%s", client_address)


def clear_failed_logins(db: Session, *, username_key: str, client_address: str) -> None:
    """Forget the failures of one account name from one address after it signed in.

    Failures from other addresses stay: a successful login proves nothing about the tries
    made elsewhere, and a lock against another machine must outlive it.
    """
    db.exec(
        delete(LoginAttempt).where(  # type: ignore[arg-type]
            LoginAttempt.username_key == username_key,
            LoginAttempt.client_address == client_address[:_KEY_MAX_LENGTH],
        )
    )


def clear_account_failures(db: Session, *, username_key: str) -> None:
    """Lift the per-account lock after a password reset, from every address.

    The lock message sends a locked-out user to 忘记密码. Completing the reset proves control of
    the account's mailbox, so the failed tries against the old password no longer count. The
    per-address counts of other account names stay.
    """
    db.exec(delete(LoginAttempt).where(LoginAttempt.username_key == username_key))  # type: ignore[arg-type]
