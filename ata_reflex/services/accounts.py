"""Accounts: registration, activation, login, forgotten password and the staff account.

Responses that could reveal whether an account exists are identical either way. A wrong
password and an unknown username get one message after the same bcrypt work, and the
forgotten-password and resend-activation requests behave alike for unknown addresses. Only
the registration form names a taken username or e-mail, at its field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ata_reflex.domain.accounts import new_password_errors, validate_email, validate_registration
from ata_reflex.domain.contact import normalise_text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import User
from ata_reflex.services.clock import Clock, system_clock
from ata_reflex.services.mail import mask_email, queue_mail, render_mail
from ata_reflex.services.passwords import burn_password_check, hash_password, verify_password
from ata_reflex.services.sessions import SignedInUser, end_all_sessions, start_session
from ata_reflex.services.throttle import (
    clear_account_failures,
    clear_failed_logins,
    record_failed_login,
    reject_if_locked,
    throttle_key,
)
from ata_reflex.services.tokens import ACTIVATION, PASSWORD_RESET, check_token, issue_token, last_issued_at, use_token
from ata_reflex.settings import Settings, get_settings

logger = logging.getLogger(__name__)

# A second activation or reset mail within this time is silently skipped, so that the resend
# buttons cannot flood someone's mailbox.
MAIL_COOLDOWN = timedelta(minutes=1)
STAFF_ROLE = "staff"


@dataclass(frozen=True)
class SignIn:
    """A successful login: who signed in and the session token for the cookie."""

    user: SignedInUser
    session_token: str


def register_account(
    db: Session, *, username: str, password: str, email: str, settings: Settings | None = None,
    clock: Clock = system_clock,
) -> User:
    """Create an inactive account and queue its activation mail.

    Raises:
        ValidationFailed: for broken field rules, and ``account.username_taken`` or
            ``account.email_taken`` when another account uses the name or address in any case.
    """
    username, email = validate_registration(username=username, password=password, email=email)
    taken = _taken_fields(db, username_key=username.lower(), email_key=email.lower())
    if taken:
        raise ValidationFailed(taken)
    now = clock()
    user = User(
        username=username, username_key=username.lower(), email=email, email_key=email.lower(),
        password_hash=hash_password(password), is_active=False, created_at=now, password_changed_at=now,
    )
    try:
        # A savepoint, so that losing a race for the name to a parallel registration leaves
        # the session usable for telling which field was taken.
        with db.begin_nested():
            db.add(user)
    except IntegrityError:
        raise ValidationFailed(_taken_fields(db, username_key=username.lower(), email_key=email.lower())) from None
    _send_activation(db, user=user, settings=settings, clock=clock)
    logger.info("account registered user_id=%s email=%s", user.id, mask_email(email))
    return user


def resend_activation(
    db: Session, *, login: str, settings: Settings | None = None, clock: Clock = system_clock
) -> None:
    """Send a new activation link to an inactive account named by its username or e-mail.

    Nothing happens, and nothing is raised, for an unknown or already active account, or when
    a link went out less than ``MAIL_COOLDOWN`` ago.
    """
    key = normalise_text(login).lower()
    if not key:
        return
    user = db.exec(_live_users().where(or_(User.username_key == key, User.email_key == key))).first()
    if user is None or user.is_active:
        logger.info("activation resend skipped: no inactive account")
        return
    _send_activation(db, user=user, settings=settings, clock=clock)


def activate_account(db: Session, *, token: str, clock: Clock = system_clock) -> User:
    """Activate the account of an activation link and return it.

    Raises:
        DomainError: ``account.token_invalid``, ``account.token_used`` or ``account.token_expired``.
    """
    user = use_token(db, token=token, purpose=ACTIVATION, clock=clock)
    if not user.is_active:
        user.is_active = True
        user.activated_at = clock()
        db.add(user)
    logger.info("account activated user_id=%s", user.id)
    return user


def log_in(db: Session, *, username: str, password: str, client_address: str, clock: Clock = system_clock) -> SignIn:
    """Check a username and password and start a login session.

    A failed try is committed before the error is raised, because the caller's rollback must
    not erase it from the throttle counts.

    Raises:
        ValidationFailed: when the username or password is empty.
        DomainError: ``account.login_locked`` (param ``minutes``) after too many failures,
            ``account.login_failed`` for an unknown username or a wrong password, and
            ``account.not_activated`` for a correct password of an inactive account.
    """
    key = throttle_key(username)
    errors = {}
    if not key:
        errors["username"] = DomainError("error.required", "username")
    if not password:
        errors["password"] = DomainError("error.required", "password")
    if errors:
        raise ValidationFailed(errors)
    reject_if_locked(db, username_key=key, client_address=client_address, clock=clock)
    user = db.exec(_live_users().where(User.username_key == key)).first()
    if user is None:
        burn_password_check(password)
    if user is None or not verify_password(password, user.password_hash):
        record_failed_login(db, username_key=key, client_address=client_address, clock=clock)
        db.commit()
        raise DomainError("account.login_failed")
    if not user.is_active:
        raise DomainError("account.not_activated", "username")
    clear_failed_logins(db, username_key=key, client_address=client_address)
    token = start_session(db, user=user, clock=clock)
    return SignIn(SignedInUser(user.id, user.username, user.email, user.role), token)


def request_password_reset(
    db: Session, *, email: str, settings: Settings | None = None, clock: Clock = system_clock
) -> None:
    """Send a password reset link when the address belongs to an account.

    The caller shows the same notice whether or not a mail was queued.

    Raises:
        ValidationFailed: when the address is empty or malformed.
    """
    email = validate_email(email)
    # TODO: limit reset requests per client address too; MAIL_COOLDOWN only stops repeats to
    # one account, so a script can still send one reset mail to each known address.
    user = db.exec(_live_users().where(User.email_key == email.lower())).first()
    if user is None or _sent_recently(db, user=user, purpose=PASSWORD_RESET, clock=clock):
        logger.info("password reset mail skipped: unknown address or sent recently")
        return
    token = issue_token(db, user=user, purpose=PASSWORD_RESET, clock=clock)
    link = f"{(settings or get_settings()).public_url}/reset-password?token={token}"
    _queue_account_mail(db, user=user, code="mail.password_reset", clock=clock, link=link)


def check_reset_token(db: Session, *, token: str, clock: Clock = system_clock) -> None:
    """Raise the token's error if a password reset link can no longer be used.

    Raises:
        DomainError: ``account.token_invalid``, ``account.token_used`` or ``account.token_expired``.
    """
    check_token(db, token=token, purpose=PASSWORD_RESET, clock=clock)


def reset_password(
    db: Session, *, token: str, new_password: str, confirm_password: str, clock: Clock = system_clock
) -> User:
    """Set a new password from a reset link and end every session of the account.

    The link proves that its reader controls the mailbox, so an account that was never
    activated becomes active as well.

    Raises:
        DomainError: the token errors of ``check_reset_token``.
        ValidationFailed: for ``new_password`` or ``confirm_password``; the link stays usable.
    """
    check_token(db, token=token, purpose=PASSWORD_RESET, clock=clock)
    errors = new_password_errors(new_password, confirm_password)
    if errors:
        raise ValidationFailed(errors)
    user = use_token(db, token=token, purpose=PASSWORD_RESET, clock=clock)
    set_password(db, user=user, password=new_password, clock=clock)
    if not user.is_active:
        user.is_active = True
        user.activated_at = clock()
    end_all_sessions(db, user_id=user.id, clock=clock)
    clear_account_failures(db, username_key=user.username_key)
    logger.info("password reset user_id=%s", user.id)
    return user


def ensure_staff_account(
    db: Session, *, username: str, password: str, email: str, clock: Clock = system_clock
) -> tuple[User, bool]:
    """Create the active staff account, or reset the password and e-mail of an existing one.

    Resetting also ends every session of that account.

    Returns:
        The account and whether it was created.

    Raises:
        ValidationFailed: for broken field rules, or ``account.email_taken`` when another
            account uses the e-mail.
    """
    username, email = validate_registration(username=username, password=password, email=email)
    user = db.exec(select(User).where(User.username_key == username.lower())).first()
    owner = db.exec(select(User).where(User.email_key == email.lower())).first()
    if owner is not None and owner is not user:
        raise ValidationFailed({"email": DomainError("account.email_taken", "email")})
    created = user is None
    now = clock()
    if user is None:
        user = User(username=username, username_key=username.lower(), password_hash="", created_at=now)
    user.email, user.email_key = email, email.lower()
    user.role = STAFF_ROLE
    user.is_active, user.activated_at = True, user.activated_at or now
    set_password(db, user=user, password=password, clock=clock)
    if not created:
        end_all_sessions(db, user_id=user.id, clock=clock)
    logger.info("staff account %s user_id=%s", "created" if created else "reset", user.id)
    return user, created


def set_password(db: Session, *, user: User, password: str, clock: Clock) -> None:
    """Store a new password hash; tokens issued before now stop working."""
    user.password_hash = hash_password(password)
    user.password_changed_at = clock()
    db.add(user)
    db.flush()


def _live_users():  # noqa: ANN202  (a select statement)
    return select(User).where(User.deleted_at.is_(None))  # type: ignore[union-attr]


def _taken_fields(db: Session, *, username_key: str, email_key: str) -> dict[str, DomainError]:
    errors = {}
    if db.exec(select(User.id).where(User.username_key == username_key)).first() is not None:
        errors["username"] = DomainError("account.username_taken", "username")
    if db.exec(select(User.id).where(User.email_key == email_key)).first() is not None:
        errors["email"] = DomainError("account.email_taken", "email")
    return errors


def _sent_recently(db: Session, *, user: User, purpose: str, clock: Clock) -> bool:
    issued_at = last_issued_at(db, user_id=user.id, purpose=purpose)
    return issued_at is not None and clock() - issued_at < MAIL_COOLDOWN


def _send_activation(db: Session, *, user: User, settings: Settings | None, clock: Clock) -> None:
    if _sent_recently(db, user=user, purpose=ACTIVATION, clock=clock):
        logger.info("activation mail skipped: sent recently user_id=%s", user.id)
        return
    token = issue_token(db, user=user, purpose=ACTIVATION, clock=clock)
    link = f"{(settings or get_settings()).public_url}/activate?token={token}"
    _queue_account_mail(db, user=user, code="mail.activation", clock=clock, link=link)


def _queue_account_mail(db: Session, *, user: User, code: str, clock: Clock, **params: object) -> None:
    subject, text_body, html_body = render_mail(code, username=user.username, **params)
    queue_mail(db, to=user.email, subject=subject, text_body=text_body, html_body=html_body, clock=clock)
