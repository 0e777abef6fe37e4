"""The page shell every screen uses: a phone-width column with a header bar."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text


def page_header(title: str | rx.Var, back_href: str | None = None, *actions: rx.Component) -> rx.Component:
    """Header bar with an optional back link on the left and actions on the right."""
    back = (
        rx.link(
            rx.hstack(rx.icon("chevron-left", size=20), rx.text(text("common.back")), spacing="1", align="center"),
            href=back_href,
            id="nav-back",
            underline="none",
        )
        if back_href
        else rx.box(width="3em")
    )
    return rx.hstack(
        back,
        rx.heading(title, size="4", as_="h1", text_align="center", flex="1"),
        rx.hstack(*actions, spacing="2", min_width="3em", justify="end"),
        align="center",
        width="100%",
        padding_y="0.75em",
        position="sticky",
        top="0",
        z_index="10",
        background_color="var(--color-background)",
        border_bottom="1px solid var(--gray-a5)",
    )


def page_shell(title: str | rx.Var, *children: rx.Component, back_href: str | None = None,
               actions: tuple[rx.Component, ...] = ()) -> rx.Component:
    """Wrap a screen's content in the shared phone-width layout.

    ``data-hydrated`` turns "true" once the page's on_load handlers have finished, so browser
    tests can wait for it before typing into a form that loading would reset.
    """
    return rx.box(
        page_header(title, back_href, *actions),
        rx.vstack(*children, spacing="4", width="100%", padding_y="1em"),
        max_width="480px",
        margin_x="auto",
        padding_x="1em",
        min_height="100vh",
        id="page-shell",
        custom_attrs={"data-hydrated": rx.cond(rx.State.is_hydrated, "true", "false")},
    )


def field_error(message: rx.Var, field_id: str | rx.Var) -> rx.Component:
    """Red message under a field, shown only when there is one; tests find it by its id."""
    return rx.cond(
        message,
        rx.text(message, color_scheme="red", size="2", id=f"error-{field_id}", role="alert"),
    )


def labelled(label: str, control: rx.Component, error: rx.Var | None = None, field_id: str | rx.Var = "",
             required: bool = False, hint: str = "") -> rx.Component:
    """Build a field: its label above the control, an optional hint and its error message below."""
    label_children = [rx.text(label, weight="medium", size="2")]
    if required:
        label_children.append(rx.text(text("common.required_mark"), color_scheme="red", size="2"))
    parts = [rx.el.label(rx.hstack(*label_children, spacing="1"), html_for=field_id), control]
    if hint:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    if error is not None:
        parts.append(field_error(error, field_id))
    return rx.vstack(*parts, spacing="1", width="100%", align="stretch")


def sticky_bar(*children: rx.Component) -> rx.Component:
    """Bar at the bottom of the screen for a form's primary button; it stays visible while the form scrolls."""
    return rx.box(
        rx.vstack(*children, spacing="2", width="100%"),
        position="sticky",
        bottom="0",
        padding_y="0.75em",
        background_color="var(--color-background)",
        border_top="1px solid var(--gray-a5)",
        width="100%",
        z_index="5",
    )
