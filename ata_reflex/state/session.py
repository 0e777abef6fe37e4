"""The signed-in user, shared by every state that needs one.

Feature states subclass ``SessionState`` so they can call ``self.signed_in_user()``; each call
looks the session up in the database, so a session ended elsewhere (logout, password change,
deregistration) stops working on the very next event, on every worker.
"""

from __future__ import annotations

import json
import logging

import reflex as rx

from ata_reflex.services.db import session_scope
from ata_reflex.services.sessions import SESSION_LIFETIME, SignedInUser, end_session, resolve_session

logger = logging.getLogger(__name__)

LOGIN_ROUTE = "/login"


class SessionState(rx.State):
    """The login cookie and what the page shell shows about the signed-in user."""

    session_token: str = rx.Cookie(
        "", name="ata_session", path="/", same_site="strict", max_age=int(SESSION_LIFETIME.total_seconds())
    )
    username: str = ""
    is_staff: bool = False

    def signed_in_user(self) -> SignedInUser | None:
        """Return the user behind the cookie, or None."""
        if not self.session_token:
            return None
        with session_scope() as db:
            return resolve_session(db, token=self.session_token)

    def _remember(self, user: SignedInUser | None) -> None:
        self.username = user.username if user else ""
        self.is_staff = bool(user and user.is_staff)

    def _login_redirect(self) -> rx.event.EventSpec:
        return rx.redirect(f"{LOGIN_ROUTE}?next={self.router.url.path}")

    @rx.event
    def require_login(self):
        """Page guard: send visitors without a valid session to the login page."""
        user = self.signed_in_user()
        self._remember(user)
        if user is None:
            return self._login_redirect()
        return None

    @rx.event
    def require_staff(self):
        """Page guard for /admin: only chamber staff pass; others go to login or home."""
        user = self.signed_in_user()
        self._remember(user)
        if user is None:
            return self._login_redirect()
        if not user.is_staff:
            logger.warning("admin page rejected: not staff user_id=%s path=%s", user.user_id, self.router.url.path)
            return rx.redirect("/")
        return None

    @rx.event
    def logout(self):
        """End this browser's session and go to the login page."""
        if self.session_token:
            with session_scope() as db:
                end_session(db, token=self.session_token)
        self.session_token = ""
        self._remember(None)
        return rx.redirect(LOGIN_ROUTE)


def route_id(state: rx.State, name: str) -> int:
    """Return the numeric id in a dynamic route segment such as ``[carnet_id]``, or 0 when it is not a number."""
    raw = str(state.router.page.params.get(name, ""))
    return int(raw) if raw.isdigit() else 0


def forget_draft_copy(draft_key: str) -> rx.event.EventSpec:
    """Drop the browser's local copy of a form that the server has now stored for good."""
    return rx.call_script(f"window.localStorage.removeItem({json.dumps('ata-draft:' + draft_key)})")
