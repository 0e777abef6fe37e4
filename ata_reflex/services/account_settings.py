"""Changes that signed-in users make to their own account: new password, deregistration (注销账号).

Both need the current password. Wrong entries count as failed logins, so a stolen session
cannot be used to guess the password faster than the login form allows.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from ata_reflex.domain.accounts import new_password_errors
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import (
    AccountToken,
    CarnetCountry,
    GoodsItem,
    Holder,
    LoginAttempt,
    LoginSession,
    Message,
    OutboundCarnet,
    User,
)
from ata_reflex.services.accounts import set_password
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.passwords import verify_password
from ata_reflex.services.sessions import end_all_sessions
from ata_reflex.services.throttle import record_failed_login, reject_if_locked

logger = logging.getLogger(__name__)

# Carnets in these states never reached the chamber, so deregistration deletes them.
DELETABLE_CARNET_STATUSES = ("draft", "withdrawn")


def change_password(
    db: Session, *, user_id: int, old_password: str, new_password: str, confirm_password: str,
    keep_session_token: str, client_address: str, clock: Clock = system_clock,
) -> None:
    """Replace a signed-in user's password and end all their sessions except the current one.

    Raises:
        ValidationFailed: for an empty ``old_password`` or a bad ``new_password`` or
            ``confirm_password``.
        DomainError: ``account.old_password_wrong`` (field ``old_password``),
            ``account.login_locked``, or ``common.not_found`` for a missing account.
    """
    user = _signed_in_account(db, user_id)
    errors = new_password_errors(new_password, confirm_password)
    if not old_password:
        errors["old_password"] = DomainError("error.required", "old_password")
    if errors:
        raise ValidationFailed(errors)
    _check_current_password(db, user=user, password=old_password, client_address=client_address,
                            error=DomainError("account.old_password_wrong", "old_password"), clock=clock)
    set_password(db, user=user, password=new_password, clock=clock)
    end_all_sessions(db, user_id=user.id, keep_token=keep_session_token, clock=clock)
    logger.info("password changed user_id=%s", user.id)


def deregister_account(
    db: Session, *, user_id: int, password: str, client_address: str, clock: Clock = system_clock
) -> None:
    """Delete a user's personal data and end every session (注销账号).

    The account row stays, anonymised to ``deleted-<id>`` with an unusable password hash,
    because submitted carnets and audit records point at it. Holders, messages, tokens,
    sessions, and carnets that never reached the chamber (draft, withdrawn) are deleted with
    their goods items and countries. Carnets that the chamber has seen are kept. They carry
    copies of the holder's particulars, so their link to the deleted holder is cleared.

    Raises:
        ValidationFailed: for an empty password.
        DomainError: ``account.password_wrong`` (field ``password``), ``account.login_locked``
            or ``common.not_found``.
    """
    user = _signed_in_account(db, user_id)
    if not password:
        raise ValidationFailed({"password": DomainError("error.required", "password")})
    _check_current_password(db, user=user, password=password, client_address=client_address,
                            error=DomainError("account.password_wrong", "password"), clock=clock)
    old_username_key = user.username_key
    _delete_personal_records(db, user_id=user_id)
    placeholder = f"deleted-{user.id}"
    user.username = user.username_key = user.email = user.email_key = placeholder
    # Not a bcrypt hash, so verify_password rejects every password.
    user.password_hash = "!deleted-" + secrets.token_hex(16)
    user.is_active = False
    user.deleted_at = user.password_changed_at = clock()
    db.add(user)
    db.exec(delete(LoginSession).where(LoginSession.user_id == user_id))  # type: ignore[arg-type]
    db.exec(delete(LoginAttempt).where(LoginAttempt.username_key == old_username_key))  # type: ignore[arg-type]
    db.flush()
    logger.info("account deregistered user_id=%s", user_id)


def _signed_in_account(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None or user.deleted_at is not None or not user.is_active:
        raise DomainError("common.not_found")
    return user


def _check_current_password(
    db: Session, *, user: User, password: str, client_address: str, error: DomainError, clock: Clock
) -> None:
    """Raise ``error`` for a wrong password, after committing the failure to the throttle counts."""
    reject_if_locked(db, username_key=user.username_key, client_address=client_address, clock=clock)
    if verify_password(password, user.password_hash):
        return
    record_failed_login(db, username_key=user.username_key, client_address=client_address, clock=clock)
    # The caller rolls back when the error propagates, so the failure is committed first.
    db.commit()
    logger.info("current password wrong user_id=%s", user.id)
    raise error


def _delete_personal_records(db: Session, *, user_id: int) -> None:
    # NOTE: only the carnet tables of models/carnet.py are cleared. A new table that points at
    # carnets or holders must be added here, because its foreign key would stop the deletion.
    carnet_ids = select(OutboundCarnet.id).where(
        OutboundCarnet.owner_id == user_id, col(OutboundCarnet.status).in_(DELETABLE_CARNET_STATUSES)
    )
    db.exec(delete(GoodsItem).where(col(GoodsItem.carnet_id).in_(carnet_ids)))  # type: ignore[arg-type]
    db.exec(delete(CarnetCountry).where(col(CarnetCountry.carnet_id).in_(carnet_ids)))  # type: ignore[arg-type]
    db.exec(delete(OutboundCarnet).where(col(OutboundCarnet.id).in_(carnet_ids)))  # type: ignore[arg-type]
    holder_ids = select(Holder.id).where(Holder.owner_id == user_id)
    unlink_holders = update(OutboundCarnet).where(col(OutboundCarnet.holder_id).in_(holder_ids)).values(holder_id=None)
    db.exec(unlink_holders)  # type: ignore[arg-type]
    db.exec(delete(Holder).where(Holder.owner_id == user_id))  # type: ignore[arg-type]
    db.exec(delete(Message).where(Message.user_id == user_id))  # type: ignore[arg-type]
    db.exec(delete(AccountToken).where(AccountToken.user_id == user_id))  # type: ignore[arg-type]
