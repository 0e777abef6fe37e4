"""PostgreSQL and Redis for the scale-out tests; every test here skips when they are not reachable.

Each test module gets its own PostgreSQL database, ``ata_test_<random>``, migrated to head with
``reflex db migrate`` and dropped afterwards. Inside a module every test starts from empty
tables with freshly seeded reference tables, as the SQLite unit tests start from a fresh file.
Redis is used through a database number that held no keys when the module started, and only
keys that appeared during the module are deleted afterwards.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from ata_reflex.services.db import engine_for, session_scope
from ata_reflex.services.reference_tables import seed_reference_tables
from ata_reflex.settings import get_settings
from tests.unit.test_migrations import reflex_migrate

logger = logging.getLogger(__name__)

POSTGRES_URL = os.environ.get("ATA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("ATA_TEST_REDIS_URL", "redis://127.0.0.1:6379")
CONNECT_TIMEOUT_S = 3


def _postgres_admin():
    """Return an autocommit connection to the server's maintenance database, or skip the test."""
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}: {str(error).splitlines()[0]}")


def _database_url(name: str) -> str:
    """Return POSTGRES_URL with its database name replaced."""
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """Create an empty database ``ata_test_<random>`` for one test module and drop it afterwards."""
    name = f"ata_test_{secrets.token_hex(6)}"
    with _postgres_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _database_url(name)
    logger.info("created test database %s", name)
    try:
        yield url
    finally:
        engine_for(url).dispose()
        engine_for.cache_clear()
        with _postgres_admin() as admin:
            # FORCE ends the sessions an app server or a stuck thread may still hold.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        logger.info("dropped test database %s", name)


@pytest.fixture(scope="module")
def migrated_pg(pg_url: str, tmp_path_factory) -> str:
    """The module's database upgraded to head with ``reflex db migrate``; returns its URL."""
    reflex_migrate(pg_url, tmp_path_factory.mktemp("migrate"))
    return pg_url


def empty_tables(engine: Engine) -> None:
    """Delete every row of every table and seed the reference tables again."""
    names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    with session_scope(engine) as db:
        seed_reference_tables(db)


@pytest.fixture
def engine(settings, migrated_pg: str, monkeypatch) -> Engine:
    """Replace the SQLite engine of ``tests/conftest.py``: the module's PostgreSQL database, emptied.

    DATABASE_URL points at it too, so services that open their own session land there.
    """
    monkeypatch.setenv("DATABASE_URL", migrated_pg)
    get_settings.cache_clear()
    engine = engine_for(migrated_pg)
    empty_tables(engine)
    return engine


@dataclass
class RedisDatabase:
    """The Redis database URL of one test module, with a client on that database."""

    url: str
    client: object


def _free_redis_db(client) -> int:  # noqa: ANN001  (redis.Redis)
    """Return the highest database number (never 0, the default) that contains no keys."""
    databases = int(client.config_get("databases").get("databases", 16))
    used = {int(name[2:]) for name in client.info("keyspace")}
    for number in range(databases - 1, 0, -1):
        if number not in used:
            return number
    pytest.skip("every Redis database number already holds keys")


@pytest.fixture(scope="module")
def redis_db() -> Iterator[RedisDatabase]:
    """Pick a Redis database without keys and delete the keys that appear in it during the module.

    NOTE: the database is empty, not locked, so a concurrent run that picks the same number
    would share it. The Reflex state manager also enables keyspace notifications server-wide.
    """
    import redis

    probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=CONNECT_TIMEOUT_S)
    try:
        probe.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {str(error).splitlines()[0]}")
    number = _free_redis_db(probe)
    probe.close()
    url = f"{REDIS_URL.rstrip('/')}/{number}"
    client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_S)
    before = set(client.scan_iter())
    yield RedisDatabase(url=url, client=client)
    created = [key for key in client.scan_iter() if key not in before]
    if created:
        client.delete(*created)
    logger.info("deleted %s test keys from redis db %s", len(created), number)
    client.close()
