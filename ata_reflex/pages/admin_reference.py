"""Staff page (/admin/reference): issuing offices and customs ports, each with an add form."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import labelled, page_shell
from ata_reflex.state.admin_reference import AdminReferenceState
from ata_reflex.state.session import SessionState

S = AdminReferenceState


def _entry_row(entry, prefix: str, on_toggle) -> rx.Component:
    """Show one entry: code, name, and a switch that enables or disables it."""
    return rx.hstack(
        rx.vstack(
            rx.text(entry.name_zh, size="2", weight="medium",
                    color=rx.cond(entry.is_active, "var(--gray-12)", "var(--gray-9)")),
            rx.hstack(
                rx.code(entry.code, size="1", variant="ghost"),
                rx.cond(entry.is_active, rx.fragment(),
                        rx.badge(text("reference.disabled"), color_scheme="gray", size="1")),
                spacing="2",
                align="center",
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.switch(
            checked=entry.is_active,
            on_change=lambda value: on_toggle(entry.code, value),
            id=f"{prefix}-active-" + entry.code,
            aria_label=text("reference.active"),
            size="2",
        ),
        align="center",
        justify="between",
        width="100%",
        padding_y="0.5em",
        border_bottom="1px solid var(--gray-a4)",
        class_name=f"{prefix}-row",
    )


def _add_form(prefix: str, errors, form_key, on_submit, code_hint: str, button_code: str,
              code_props: dict) -> rx.Component:
    """Build an add form with a code and a name, whose uncontrolled inputs are read on submit."""
    return rx.form(
        rx.vstack(
            labelled(
                text("reference.code"),
                rx.input(name="code", id=f"{prefix}-code", size="3", width="100%", spell_check=False,
                         auto_complete="off", **code_props),
                error=errors["code"], field_id=f"{prefix}-code", required=True, hint=code_hint,
            ),
            labelled(
                text("reference.name_zh"),
                rx.input(name="name_zh", id=f"{prefix}-name_zh", size="3", width="100%", auto_complete="off"),
                error=errors["name_zh"], field_id=f"{prefix}-name_zh", required=True,
            ),
            rx.button(rx.icon("plus", size=16), text(button_code), type="submit", size="3", width="100%",
                      variant="soft", id=f"{prefix}-add"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        key=form_key,
        width="100%",
        id=f"{prefix}-form",
    )


def _section(title_code: str, prefix: str, entries, on_toggle, form: rx.Component,
             note: rx.Component | None = None) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(text(title_code), size="4", as_="h2"),
                rx.badge(entries.length(), radius="full", variant="soft"),
                align="center",
                spacing="2",
            ),
            note or rx.fragment(),
            rx.vstack(
                rx.foreach(entries, lambda entry: _entry_row(entry, prefix, on_toggle)),
                spacing="0",
                width="100%",
                id=f"{prefix}-list",
            ),
            form,
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@rx.page(route="/admin/reference", title=text("reference.title"),
         on_load=[SessionState.require_staff, AdminReferenceState.load_reference_tables])
def admin_reference() -> rx.Component:
    """Show issuing offices (签证机构) and customs ports (口岸) to chamber staff only."""
    offices = _section(
        "reference.issuing_offices", "office", S.offices, S.set_office_active,
        _add_form("office", S.office_errors, S.office_form_key, S.add_office,
                  text("reference.office_code_hint"), "reference.add_office",
                  {"auto_capitalize": "characters"}),
    )
    ports = _section(
        "reference.customs_ports", "port", S.ports, S.set_port_active,
        _add_form("port", S.port_errors, S.port_form_key, S.add_port,
                  text("reference.port_code_hint"), "reference.add_port",
                  {"input_mode": "numeric", "max_length": 4}),
        note=rx.text(text("reference.ports_seed_note"), size="1", color_scheme="gray"),
    )
    return page_shell(
        text("reference.title"),
        rx.cond(S.is_loaded, rx.vstack(offices, ports, spacing="4", width="100%"),
                rx.center(rx.spinner(size="3"), padding="3em", width="100%")),
        back_href="/admin",
    )
