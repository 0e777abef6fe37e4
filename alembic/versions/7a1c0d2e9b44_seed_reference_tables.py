"""seed issuing offices and customs ports

Revision ID: 7a1c0d2e9b44
Revises: 32ceea1859eb
Create Date: 2026-12-04 22:50:00

"""
from typing import Sequence, Union

from alembic import op
from sqlmodel import Session

revision: str = "7a1c0d2e9b44"
down_revision: Union[str, Sequence[str], None] = "32ceea1859eb"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Insert the seed rows that are missing; staff extend the tables from the admin pages."""
    from ata_reflex.services.reference_tables import seed_reference_tables

    with Session(bind=op.get_bind()) as session:
        seed_reference_tables(session)
        session.flush()


def downgrade() -> None:
    """Keep the rows: staff may have edited them, and the schema downgrade drops the tables anyway."""
