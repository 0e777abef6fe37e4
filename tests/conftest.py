"""Fixtures shared by every test: isolated settings, a fresh SQLite database, a settable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from ata_reflex import models  # noqa: F401  (registers every table with SQLModel.metadata)
from ata_reflex.models import User
from ata_reflex.services.db import engine_for
from ata_reflex.services.passwords import hash_password
from ata_reflex.settings import Settings, get_settings


class FakeClock:
    """A clock for services that take ``clock=``; its time changes only when a test advances it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``timedelta(**delta)``."""
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def settings(tmp_path, monkeypatch) -> Iterator[Settings]:
    """Point data, outbox and database at ``tmp_path``, with cheap bcrypt and no resend key.

    ``get_settings()`` is cached per process, so the cache is cleared before and after.
    """
    monkeypatch.setenv("ATA_ENV", "development")
    monkeypatch.setenv("ATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ATA_OUTBOX_DIR", str(tmp_path / "data" / "outbox"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setenv("ATA_SECRET_KEY", "unit-test-secret-key-0123456789abcdef")
    monkeypatch.setenv("ATA_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("ATA_PUBLIC_URL", "https://ata.test")
    monkeypatch.delenv("RESEND_API_KEY", raising=False)
    monkeypatch.delenv("RESEND_API_URL", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """A fresh SQLite database file with every table, reached through the app's own engine setup."""
    engine = engine_for(settings.database_url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    engine_for.cache_clear()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on the test database; tests commit when they want a unit of work to end."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at 2026-03-02 09:00 UTC."""
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def make_user(db: Session, clock: FakeClock) -> Callable[..., User]:
    """Factory for accounts: ``make_user("zhangsan", active=True, role="holder")``.

    The account is created at the ``clock`` fixture's time, so that tokens issued on that clock
    are not older than its password.
    """

    def create(username: str = "zhangsan", *, password: str = "correct horse", email: str | None = None,
               active: bool = True, role: str = "holder") -> User:
        email = email or f"{username}@example.com"
        user = User(
            username=username,
            username_key=username.lower(),
            email=email,
            email_key=email.lower(),
            password_hash=hash_password(password),
            role=role,
            is_active=active,
            created_at=clock(),
            password_changed_at=clock(),
        )
        db.add(user)
        db.commit()
        return user

    return create
