"""Read-only inbound carnet sections and scan thumbnails, shared by the holder's and the chamber's pages."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.carnet import status_badge
from ata_reflex.components.files import private_file_url


def scan_thumbnail(scan, *actions: rx.Component) -> rx.Component:
    """Build a scan's thumbnail that opens the image at full size in a new tab, with optional actions below."""
    return rx.vstack(
        rx.link(
            rx.image(src=private_file_url(scan.public_id), alt=scan.original_name, width="100%", height="96px",
                     object_fit="cover", border_radius="6px", border="1px solid var(--gray-a6)"),
            href=private_file_url(scan.public_id),
            is_external=True,
            aria_label=text("inbound.scan_open"),
            class_name="scan-thumbnail",
            width="100%",
        ),
        rx.text(scan.original_name, size="1", color_scheme="gray", white_space="nowrap",
                overflow="hidden", text_overflow="ellipsis", width="100%"),
        *actions,
        spacing="1",
        width="104px",
        class_name="scan-card",
        custom_attrs={"data-kind": scan.kind},
    )


def _row(row) -> rx.Component:
    return rx.vstack(
        rx.text(row.label, size="1", color_scheme="gray"),
        rx.text(rx.cond(row.value, row.value, "—"), size="2", white_space="pre-wrap"),
        spacing="0",
        width="100%",
    )


def _card(title: rx.Var | str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="3", as_="h2"), *children, spacing="3", width="100%"),
        width="100%",
    )


def _scan_group(scan) -> rx.Component:
    return rx.vstack(rx.text(scan.label, size="1", weight="medium"), scan_thumbnail(scan), spacing="1")


def _goods_line(line) -> rx.Component:
    return rx.box(
        rx.text(line.item_number, ". ", line.description_zh, weight="medium", size="2"),
        rx.text(line.description_en, size="2", color_scheme="gray"),
        rx.text(line.quantity, " ", line.unit, " · ", line.weight_kg, " kg · ", line.value, " · ", line.origin_country,
                size="1", color_scheme="gray"),
        padding_y="0.5em",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="goods-line",
    )


def _history_line(entry) -> rx.Component:
    return rx.text(entry.created_at, " · ", entry.actor_name, " · ", entry.action, size="1", color_scheme="gray")


def inbound_detail_sections(detail: rx.Var) -> rx.Component:
    """Build every part of an inbound carnet: status, scans, the three form sections, goods and history."""
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.heading(detail.reference, size="4", id="carnet-reference"),
                rx.text(detail.carnet_number, size="2", color_scheme="gray", id="inbound-carnet-number"),
                spacing="0",
            ),
            rx.box(status_badge(detail.status, detail.status_label), id="carnet-status"),
            justify="between",
            width="100%",
            align="center",
        ),
        rx.cond(
            detail.return_reason & (detail.status == "returned"),
            rx.callout.root(
                rx.callout.icon(rx.icon("message-square-warning")),
                rx.callout.text(text("inbound.return_reason"), "：", detail.return_reason),
                color_scheme="orange",
                width="100%",
                id="carnet-return-reason",
            ),
        ),
        _card(text("inbound.section_scans"),
              rx.flex(rx.foreach(detail.scans, _scan_group), wrap="wrap", gap="3", id="inbound-scans")),
        rx.foreach(detail.sections, lambda section: _card(section.title, rx.foreach(section.rows, _row))),
        _card(
            text("inbound.section_goods"),
            rx.foreach(detail.goods, _goods_line),
            rx.vstack(rx.foreach(detail.totals, lambda total: rx.text(total, size="2", weight="medium")),
                      spacing="0", id="carnet-totals"),
        ),
        _card(text("inbound.section_history"), rx.foreach(detail.history, _history_line)),
        width="100%",
        spacing="3",
    )
