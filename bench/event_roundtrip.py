"""Event round trips with 100 simulated clients: a trivial Reflex handler against the app's goods-cell edit.

Each client is a signed-in holder on its own draft. It alternates, after a think time of
0.5-1.5 s, a trivial handler (``AboutState.set_deregister_open``: sets one bool, no database)
and the real ``set_goods_field`` (session lookup, draft saved to the database, totals recounted,
then a script that drops the browser's local copy). A round trip is the time from sending the
event to receiving its last state update.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time

from common import BenchUser, percentiles
from reflex_client import HYDRATE, ON_LOAD, STATE, UPDATE_VARS, ReflexClient

logger = logging.getLogger(__name__)

SESSION = f"{STATE}.ata_reflex___state___session____session_state"
FORM = f"{SESSION}.ata_reflex___state___outbound____outbound_form_state"
TRIVIAL = f"{SESSION}.ata_reflex___state___about____about_state.set_deregister_open"
SET_GOODS_FIELD = f"{FORM}.set_goods_field"


async def _sign_in(client: ReflexClient, user: BenchUser) -> str:
    """Hydrate, hand over the login cookie as the browser does, and load the goods page."""
    path = f"/outbound/{user.carnet_id}/goods/"
    query = {"carnet_id": str(user.carnet_id)}
    await client.event(HYDRATE, path=path, query=query)
    await client.event(UPDATE_VARS, {"vars": {f"{SESSION}.session_token_rx_state_": user.session_token}},
                       path=path, query=query)
    await client.event(ON_LOAD, path=path, query=query)
    await asyncio.sleep(2)
    client.drain()
    return path


async def _run_client(base_url: str, user: BenchUser, until: float, trivial: list[float], real: list[float],
                      errors: list[str]) -> None:
    client = ReflexClient(base_url)
    try:
        await client.connect()
        path = await _sign_in(client, user)
        query = {"carnet_id": str(user.carnet_id)}
        counter = 0
        while time.monotonic() < until:
            counter += 1
            await asyncio.sleep(random.uniform(0.5, 1.5))
            started = time.perf_counter()
            await client.event(TRIVIAL, {"is_open": counter % 2 == 1}, path=path, query=query)
            trivial.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(random.uniform(0.5, 1.5))
            started = time.perf_counter()
            # Two updates: the delta (totals, save note), then the script event.
            await client.event(SET_GOODS_FIELD, {"index": 0, "name": "value_cny", "value": str(counter)},
                               path=path, query=query)
            await client.next_update()
            real.append((time.perf_counter() - started) * 1000)
    except Exception as error:  # noqa: BLE001  (any failure is counted, the run goes on)
        errors.append(f"{user.username}: {type(error).__name__}: {error}")
    finally:
        await client.close()


async def measure(base_url: str, users: list[BenchUser], seconds: float) -> dict[str, object]:
    """Run every client for ``seconds`` after they all signed in; return the percentiles of both handlers."""
    trivial: list[float] = []
    real: list[float] = []
    errors: list[str] = []
    # The clients sign in during the first seconds; the extra 15 s cover that.
    until = time.monotonic() + seconds + 15
    load_before = os.getloadavg()[0]
    await asyncio.gather(*(_run_client(base_url, user, until, trivial, real, errors) for user in users))
    return {
        "clients": len(users),
        # Other programs on the machine lengthen the tail; the 1-minute load average shows how busy it was.
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "think_time_s": [0.5, 1.5],
        "trivial_set_deregister_open_ms": percentiles(trivial),
        "set_goods_field_ms": percentiles(real),
        "errors": errors[:5],
        "error_count": len(errors),
    }
