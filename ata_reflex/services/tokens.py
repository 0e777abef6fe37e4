"""One-time account tokens sent by e-mail: activation and password reset.

A token is 256 random bits from ``secrets``; only its SHA-256 digest is stored, so a copy of
the database opens no account. Each token serves one purpose, works once and expires. A token
also dies when the account's password changes after it was issued, and issuing a new token
retires the older unused ones of the same purpose.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ata_reflex.domain.errors import DomainError
from ata_reflex.models import AccountToken, User
from ata_reflex.services.clock import Clock, as_utc, system_clock
from ata_reflex.services.secrets_util import hash_token, new_token

logger = logging.getLogger(__name__)

ACTIVATION = "activation"
PASSWORD_RESET = "password_reset"

TOKEN_LIFETIMES: dict[str, timedelta] = {
    ACTIVATION: timedelta(hours=24),
    PASSWORD_RESET: timedelta(hours=1),
}


def issue_token(db: Session, *, user: User, purpose: str, clock: Clock = system_clock) -> str:
    """Create a token for ``user`` and return it in clear text for the e-mailed link.

    Unused tokens of the same purpose are retired: their expiry is set to now, so an older
    link reports itself as expired.

    Raises:
        ValueError: for a purpose that has no lifetime in ``TOKEN_LIFETIMES``.
    """
    if purpose not in TOKEN_LIFETIMES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    now = clock()
    for older in _unused_tokens(db, user_id=user.id, purpose=purpose):
        older.expires_at = min(as_utc(older.expires_at), now)
        db.add(older)
    token = new_token()
    db.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + TOKEN_LIFETIMES[purpose],
        )
    )
    db.flush()
    logger.info("token issued user_id=%s purpose=%s", user.id, purpose)
    return token


def check_token(db: Session, *, token: str, purpose: str, clock: Clock = system_clock) -> tuple[AccountToken, User]:
    """Return a token's row and its account if the token can be used now, without using it.

    Raises:
        DomainError: with field ``token``. The code is ``account.token_invalid`` for an
            unknown token, one of another purpose, or one whose account was deleted. It is
            ``account.token_used`` for a token used before. It is ``account.token_expired``
            for a token past its lifetime, retired by a newer token, or issued before the
            account's last password change.
    """
    row = db.exec(select(AccountToken).where(AccountToken.token_hash == hash_token(token))).first() if token else None
    user = db.get(User, row.user_id) if row is not None else None
    if row is None or user is None or row.purpose != purpose or user.deleted_at is not None:
        raise DomainError("account.token_invalid", "token")
    if row.used_at is not None:
        raise DomainError("account.token_used", "token")
    issued_at = as_utc(row.created_at)
    if as_utc(row.expires_at) <= clock() or issued_at < as_utc(user.password_changed_at):
        raise DomainError("account.token_expired", "token")
    return row, user


def use_token(db: Session, *, token: str, purpose: str, clock: Clock = system_clock) -> User:
    """Mark a token used and return its account; the token never works again.

    Raises:
        DomainError: as ``check_token``.
    """
    row, user = check_token(db, token=token, purpose=purpose, clock=clock)
    row.used_at = clock()
    db.add(row)
    db.flush()
    logger.info("token used user_id=%s purpose=%s token_id=%s", user.id, purpose, row.id)
    return user


def last_issued_at(db: Session, *, user_id: int, purpose: str) -> datetime | None:
    """Return when the newest token of a purpose was issued to a user, or None."""
    created = db.exec(
        select(AccountToken.created_at)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose)
        .order_by(AccountToken.created_at.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()
    return as_utc(created) if created is not None else None


def _unused_tokens(db: Session, *, user_id: int | None, purpose: str) -> list[AccountToken]:
    return list(
        db.exec(
            select(AccountToken).where(
                AccountToken.user_id == user_id,
                AccountToken.purpose == purpose,
                AccountToken.used_at.is_(None),  # type: ignore[union-attr]
            )
        ).all()
    )
