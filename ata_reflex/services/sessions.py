"""Login sessions: our own random token in a cookie, its hash in the database."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from ata_reflex.models import LoginSession, User
from ata_reflex.services.clock import Clock, as_utc, system_clock
from ata_reflex.services.secrets_util import hash_token, new_token

logger = logging.getLogger(__name__)

SESSION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class SignedInUser:
    """The account behind a valid session, as the states see it."""

    user_id: int
    username: str
    email: str
    role: str

    @property
    def is_staff(self) -> bool:
        """Whether the account belongs to chamber staff."""
        return self.role == "staff"


def start_session(session: Session, *, user: User, clock: Clock = system_clock) -> str:
    """Create a login session for an active user and return the token for the cookie."""
    token = new_token()
    now = clock()
    session.add(
        LoginSession(user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=now + SESSION_LIFETIME)
    )
    session.flush()
    logger.info("session started user_id=%s", user.id)
    return token


def resolve_session(session: Session, *, token: str, clock: Clock = system_clock) -> SignedInUser | None:
    """Return the signed-in user for a cookie token, or None when it is unknown, ended or expired."""
    if not token:
        return None
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= clock():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active or user.deleted_at is not None:
        return None
    return SignedInUser(user_id=user.id, username=user.username, email=user.email, role=user.role)


def end_session(session: Session, *, token: str, clock: Clock = system_clock) -> None:
    """End the session behind a cookie token (logout); unknown tokens are ignored."""
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock()
        session.add(row)


def end_all_sessions(session: Session, *, user_id: int, keep_token: str = "", clock: Clock = system_clock) -> int:
    """End every session of a user except the one behind ``keep_token``; return how many ended."""
    keep_hash = hash_token(keep_token) if keep_token else ""
    rows = session.exec(
        select(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))  # type: ignore[union-attr]
    ).all()
    ended = 0
    for row in rows:
        if row.token_hash != keep_hash:
            row.revoked_at = clock()
            session.add(row)
            ended += 1
    logger.info("sessions ended user_id=%s count=%s", user_id, ended)
    return ended
