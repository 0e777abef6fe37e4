"""A minimal Reflex websocket client for load tests: engine.io v4 / socket.io v5 over wsproto.

The venv has no aiohttp or websockets package, so this speaks the few frames Reflex uses by
hand: open, namespace connect on /_event, "event" messages both ways, and ping/pong.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Ping, Request, TextMessage

logger = logging.getLogger(__name__)

NAMESPACE = "/_event"
STATE = "reflex___state____state"
HYDRATE = f"{STATE}.hydrate"
UPDATE_VARS = f"{STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{STATE}.reflex___state____on_load_internal_state.on_load_internal"


class ReflexClient:
    """One simulated browser tab: a client token, optional cookies, and an event round-trip call."""

    def __init__(self, base_url: str, cookie: str = "") -> None:
        self.base_url = base_url
        self.cookie = cookie
        self.token = str(uuid.uuid4())
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._updates: asyncio.Queue[dict] = asyncio.Queue()
        self._connected = asyncio.Event()
        self._buffer = ""
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None

    async def connect(self) -> None:
        """Open the websocket and join the event namespace."""
        parts = urlsplit(self.base_url)
        self._reader, self._writer = await asyncio.open_connection(parts.hostname, parts.port)
        headers = [(b"origin", self.base_url.encode())]
        if self.cookie:
            headers.append((b"cookie", self.cookie.encode()))
        target = f"{NAMESPACE}/?token={self.token}&EIO=4&transport=websocket"
        self._send_raw(Request(host=parts.netloc, target=target, extra_headers=headers))
        self._task = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(self._connected.wait(), 30)

    def _send_raw(self, event) -> None:
        self._writer.write(self._ws.send(event))

    def _send_text(self, payload: str) -> None:
        self._send_raw(TextMessage(data=payload))

    async def _read_loop(self) -> None:
        while True:
            data = await self._reader.read(65536)
            if not data:
                return
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    continue
                if isinstance(event, Ping):
                    self._send_raw(event.response())
                elif isinstance(event, CloseConnection):
                    return
                elif isinstance(event, TextMessage):
                    self._buffer += event.data
                    if event.message_finished:
                        self._on_message(self._buffer)
                        self._buffer = ""
            await self._writer.drain()

    def _on_message(self, message: str) -> None:
        if message.startswith("0"):
            self._send_text(f"40{NAMESPACE},")
        elif message == "2":
            self._send_text("3")
        elif message.startswith(f"40{NAMESPACE}"):
            self._connected.set()
        elif message.startswith(f"42{NAMESPACE},"):
            name, body = json.loads(message[len(f"42{NAMESPACE},"):])
            if name == "event":
                self._updates.put_nowait(body)

    async def event(self, name: str, payload: dict | None = None, path: str = "/",
                    query: dict[str, str] | None = None, timeout: float = 30) -> dict:
        """Send one event and return the first state update that follows it.

        Reflex 0.10 marks no update as the last of an event, so a caller that expects several
        drains the rest itself.
        """
        router_data = {"pathname": path, "asPath": path}
        if query:
            router_data["query"] = query
        body = {"name": name, "payload": payload or {}, "router_data": router_data}
        self._send_text(f"42{NAMESPACE}," + json.dumps(["event", body], ensure_ascii=False))
        await self._writer.drain()
        return await asyncio.wait_for(self._updates.get(), timeout)

    async def next_update(self, timeout: float = 30) -> dict:
        """Wait for the next state update of the event in flight."""
        return await asyncio.wait_for(self._updates.get(), timeout)

    def drain(self) -> int:
        """Drop updates that arrived without a pending event (on-load follow-ups); return how many."""
        count = self._updates.qsize()
        while not self._updates.empty():
            self._updates.get_nowait()
        return count

    async def close(self) -> None:
        """Close the socket."""
        if self._task is not None:
            self._task.cancel()
        if self._writer is not None:
            self._writer.close()
