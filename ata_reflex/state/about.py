"""State of 关于我们 (/about): password change and deregistration of the signed-in account."""

from __future__ import annotations

import secrets
from typing import Any

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.services.account_settings import change_password, deregister_account
from ata_reflex.state.account import blank_errors, field_errors, form_value, run_in_transaction
from ata_reflex.state.session import LOGIN_ROUTE, SessionState

CHANGE_PASSWORD_FIELDS = ("old_password", "new_password", "confirm_password")


class AboutState(SessionState):
    """关于我们 (/about): the app, the signed-in account, password change and deregistration."""

    errors: dict[str, str] = blank_errors(*CHANGE_PASSWORD_FIELDS)
    is_busy: bool = False
    change_notice: str = ""
    # Changes after a successful change, which remounts the form and clears its password inputs.
    change_form_key: str = ""
    is_deregister_open: bool = False
    deregister_error: str = ""

    @rx.event
    def load_about(self):
        """Clear the messages of an earlier visit."""
        self.errors = blank_errors(*CHANGE_PASSWORD_FIELDS)
        self.change_notice = ""
        self.is_deregister_open = False
        self.deregister_error = ""

    @rx.event
    def set_deregister_open(self, is_open: bool):
        """Open or close the deregistration dialog."""
        self.is_deregister_open = is_open
        self.deregister_error = ""

    @rx.event
    async def change_password(self, form_data: dict[str, Any]):
        """Change the password; other browsers are signed out, this one stays signed in."""
        user = self.signed_in_user()
        if user is None:
            yield self._login_redirect()
            return
        self.change_notice = ""
        self.is_busy = True
        yield
        try:
            await run_in_transaction(
                change_password,
                user_id=user.user_id,
                old_password=form_value(form_data, "old_password"),
                new_password=form_value(form_data, "new_password"),
                confirm_password=form_value(form_data, "confirm_password"),
                keep_session_token=self.session_token,
                client_address=self.router.session.client_ip,
            )
        except ValidationFailed as failure:
            self.errors = field_errors(failure, CHANGE_PASSWORD_FIELDS)
            return
        except DomainError as error:
            self.errors = {**blank_errors(*CHANGE_PASSWORD_FIELDS), (error.field or "old_password"): error_text(error)}
            return
        finally:
            self.is_busy = False
        self.errors = blank_errors(*CHANGE_PASSWORD_FIELDS)
        self.change_notice = text("about.password_changed")
        self.change_form_key = secrets.token_hex(4)

    @rx.event
    async def deregister(self, form_data: dict[str, Any]):
        """Delete the account's personal data, sign out everywhere and go to the login page."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            await run_in_transaction(
                deregister_account,
                user_id=user.user_id,
                password=form_value(form_data, "password"),
                client_address=self.router.session.client_ip,
            )
        except ValidationFailed as failure:
            self.deregister_error = error_text(failure.errors["password"])
            return None
        except DomainError as error:
            self.deregister_error = error_text(error)
            return None
        self.session_token = ""
        self._remember(None)
        self.is_deregister_open = False
        return rx.redirect(f"{LOGIN_ROUTE}?notice=account_deleted")
