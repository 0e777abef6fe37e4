"""Account pages before login: register, activate, login, forgotten password, reset password.

Inputs are uncontrolled and read from the submitted form, so nothing typed travels to the
server before the submit and a failed submit keeps what was typed.
"""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import labelled, page_shell
from ata_reflex.state.account import (
    ActivationState,
    ForgotPasswordState,
    LoginState,
    RegisterState,
    ResetPasswordState,
)


def text_input(name: str, field_id: str, **props) -> rx.Component:
    """Build a full-width uncontrolled input for names and addresses, without autocorrect."""
    return rx.input(name=name, id=field_id, size="3", width="100%", auto_capitalize="none",
                    auto_correct="off", spell_check=False, **props)


def password_input(name: str, field_id: str, auto_complete: str, placeholder: str = "") -> rx.Component:
    """Build a full-width password input; its value leaves the browser only with the form."""
    return rx.input(name=name, id=field_id, type="password", auto_complete=auto_complete, placeholder=placeholder,
                    size="3", width="100%")


def submit_button(label: str, button_id: str, is_busy: rx.Var | bool = False, **props) -> rx.Component:
    """Build the screen's primary button, which submits its form and spins while ``is_busy``."""
    return rx.button(label, type="submit", size="3", width="100%", id=button_id, loading=is_busy, **props)


def form_column(*children: rx.Component, on_submit, **props) -> rx.Component:
    """Build a form whose children stack in one full-width column; ``on_submit`` gets the form data."""
    return rx.form(rx.vstack(*children, spacing="4", width="100%"), on_submit=on_submit, width="100%", **props)


def notice(message: rx.Var | str, notice_id: str, color_scheme: str = "green", icon: str = "circle-check"
           ) -> rx.Component:
    """Build a coloured message box, shown only while its message is not empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon=icon, color_scheme=color_scheme, size="1", width="100%", id=notice_id),
    )


def _error_notice(message: rx.Var, notice_id: str) -> rx.Component:
    return notice(message, notice_id, color_scheme="red", icon="triangle-alert")


def _link(label: str, href: str, link_id: str) -> rx.Component:
    return rx.link(label, href=href, id=link_id, size="2")


def _link_button(label: str, href: str, link_id: str) -> rx.Component:
    return rx.link(rx.button(label, size="3", width="100%"), href=href, id=link_id, width="100%")


def _column(*children: rx.Component) -> rx.Component:
    return rx.vstack(*children, spacing="4", width="100%")


def _resend_button(on_click, button_id: str, message: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.button(text("account.resend_activation"), on_click=on_click, type="button", variant="soft", size="3",
                  width="100%", id=button_id),
        notice(message, f"{button_id}-notice", color_scheme="blue", icon="info"),
        spacing="2",
        width="100%",
    )


def _brand() -> rx.Component:
    return rx.vstack(
        rx.icon("book-open-check", size=40, color="var(--accent-9)"),
        rx.heading(text("app.full_name"), size="5", as_="h2"),
        align="center",
        spacing="2",
        width="100%",
        padding_y="1em",
    )


def _register_form() -> rx.Component:
    return form_column(
        labelled(text("account.username"),
                 text_input("username", "register-username", auto_complete="username", max_length=64),
                 RegisterState.errors["username"], "register-username", required=True,
                 hint=text("account.username_hint")),
        labelled(text("account.password"), password_input("password", "register-password", "new-password"),
                 RegisterState.errors["password"], "register-password", required=True,
                 hint=text("account.password_hint")),
        # type="text" keeps the browser's own e-mail check, in the browser's language, out of the
        # way; the server checks the address and reports in Chinese.
        labelled(text("account.email"),
                 text_input("email", "register-email", input_mode="email", auto_complete="email", max_length=254),
                 RegisterState.errors["email"], "register-email", required=True),
        submit_button(text("register.submit"), "register-submit", RegisterState.is_busy),
        rx.center(_link(text("register.has_account"), "/login", "register-login-link"), width="100%"),
        on_submit=RegisterState.register,
    )


def _register_sent() -> rx.Component:
    return rx.vstack(
        rx.icon("mail-check", size=48, color="var(--accent-9)"),
        rx.heading(text("register.sent_title"), size="5", as_="h2", id="register-sent"),
        rx.text(RegisterState.sent_message, size="3", text_align="center", id="register-sent-body"),
        rx.text(text("register.not_received"), size="2", color_scheme="gray"),
        _resend_button(RegisterState.resend_activation, "register-resend", RegisterState.resend_notice),
        rx.center(_link(text("register.go_login"), "/login", "register-login-link"), width="100%"),
        align="center",
        spacing="4",
        width="100%",
        padding_top="1em",
    )


@rx.page(route="/register", title=text("register.title"), on_load=RegisterState.load_register)
def register_page() -> rx.Component:
    """注册: username, password and e-mail; then the check-your-mailbox screen."""
    return page_shell(
        text("register.title"),
        rx.cond(RegisterState.is_sent, _register_sent(), _register_form()),
    )


@rx.page(route="/login", title=text("login.title"), on_load=LoginState.load_login)
def login_page() -> rx.Component:
    """登录: account and password, links to register and to the forgotten-password page."""
    return page_shell(
        text("login.title"),
        _brand(),
        notice(LoginState.notice, "login-notice"),
        form_column(
            labelled(text("login.username"),
                     text_input("username", "login-username", placeholder=text("login.username_placeholder"),
                                auto_complete="username", max_length=64),
                     LoginState.errors["username"], "login-username"),
            labelled(text("account.password"),
                     password_input("password", "login-password", "current-password",
                                    text("login.password_placeholder")),
                     LoginState.errors["password"], "login-password"),
            _error_notice(LoginState.form_error, "error-login-form"),
            submit_button(text("login.submit"), "login-submit", LoginState.is_busy),
            on_submit=LoginState.log_in,
        ),
        rx.cond(
            LoginState.needs_activation,
            _resend_button(LoginState.resend_activation, "login-resend", LoginState.resend_notice),
        ),
        rx.hstack(
            _link(text("login.register_link"), "/register", "login-register-link"),
            _link(text("login.forgot_link"), "/forgot-password", "login-forgot-link"),
            justify="between",
            width="100%",
        ),
    )


def _activation_failed() -> rx.Component:
    return _column(
        _error_notice(ActivationState.error, "error-activate"),
        rx.text(text("activate.already_active_hint"), " ",
                _link(text("activate.go_login"), "/login", "activate-failed-login-link"), size="2"),
        form_column(
            rx.text(text("activate.failed_hint"), size="2"),
            labelled(text("activate.login_label"),
                     text_input("login", "activate-login", auto_complete="email", max_length=254),
                     ActivationState.resend_error, "activate-login"),
            submit_button(text("account.resend_activation"), "activate-resend"),
            notice(ActivationState.resend_notice, "activate-resend-notice", color_scheme="blue", icon="info"),
            on_submit=ActivationState.resend_activation,
        ),
    )


@rx.page(route="/activate", title=text("activate.title"), on_load=ActivationState.load_activation)
def activate_page() -> rx.Component:
    """Build the activation link's page: success with a login button, or the error and a resend form."""
    return page_shell(
        text("activate.title"),
        rx.match(
            ActivationState.status,
            ("checking", rx.hstack(rx.spinner(), rx.text(text("activate.checking")), id="activate-checking")),
            ("done", _column(notice(text("activate.done"), "activate-done"),
                             _link_button(text("activate.go_login"), "/login", "activate-login-link"))),
            _activation_failed(),
        ),
    )


