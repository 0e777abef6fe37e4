"""Migrations: an empty database upgraded to head has every table, the seeds, and nothing left to generate."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, create_engine

from ata_reflex import models  # noqa: F401  (registers every table with SQLModel.metadata)
from ata_reflex.models import CustomsPort, IssuingOffice
from tests.e2e.conftest import ROOT, app_environment

MIGRATE_TIMEOUT_S = 120


def reflex_migrate(database_url: str, data_dir: Path) -> None:
    """Run ``reflex db migrate`` against a database, as ``make migrate`` does, and fail loudly on error."""
    env = app_environment(data_dir, {"DATABASE_URL": database_url})
    result = subprocess.run(
        [sys.executable, "-m", "reflex", "db", "migrate"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=MIGRATE_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def pending_changes(engine: Engine) -> list:
    """Return what alembic autogenerate would still write for ``SQLModel.metadata``.

    Column types are compared too. On SQLite that could report type affinity noise, such as a
    column reflected as ``VARCHAR`` against a model ``AutoString``. None shows up with the
    current models and migrations, so nothing is filtered and any difference fails the test.
    """
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def table_names(engine: Engine) -> set[str]:
    """Return the tables present in the database, without alembic's version table."""
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def row_count(engine: Engine, model: type[SQLModel]) -> int:
    """Return the number of rows in a model's table."""
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Iterator[Engine]:
    """An empty SQLite file upgraded to head by ``reflex db migrate``, shared by this module's checks."""
    folder = tmp_path_factory.mktemp("migrated")
    url = f"sqlite:///{folder / 'migrated.db'}"
    reflex_migrate(url, folder / "data")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def test_migrate_creates_every_table(migrated):
    assert table_names(migrated) == set(SQLModel.metadata.tables)


def test_migrate_seeds_customs_ports(migrated):
    assert row_count(migrated, CustomsPort) > 0


def test_migrate_seeds_issuing_offices(migrated):
    assert row_count(migrated, IssuingOffice) > 0


def test_migrate_leaves_nothing_to_autogenerate(migrated):
    assert pending_changes(migrated) == []


def test_alembic_upgrade_head(settings):
    """Plain ``alembic upgrade head`` finds the database URL through the settings, like ``reflex db``."""
    command.upgrade(Config(str(ROOT / "alembic.ini")), "head")
    engine = create_engine(settings.database_url)
    try:
        assert pending_changes(engine) == []
    finally:
        engine.dispose()
