"""The message list (消息列表): unread and read tabs, a message opens in a dialog."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import page_shell
from ata_reflex.state.messages import MessageState


def _message_card(message) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(~message.is_read, rx.box(width="8px", height="8px", border_radius="50%",
                                                 background_color="var(--red-9)")),
                rx.text(message.title, weight=rx.cond(message.is_read, "regular", "bold")),
                spacing="2",
                align="center",
            ),
            rx.text(message.created_at, size="1", color_scheme="gray"),
            spacing="1",
            width="100%",
        ),
        on_click=MessageState.open_message(message.id),
        cursor="pointer",
        width="100%",
        role="button",
        class_name="message-card",
    )


def _message_dialog() -> rx.Component:
    opened = MessageState.opened
    return rx.dialog.root(
        rx.dialog.content(
            rx.cond(
                opened,
                rx.vstack(
                    rx.dialog.title(opened.title),
                    rx.text(opened.created_at, size="1", color_scheme="gray"),
                    rx.text(opened.body, white_space="pre-wrap", id="message-body"),
                    rx.cond(opened.link_path,
                            rx.link(text("messages.open_record"), href=opened.link_path, id="message-link")),
                    rx.dialog.close(rx.button(text("messages.close"), width="100%", size="3", id="message-close")),
                    spacing="3",
                    width="100%",
                ),
            ),
            max_width="440px",
        ),
        open=opened.is_not_none(),
        on_open_change=MessageState.close_message,
    )


@rx.page(route="/messages", title=text("title.messages"), on_load=MessageState.load_messages)
def messages_page() -> rx.Component:
    """Messages about the user's records."""
    return page_shell(
        text("messages.title"),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(rx.hstack(text("messages.unread"), rx.cond(
                    MessageState.unread_count > 0, rx.badge(MessageState.unread_count, color_scheme="red")),
                    spacing="1"), value="unread", id="messages-tab-unread"),
                rx.tabs.trigger(text("messages.read"), value="read", id="messages-tab-read"),
                size="2",
            ),
            value=MessageState.tab,
            on_change=MessageState.set_tab,
            width="100%",
        ),
        rx.cond(
            MessageState.messages.length() > 0,
            rx.vstack(rx.foreach(MessageState.messages, _message_card), width="100%", spacing="2"),
            rx.text(text("messages.empty"), color_scheme="gray", id="messages-empty"),
        ),
        _message_dialog(),
        back_href="/",
    )
