"""Shared parts of the benchmarks: a production server on a free port and accounts seeded straight into its database."""

from __future__ import annotations

import os
import secrets
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import AppServer, start_app, stop_app  # noqa: E402

__all__ = ["AppServer", "BenchUser", "percentiles", "seed_users", "start_bench_server", "stop_app"]


@dataclass(frozen=True)
class BenchUser:
    """An active holder account with a login session and an empty outbound draft."""

    username: str
    password: str
    session_token: str
    carnet_id: int


def start_bench_server(data_dir: Path, bcrypt_rounds: int = 12):
    """Start the production build with bcrypt at the production cost and point this process at its database."""
    process, server = start_app(data_dir, {"ATA_BCRYPT_ROUNDS": str(bcrypt_rounds)})
    # The seeding below writes into the server's database and must hash with the same secret key.
    os.environ["DATABASE_URL"] = server.env["DATABASE_URL"]
    os.environ["ATA_DATA_DIR"] = server.env["ATA_DATA_DIR"]
    os.environ["ATA_BCRYPT_ROUNDS"] = str(bcrypt_rounds)
    return process, server


def seed_users(count: int, *, prefix: str, rounds: int = 4) -> list[BenchUser]:
    """Create active accounts, each with a login session and a draft carnet of one empty goods row."""
    from ata_reflex.models import User
    from ata_reflex.services import carnets
    from ata_reflex.services.db import session_scope
    from ata_reflex.services.passwords import hash_password
    from ata_reflex.services.sessions import start_session

    users = []
    with session_scope() as db:
        for number in range(count):
            username = f"{prefix}{number:03d}"
            password = f"bench-{secrets.token_hex(6)}"
            user = User(username=username, username_key=username, email=f"{username}@example.com",
                        email_key=f"{username}@example.com", password_hash=hash_password(password, rounds=rounds),
                        is_active=True)
            db.add(user)
            db.flush()
            token = start_session(db, user=user)
            carnet = carnets.create_draft(db, owner_id=user.id)
            users.append(BenchUser(username, password, token, carnet.id))
    return users


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """Return count, p50, p95, p99 and max of a list of milliseconds, rounded to 0.1 ms."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"count": 0}

    def pick(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return {"count": len(ordered), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "max": round(ordered[-1], 1), "mean": round(statistics.fmean(ordered), 1)}
