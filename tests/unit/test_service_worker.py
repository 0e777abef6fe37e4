"""The service worker leaves the event websocket, uploads and private scans to the network."""

from __future__ import annotations

from pathlib import Path

SW = (Path(__file__).resolve().parents[2] / "assets" / "sw.js").read_text(encoding="utf-8")


def test_never_prefixes_cover_events_uploads_and_files():
    """/_event, /_upload and /files/ are on the list the fetch handler passes through."""
    line = next(line for line in SW.splitlines() if line.startswith("var NEVER_PREFIXES"))
    assert all(f'"{prefix}"' in line for prefix in ("/_event", "/_upload", "/files/"))


def test_only_get_is_handled():
    """The worker handles GET requests only, so uploads and other writes go straight to the network."""
    assert 'request.method !== "GET"' in SW
