"""States of the account pages, and ``MailState``, which sends queued mail in the background.

Every handler that checks or hashes a password is async and runs the service in a worker
thread, because bcrypt takes a noticeable fraction of a second and would otherwise stall
every other browser served by this backend worker. Passwords are read from the submitted
form data and never stored in a state var.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.accounts import safe_next_path
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.services.accounts import (
    activate_account,
    check_reset_token,
    log_in,
    register_account,
    request_password_reset,
    reset_password,
    resend_activation,
)
from ata_reflex.services.db import session_scope
from ata_reflex.services.mail import deliver_pending, mask_email
from ata_reflex.services.throttle import reject_if_locked, throttle_key
from ata_reflex.state.session import LOGIN_ROUTE, SessionState

logger = logging.getLogger(__name__)

Result = TypeVar("Result")

# Notices the login page shows for ?notice=<code>; any other value shows nothing.
LOGIN_NOTICES = ("account_deleted", "password_reset")
REGISTER_FIELDS = ("username", "password", "email")
LOGIN_FIELDS = ("username", "password")
RESET_FIELDS = ("new_password", "confirm_password")


def deliver_queued_mail() -> None:
    """Send the queued mails that are due, logging instead of raising on failure."""
    try:
        # deliver_pending commits after every mail, so this session must contain no other changes.
        with session_scope() as db:
            deliver_pending(db)
    except Exception:  # noqa: BLE001  (a background task has nobody to raise to)
        logger.exception("background mail delivery failed")


class MailState(rx.State):
    """Sends queued e-mail in the background, so that no screen waits for the mail server.

    A handler that queued mail (through ``services.mail.queue_mail``) returns, or appends to
    its returned events, ``MailState.deliver`` once its database transaction has committed.
    The account states and the carnet states both chain to it. Mails that fail stay queued
    and are retried by the next delivery, or by ``python -m ata_reflex.cli deliver-mail``.
    """

    @rx.event(background=True)
    async def deliver(self):
        """Send every queued e-mail that is due, in a worker thread."""
        await asyncio.to_thread(deliver_queued_mail)


async def run_in_transaction(service: Callable[..., Result], /, **kwargs: Any) -> Result:
    """Run ``service(db, **kwargs)`` in one transaction on a worker thread."""

    def run() -> Result:
        with session_scope() as db:
            return service(db, **kwargs)

    return await asyncio.to_thread(run)


def blank_errors(*fields: str) -> dict[str, str]:
    """Return an error map with "" (no error) for every field."""
    return dict.fromkeys(fields, "")


def field_errors(failure: ValidationFailed, fields: tuple[str, ...]) -> dict[str, str]:
    """Return the Chinese message of each failed field, and "" for the fields that passed."""
    return {**blank_errors(*fields), **{name: error_text(error) for name, error in failure.errors.items()}}


def form_value(form_data: dict[str, Any], name: str) -> str:
    """Return a submitted text field, or "" when it is missing or not text."""
    value = form_data.get(name, "")
    return value if isinstance(value, str) else ""


async def _resend_activation_mail(login: str) -> str:
    """Queue a new activation mail if ``login`` names an inactive account; return the notice to show.

    The notice is the same either way, so that it reveals nothing about the account.
    """
    if login:
        await run_in_transaction(resend_activation, login=login)
    return text("account.activation_resent")


class RegisterState(SessionState):
    """The registration form (/register) and the check-your-mailbox screen after it."""

    errors: dict[str, str] = blank_errors(*REGISTER_FIELDS)
    is_busy: bool = False
    is_sent: bool = False
    sent_message: str = ""
    resend_notice: str = ""
    # Username of the account just registered, for the resend button.
    _username: str = ""

    @rx.event
    def load_register(self):
        """Show an empty form each time the page opens."""
        self.errors = blank_errors(*REGISTER_FIELDS)
        self.is_sent = False
        self.resend_notice = ""

    @rx.event
    async def register(self, form_data: dict[str, Any]):
        """Create the account from the form and show the check-your-mailbox screen."""
        self.is_busy = True
        yield
        try:
            user = await run_in_transaction(
                register_account,
                username=form_value(form_data, "username"),
                password=form_value(form_data, "password"),
                email=form_value(form_data, "email"),
            )
        except ValidationFailed as failure:
            self.errors = field_errors(failure, REGISTER_FIELDS)
            return
        finally:
            self.is_busy = False
        self.errors = blank_errors(*REGISTER_FIELDS)
        self._username = user.username
        self.sent_message = text("register.sent_body", email=mask_email(user.email))
        self.is_sent = True
        yield MailState.deliver

    @rx.event
    async def resend_activation(self):
        """Send the activation mail of the account just registered again."""
        self.resend_notice = await _resend_activation_mail(self._username)
        return MailState.deliver


class LoginState(SessionState):
    """The login form (/login), with throttling and the resend offer for inactive accounts."""

    errors: dict[str, str] = blank_errors(*LOGIN_FIELDS)
    form_error: str = ""
    is_busy: bool = False
    notice: str = ""
    needs_activation: bool = False
    resend_notice: str = ""
    # The inactive account's username, for the resend button.
    _inactive_username: str = ""

    @rx.event
    def load_login(self):
        """Reset the form, show a notice named in ?notice=, and skip the form when signed in."""
        if self.signed_in_user() is not None:
            return rx.redirect(safe_next_path(self.router.url.query_parameters.get("next")))
        code = self.router.url.query_parameters.get("notice", "")
        self.notice = text(f"login.notice.{code}") if code in LOGIN_NOTICES else ""
        self.errors = blank_errors(*LOGIN_FIELDS)
        self.form_error = ""
        self.needs_activation = False
        self.resend_notice = ""
        return None

    @rx.event
    async def log_in(self, form_data: dict[str, Any]):
        """Check the credentials, set the session cookie and go to ?next= or the home page."""
        username = form_value(form_data, "username")
        address = self.router.session.client_ip
        self.errors = blank_errors(*LOGIN_FIELDS)
        self.form_error = ""
        self.needs_activation = False
        self.is_busy = True
        yield

        try:
            delay = await run_in_transaction(
                reject_if_locked, username_key=throttle_key(username), client_address=address
            )
            # After repeated failures every further try waits, which slows down guessing.
            await asyncio.sleep(delay)
            sign_in = await run_in_transaction(
                log_in, username=username, password=form_value(form_data, "password"), client_address=address
            )
        except ValidationFailed as failure:
            self.errors = field_errors(failure, LOGIN_FIELDS)
            return
        except DomainError as error:
            self.form_error = error_text(error)
            self.needs_activation = error.code == "account.not_activated"
            self._inactive_username = username if self.needs_activation else ""
            return
        finally:
            self.is_busy = False

        self.session_token = sign_in.session_token
        self._remember(sign_in.user)
        yield rx.redirect(safe_next_path(self.router.url.query_parameters.get("next")))

    @rx.event
    async def resend_activation(self):
        """Send a new activation mail to the inactive account that just tried to log in."""
        self.resend_notice = await _resend_activation_mail(self._inactive_username)
        return MailState.deliver


class ActivationState(SessionState):
    """The page of the activation link (/activate?token=...)."""

    # "checking" until the token has been tried, then "done" or "failed".
    status: str = "checking"
    error: str = ""
    resend_error: str = ""
    resend_notice: str = ""

    @rx.event
    async def load_activation(self):
        """Activate the account of the token in the URL."""
        self.status = "checking"
        self.resend_error = ""
        self.resend_notice = ""
        try:
            await run_in_transaction(activate_account, token=self.router.url.query_parameters.get("token", ""))
        except DomainError as error:
            logger.info("activation rejected code=%s", error.code)
            self.error = error_text(error)
            self.status = "failed"
            return
        self.status = "done"

    @rx.event
    async def resend_activation(self, form_data: dict[str, Any]):
        """Send a new activation link to the account named by e-mail or username."""
        login = form_value(form_data, "login").strip()
        if not login:
            self.resend_error = text("error.required")
            return None
        self.resend_error = ""
        self.resend_notice = await _resend_activation_mail(login)
        return MailState.deliver


class ForgotPasswordState(SessionState):
    """The forgotten-password form (/forgot-password); its notice never reveals an account."""

    errors: dict[str, str] = blank_errors("email")
    is_sent: bool = False

    @rx.event
    def load_forgot_password(self):
        """Show an empty form each time the page opens."""
        self.errors = blank_errors("email")
        self.is_sent = False

    @rx.event
    async def request_reset(self, form_data: dict[str, Any]):
        """Queue a reset link if the address has an account, and show the same notice either way."""
        try:
            await run_in_transaction(request_password_reset, email=form_value(form_data, "email"))
        except ValidationFailed as failure:
            self.errors = field_errors(failure, ("email",))
            return None
        self.errors = blank_errors("email")
        self.is_sent = True
        return MailState.deliver


class ResetPasswordState(SessionState):
    """The page of the reset link (/reset-password?token=...): a new password, typed twice."""

    token_error: str = ""
    is_token_checked: bool = False
    is_busy: bool = False
    errors: dict[str, str] = blank_errors(*RESET_FIELDS)
    # The token from the URL, kept on the server between the page load and the submit.
    _token: str = ""

    @rx.event
    async def load_reset_password(self):
        """Check the token in the URL before showing the form."""
        self.is_token_checked = False
        self.errors = blank_errors(*RESET_FIELDS)
        self._token = self.router.url.query_parameters.get("token", "")
        try:
            await run_in_transaction(check_reset_token, token=self._token)
            self.token_error = ""
        except DomainError as error:
            self.token_error = error_text(error)
        self.is_token_checked = True

    @rx.event
    async def reset_password(self, form_data: dict[str, Any]):
        """Set the new password, end every session of the account and go to the login page."""
        self.is_busy = True
        yield
        try:
            await run_in_transaction(
                reset_password,
                token=self._token,
                new_password=form_value(form_data, "new_password"),
                confirm_password=form_value(form_data, "confirm_password"),
            )
        except ValidationFailed as failure:
            self.errors = field_errors(failure, RESET_FIELDS)
            return
        except DomainError as error:
            self.token_error = error_text(error)
            return
        finally:
            self.is_busy = False
        self.session_token = ""
        self._remember(None)
        yield rx.redirect(f"{LOGIN_ROUTE}?notice=password_reset")
