"""Issue particulars and the lifecycle buttons (续签, 补签, 核销) of an issued carnet."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text


def _row(label_code: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.hstack(
        rx.text(text(label_code), size="2", color_scheme="gray"),
        rx.text(value, size="2", weight="medium", id=test_id),
        justify="between",
        width="100%",
    )


def issue_section(detail: rx.Var) -> rx.Component:
    """Build the card with the carnet number, dates, days left and the security lodged, once issued."""
    return rx.cond(
        detail.carnet_number,
        rx.card(
            rx.vstack(
                rx.heading(text("lifecycle.section_issue"), size="3", as_="h2"),
                _row("lifecycle.carnet_number", detail.carnet_number, "carnet-number"),
                _row("lifecycle.issue_date", detail.issue_date, "carnet-issue-date"),
                _row("lifecycle.valid_until", detail.valid_until, "carnet-valid-until"),
                rx.cond(detail.days_left, rx.badge(detail.days_left, size="2", id="carnet-days-left")),
                _row("lifecycle.security_lodged", detail.security_lodged, "carnet-security"),
                rx.cond(detail.replaces_reference,
                        _row("lifecycle.replaces", detail.replaces_reference, "carnet-replaces")),
                rx.cond(detail.discharge_status,
                        _row("lifecycle.discharge_status", detail.discharge_status, "carnet-discharge-status")),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
    )


def lifecycle_buttons(detail: rx.Var, start_renewal: rx.EventHandler) -> rx.Component:
    """Build the 续签 / 补签 / 核销 buttons the carnet's status allows, with the late-renewal warning."""
    return rx.vstack(
        rx.cond(
            detail.renewal_warning,
            rx.callout.root(rx.callout.icon(rx.icon("triangle-alert")), rx.callout.text(text("renewal.warning")),
                            color_scheme="orange", width="100%", id="renewal-warning"),
        ),
        rx.hstack(
            rx.cond(detail.can_renew,
                    rx.button(text("renewal.start"), on_click=start_renewal, size="3", flex="1", variant="soft",
                              id="carnet-renew")),
            rx.cond(detail.can_supplement,
                    rx.link(rx.button(text("supplement.start"), size="3", width="100%", variant="soft"),
                            href=f"/outbound/{detail.id}/supplement", flex="1", id="carnet-supplement")),
            rx.cond(detail.can_discharge,
                    rx.link(rx.button(text("discharge.start"), size="3", width="100%"),
                            href=f"/outbound/{detail.id}/discharge", flex="1", id="carnet-discharge")),
            width="100%",
            spacing="2",
        ),
        width="100%",
        spacing="2",
    )
