"""Tables of accounts, login sessions, one-time tokens and login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ata_reflex.models.base import utc_now


class User(SQLModel, table=True):
    """A holder's or broker's account, or a chamber staff member (role ``staff``)."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    # Lower-cased username; uniqueness is case-insensitive.
    username_key: str = Field(max_length=64, unique=True, index=True)
    email: str = Field(max_length=254)
    email_key: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=100)
    role: str = Field(default="holder", max_length=16)
    is_active: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utc_now)
    activated_at: datetime | None = None
    # Tokens issued before this moment are dead: set on every password change.
    password_changed_at: datetime = Field(default_factory=utc_now)
    deleted_at: datetime | None = None


class LoginSession(SQLModel, table=True):
    """A signed-in browser; the cookie carries the token, the table only its hash."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    revoked_at: datetime | None = None


class AccountToken(SQLModel, table=True):
    """A single-use e-mailed token for activation or password reset, stored hashed."""

    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    used_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """One failed login, counted per account and per client address for throttling."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    username_key: str = Field(max_length=64, index=True)
    client_address: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utc_now, index=True)
