"""Logins at bcrypt cost 12: 20 simulated clients press 登录 at the same moment.

A login's time runs from sending ``LoginState.log_in`` to the update that carries the new
session cookie.
"""

from __future__ import annotations

import asyncio
import json
import time

from common import BenchUser, percentiles
from reflex_client import HYDRATE, STATE, ReflexClient

LOG_IN = f"{STATE}.ata_reflex___state___session____session_state.ata_reflex___state___account____login_state.log_in"


async def _log_in(base_url: str, user: BenchUser, start: asyncio.Event, times: list[float], errors: list[str]) -> None:
    client = ReflexClient(base_url)
    try:
        await client.connect()
        await client.event(HYDRATE, path="/login/")
        await asyncio.sleep(1)
        client.drain()
        await start.wait()
        form = {"__reflex_form_data__": [["username", user.username], ["password", user.password]]}
        started = time.perf_counter()
        update = await client.event(LOG_IN, {"form_data": form}, path="/login/", timeout=120)
        while "session_token_rx_state_" not in json.dumps(update):
            update = await client.next_update(timeout=120)
        times.append((time.perf_counter() - started) * 1000)
    except Exception as error:  # noqa: BLE001  (any failure is counted, the run goes on)
        errors.append(f"{user.username}: {type(error).__name__}: {error}")
    finally:
        await client.close()


def single_check_ms(rounds: int = 12) -> float:
    """Return the time of one bcrypt check at ``rounds`` on this machine, the floor of any login."""
    import bcrypt

    stored = bcrypt.hashpw(b"x" * 44, bcrypt.gensalt(rounds))
    started = time.perf_counter()
    bcrypt.checkpw(b"x" * 44, stored)
    return round((time.perf_counter() - started) * 1000, 1)


async def measure(base_url: str, users: list[BenchUser]) -> dict[str, object]:
    """Log every user in at once and return the percentiles of the login times."""
    start = asyncio.Event()
    times: list[float] = []
    errors: list[str] = []
    tasks = [asyncio.create_task(_log_in(base_url, user, start, times, errors)) for user in users]
    await asyncio.sleep(5)
    start.set()
    await asyncio.gather(*tasks)
    return {"concurrent_logins": len(users), "login_ms": percentiles(times),
            "one_bcrypt_check_ms": single_check_ms(), "errors": errors[:5],
            "error_count": len(errors)}
