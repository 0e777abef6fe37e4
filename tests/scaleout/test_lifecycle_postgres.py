"""Carnet numbers under concurrent issue, on PostgreSQL (skipped when it is not reachable).

The tests are the SQLite ones of ``tests/unit/services/test_lifecycle.py``, run again here against a
database ``ata_lifecycle_<random>`` that this module creates, migrates to head and drops.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator

import pytest

from ata_reflex.services.db import engine_for
from tests.scaleout.conftest import _database_url, _postgres_admin
from tests.unit.services.test_lifecycle import (  # noqa: F401  (the fixtures and tests run here again)
    issued,
    owner,
    seeded,
    staff,
    test_concurrent_allocation_unique,
    test_concurrent_issue_unique,
    test_issue_sets_number_and_dates,
    test_typed_number_taken,
)

logger = logging.getLogger(__name__)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """Create an empty database ``ata_lifecycle_<random>`` for this module and drop it afterwards."""
    name = f"ata_lifecycle_{secrets.token_hex(6)}"
    with _postgres_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _database_url(name)
    try:
        yield url
    finally:
        engine_for(url).dispose()
        engine_for.cache_clear()
        with _postgres_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        logger.info("dropped test database %s", name)
