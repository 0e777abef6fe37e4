"""Read-only carnet sections shared by the holder's detail page and the chamber's review page."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text

STATUS_COLOURS = {
    "draft": "gray",
    "submitted": "blue",
    "approved": "green",
    "returned": "orange",
    "withdrawn": "gray",
    "issued": "green",
    "replaced": "gray",
    "discharged": "teal",
}


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    """Build a coloured badge with the status's Chinese label."""
    return rx.match(
        status,
        *[(code, rx.badge(label, color_scheme=colour, size="2")) for code, colour in STATUS_COLOURS.items()],
        rx.badge(label, size="2"),
    )


def _row(label_code: str, value: rx.Var, test_id: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(text(label_code), size="1", color_scheme="gray"),
        rx.text(rx.cond(value, value, "—"), size="2", white_space="pre-wrap", id=test_id or None),
        spacing="0",
        width="100%",
    )


def _section(title_code: str, *rows: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(text(title_code), size="3", as_="h2"), *rows, spacing="3", width="100%"),
        width="100%",
    )


def _goods_line(line) -> rx.Component:
    return rx.box(
        rx.text(line.item_number, ". ", line.description_zh, weight="medium", size="2"),
        rx.text(line.description_en, size="2", color_scheme="gray"),
        rx.text(
            line.quantity, " ", line.unit, " · ", line.weight_kg, " kg · ¥", line.value_cny, " · ", line.origin_country,
            size="1",
            color_scheme="gray",
        ),
        padding_y="0.5em",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="goods-line",
    )


def _history_line(entry) -> rx.Component:
    return rx.text(entry.created_at, " · ", entry.actor_name, " · ", entry.action, size="1", color_scheme="gray")


def carnet_detail_sections(detail: rx.Var) -> rx.Component:
    """Build every field of a carnet, grouped as the application form groups them."""
    return rx.vstack(
        rx.hstack(
            rx.heading(detail.reference, size="4", id="carnet-reference"),
            rx.box(status_badge(detail.status, detail.status_label), id="carnet-status"),
            justify="between",
            width="100%",
            align="center",
        ),
        rx.cond(
            detail.return_reason & (detail.status == "returned"),
            rx.callout.root(
                rx.callout.icon(rx.icon("message-square-warning")),
                rx.callout.text(text("outbound.return_reason"), "：", detail.return_reason),
                color_scheme="orange",
                width="100%",
                id="carnet-return-reason",
            ),
        ),
        _section(
            "outbound.section_holder",
            _row("holder.name_zh", detail.holder_name_zh),
            _row("holder.name_en", detail.holder_name_en),
            _row("holder.address_zh", detail.holder_address_zh),
            _row("holder.address_en", detail.holder_address_en),
            _row("holder.credit_code", detail.holder_credit_code),
        ),
        _section(
            "outbound.section_basic",
            _row("outbound.import_countries", detail.import_countries),
            _row("outbound.intended_use", detail.intended_use),
            _row("outbound.intended_use_detail", detail.intended_use_detail),
            _row("outbound.exit_port", detail.exit_port),
            _row("outbound.transport_mode", detail.transport_mode),
            _row("outbound.declaration_date", detail.declaration_date),
            _row("outbound.transit_countries", detail.transit_countries),
            _row("outbound.itinerary", detail.itinerary),
            _row("outbound.issuing_office", detail.issuing_office),
            _row("outbound.collection_method", detail.collection_method),
            _row("outbound.representatives_zh", detail.authorized_representatives_zh),
            _row("outbound.representatives_en", detail.authorized_representatives_en),
            _row("outbound.security_type", detail.security_type),
            rx.text(rx.cond(detail.agreement_accepted, text("outbound.agreement_yes"), text("outbound.agreement_no")),
                    size="2"),
        ),
        _section(
            "outbound.section_goods",
            rx.foreach(detail.goods, _goods_line),
            rx.text(
                text("label.goods.total_pieces"), " ", detail.total_pieces, " · ", text("label.goods.total_weight"), " ",
                detail.total_weight_kg, " · ", text("label.goods.total_value"), " ", detail.total_value_cny,
                size="2",
                weight="medium",
                id="carnet-totals",
            ),
        ),
        _section(
            "outbound.section_history",
            _row("outbound.created_at", detail.created_at),
            _row("outbound.submitted_at", detail.submitted_at),
            _row("outbound.decided_at", detail.decided_at),
            rx.foreach(detail.history, _history_line),
        ),
        width="100%",
        spacing="3",
    )
