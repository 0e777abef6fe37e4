"""A Chinese notice while the browser has lost its connection to the server."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import connection_pulser

from ata_reflex.catalogue import text


def connection_notice() -> rx.Component:
    """Build the banner shown while the event connection is down, replacing Reflex's English toast."""
    return rx.fragment(
        connection_pulser(),
        rx.connection_banner(
            rx.box(
                rx.text(text("common.offline"), size="2", weight="medium"),
                position="fixed",
                top="0",
                left="0",
                width="100%",
                padding="6px 12px",
                text_align="center",
                background_color="var(--amber-9)",
                color="black",
                z_index="1000",
                role="status",
                id="connection-offline",
            ),
        ),
    )
