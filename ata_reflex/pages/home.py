"""The home page (系统主页): the modules of the app as large tiles."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import page_shell
from ata_reflex.state.messages import MessageState
from ata_reflex.state.session import SessionState


def _tile(icon: str, title_code: str, hint_code: str, href: str, tile_id: str,
          badge: rx.Component | None = None) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.icon(icon, size=28, color="var(--accent-9)"),
                rx.vstack(
                    rx.hstack(rx.text(text(title_code), weight="bold", size="4"), badge or rx.fragment(),
                              spacing="2", align="center"),
                    rx.text(text(hint_code), size="2", color_scheme="gray"),
                    spacing="1",
                ),
                spacing="4",
                align="center",
            ),
            width="100%",
            size="2",
        ),
        href=href,
        underline="none",
        color="inherit",
        width="100%",
        id=tile_id,
    )


@rx.page(route="/", title=text("title.home"), on_load=[SessionState.require_login, MessageState.load_unread_count])
def home() -> rx.Component:
    """The modules of 系统主页; staff also see the review queue."""
    unread = rx.cond(
        MessageState.unread_count > 0,
        rx.badge(MessageState.unread_count, color_scheme="red", radius="full", id="home-unread-count"),
    )
    return page_shell(
        text("home.title"),
        rx.text(text("home.greeting"), SessionState.username, size="2", color_scheme="gray"),
        rx.cond(
            SessionState.is_staff,
            _tile("clipboard-check", "home.admin", "home.admin_hint", "/admin", "home-admin"),
        ),
        _tile("building-2", "home.holders", "home.holders_hint", "/holders", "home-holders"),
        _tile("plane-landing", "home.inbound", "home.inbound_hint", "/inbound", "home-inbound"),
        _tile("plane-takeoff", "home.outbound", "home.outbound_hint", "/outbound", "home-outbound"),
        _tile("mail", "home.messages", "home.messages_hint", "/messages", "home-messages", unread),
        _tile("info", "home.about", "home.about_hint", "/about", "home-about"),
    )
