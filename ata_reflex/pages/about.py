"""关于我们: the app, the signed-in account, password change, deregistration and logout."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import labelled, page_shell
from ata_reflex.pages.auth import form_column, notice, password_input, submit_button
from ata_reflex.state.about import AboutState
from ata_reflex.state.session import SessionState


def _section_heading(code: str) -> rx.Component:
    return rx.heading(text(code), size="3", as_="h2", margin_top="0.5em")


def _app_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("book-open-check", size=28, color="var(--accent-9)"),
                rx.heading(text("app.full_name"), size="4", as_="h2", id="about-app-name"),
                align="center",
                spacing="3",
            ),
            rx.text(text("about.intro"), size="2", color_scheme="gray"),
            rx.hstack(
                rx.text(text("about.signed_in_as"), size="2", color_scheme="gray"),
                rx.text(SessionState.username, size="2", weight="bold", id="about-username"),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _change_password_form() -> rx.Component:
    errors = AboutState.errors
    return form_column(
        labelled(text("about.old_password"), password_input("old_password", "change-old-password", "current-password"),
                 errors["old_password"], "change-old-password", required=True),
        labelled(text("reset.new_password"), password_input("new_password", "change-new-password", "new-password"),
                 errors["new_password"], "change-new-password", required=True, hint=text("account.password_hint")),
        labelled(text("reset.confirm_password"),
                 password_input("confirm_password", "change-confirm-password", "new-password"),
                 errors["confirm_password"], "change-confirm-password", required=True),
        notice(AboutState.change_notice, "change-notice"),
        submit_button(text("about.change_password"), "change-submit", AboutState.is_busy),
        on_submit=AboutState.change_password,
        # A new key after a successful change remounts the inputs, which empties them.
        key=AboutState.change_form_key,
    )


def _deregister_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(text("about.deregister"), color_scheme="red", variant="outline", size="3", width="100%",
                      id="deregister-open"),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(text("about.deregister")),
            rx.alert_dialog.description(text("about.deregister_warning"), size="2"),
            form_column(
                labelled(text("about.deregister_password"),
                         password_input("password", "deregister-password", "current-password"),
                         AboutState.deregister_error, "deregister-password"),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button(text("common.cancel"), type="button", variant="soft", color_scheme="gray",
                                  size="3", id="deregister-cancel"),
                    ),
                    rx.button(text("about.deregister_confirm"), type="submit", color_scheme="red", size="3",
                              id="deregister-confirm"),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                on_submit=AboutState.deregister,
                padding_top="1em",
            ),
            max_width="440px",
        ),
        open=AboutState.is_deregister_open,
        on_open_change=AboutState.set_deregister_open,
    )


@rx.page(route="/about", title=text("about.title"), on_load=[SessionState.require_login, AboutState.load_about])
def about_page() -> rx.Component:
    """关于我们: who is signed in, 修改密码, 注销账号 and 退出登录."""
    return page_shell(
        text("about.title"),
        _app_card(),
        _section_heading("about.change_password"),
        _change_password_form(),
        rx.divider(margin_y="0.5em"),
        rx.button(rx.icon("log-out"), text("common.logout"), on_click=SessionState.logout, variant="outline",
                  size="3", width="100%", id="logout"),
        _section_heading("about.deregister"),
        rx.text(text("about.deregister_warning"), size="2", color_scheme="gray"),
        _deregister_dialog(),
        back_href="/",
    )
