"""States of the message list (消息列表) and the home page's unread count."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import error_text
from ata_reflex.domain.errors import DomainError
from ata_reflex.services.db import session_scope
from ata_reflex.services.messages import MessageView, count_unread, list_messages, open_message
from ata_reflex.state.session import SessionState


class MessageState(SessionState):
    """Unread and read tabs, and the message opened from them."""

    tab: str = "unread"
    messages: list[MessageView] = []
    unread_count: int = 0
    opened: MessageView | None = None

    def _load(self, user_id: int) -> None:
        with session_scope() as db:
            self.messages = list_messages(db, user_id=user_id, unread=self.tab == "unread")
            self.unread_count = count_unread(db, user_id=user_id)

    @rx.event
    def load_messages(self):
        """Load the current tab's messages and the unread count."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        self.opened = None
        self._load(user.user_id)
        return None

    @rx.event
    def load_unread_count(self):
        """Load only the unread count, for the home page badge."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            self.unread_count = count_unread(db, user_id=user.user_id)
        return None

    @rx.event
    def set_tab(self, tab: str):
        """Switch between 未读 and 已读."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        self.tab = "read" if tab == "read" else "unread"
        self._load(user.user_id)
        return None

    @rx.event
    def open_message(self, message_id: int):
        """Show one message and mark it read."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                self.opened = open_message(db, user_id=user.user_id, message_id=message_id)
        except DomainError as error:
            return rx.toast.error(error_text(error))
        self._load(user.user_id)
        return None

    @rx.event
    def close_message(self, is_open: bool = False):
        """Close the opened message."""
        if not is_open:
            self.opened = None