@rx.page(route="/forgot-password", title=text("forgot.title"), on_load=ForgotPasswordState.load_forgot_password)
def forgot_password_page() -> rx.Component:
    """忘记密码: the e-mail address; the same notice follows whether or not it has an account."""
    return page_shell(
        text("forgot.title"),
        rx.cond(
            ForgotPasswordState.is_sent,
            notice(text("forgot.sent"), "forgot-sent", color_scheme="blue", icon="mail"),
            form_column(
                rx.text(text("forgot.intro"), size="2"),
                labelled(text("account.email"),
                         text_input("email", "forgot-email", input_mode="email", auto_complete="email",
                                    max_length=254),
                         ForgotPasswordState.errors["email"], "forgot-email"),
                submit_button(text("forgot.submit"), "forgot-submit"),
                on_submit=ForgotPasswordState.request_reset,
            ),
        ),
        rx.center(_link(text("forgot.back_login"), "/login", "forgot-login-link"), width="100%"),
        back_href="/login",
    )


def _reset_form() -> rx.Component:
    return form_column(
        labelled(text("reset.new_password"), password_input("new_password", "reset-password", "new-password"),
                 ResetPasswordState.errors["new_password"], "reset-password", required=True,
                 hint=text("account.password_hint")),
        labelled(text("reset.confirm_password"), password_input("confirm_password", "reset-confirm", "new-password"),
                 ResetPasswordState.errors["confirm_password"], "reset-confirm", required=True),
        submit_button(text("reset.submit"), "reset-submit", ResetPasswordState.is_busy),
        on_submit=ResetPasswordState.reset_password,
    )


@rx.page(route="/reset-password", title=text("reset.title"), on_load=ResetPasswordState.load_reset_password)
def reset_password_page() -> rx.Component:
    """Build the reset link's page: a new password typed twice, or why the link no longer works."""
    return page_shell(
        text("reset.title"),
        rx.cond(
            ResetPasswordState.is_token_checked,
            rx.cond(
                ResetPasswordState.token_error != "",
                _column(_error_notice(ResetPasswordState.token_error, "error-reset-token"),
                        _link_button(text("reset.request_new"), "/forgot-password", "reset-request-new")),
                _reset_form(),
            ),
            rx.center(rx.spinner(size="3"), padding="2em", width="100%"),
        ),
    )
