"""The holder's 补签 (supplement) and 核销 (discharge) pages of an issued carnet."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.files import private_file_url
from ata_reflex.components.layout import field_error, labelled, page_shell, sticky_bar
from ata_reflex.state.lifecycle import DischargeState, SupplementState

IMAGE_ACCEPT = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/heic": [".heic"],
                "image/heif": [".heif"]}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em", width="100%")


def _sets_input(name: str) -> rx.Component:
    field_id = f"supplement-{name}"
    return rx.box(
        labelled(text(f"supplement.{name}"),
                 rx.input(name=name, id=field_id, default_value="0", input_mode="numeric", size="3", width="100%"),
                 error=SupplementState.errors[name], field_id=field_id),
        flex="1",
    )


def _supplement_card(request) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(request.created_at, size="2"), rx.badge(request.status_label),
                      justify="between", width="100%"),
            rx.text(request.sets_summary, size="2"),
            rx.text(request.countries, size="2", color_scheme="gray"),
            rx.text(request.reason, size="2", color_scheme="gray", white_space="pre-wrap"),
            rx.cond(request.return_note, rx.text(text("supplement.return_note"), "：", request.return_note,
                                                 size="2", color_scheme="orange")),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="supplement-card",
    )


def _supplement_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(text("supplement.intro"), size="2", color_scheme="gray"),
            rx.hstack(_sets_input("yellow_sets"), _sets_input("white_sets"), _sets_input("blue_sets"),
                      width="100%", align="start"),
            labelled(text("supplement.countries"),
                     rx.input(name="countries", id="supplement-countries", size="3", width="100%",
                              placeholder=text("supplement.countries_placeholder")),
                     error=SupplementState.errors["countries"], field_id="supplement-countries", required=True),
            labelled(text("supplement.reason"),
                     rx.text_area(name="reason", id="supplement-reason", rows="3", size="3", width="100%"),
                     error=SupplementState.errors["reason"], field_id="supplement-reason", required=True),
            rx.button(text("supplement.submit"), type="submit", size="3", width="100%", id="supplement-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=SupplementState.submit_supplement,
        key=SupplementState.form_key,
        width="100%",
        id="supplement-form",
    )


@rx.page(route="/outbound/[carnet_id]/supplement", title=text("title.outbound_supplement"), on_load=SupplementState.load_supplement)
def supplement_page() -> rx.Component:
    """Request more voucher sets for an issued carnet, and see earlier requests."""
    detail = SupplementState.detail
    return page_shell(
        text("supplement.title"),
        rx.cond(
            detail,
            rx.vstack(
                rx.heading(detail.reference, size="4", id="supplement-carnet"),
                rx.cond(detail.can_supplement, _supplement_form()),
                rx.cond(SupplementState.requests.length() > 0,
                        rx.heading(text("supplement.list_title"), size="3", as_="h2")),
                rx.foreach(SupplementState.requests, _supplement_card),
                width="100%",
                spacing="4",
            ),
            _loading(),
        ),
        back_href="/outbound",
    )


def _rules() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("info")),
        rx.vstack(
            rx.text(text("discharge.rules_title"), weight="bold"),
            rx.text("1. ", text("discharge.rule_format"), size="2"),
            rx.text("2. ", text("discharge.rule_content"), size="2"),
            rx.text("3. ", text("discharge.rule_status"), size="2"),
            rx.text("4. ", text("discharge.rule_final"), size="2", weight="bold"),
            spacing="1",
        ),
        color_scheme="blue",
        width="100%",
        id="discharge-rules",
    )


def _thumbnail(page, index, count, kind: str, editable: rx.Var) -> rx.Component:
    prefix = f"discharge-{kind}-{index}"
    return rx.hstack(
        rx.link(
            rx.image(src=private_file_url(page.public_id), alt=page.original_name, width="64px", height="90px",
                     object_fit="cover", border_radius="4px", border="1px solid var(--gray-a6)"),
            href=private_file_url(page.public_id), is_external=True,
        ),
        rx.vstack(
            rx.text(page.label, size="2", weight="medium"),
            rx.text(page.original_name, size="1", color_scheme="gray", trim="both", max_width="150px",
                    overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
            rx.text(page.width, " × ", page.height, size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
        ),
        rx.cond(
            editable,
            rx.hstack(
                rx.icon_button(rx.icon("arrow-up", size=16), on_click=DischargeState.move_page(page.id, -1),
                               disabled=index == 0, variant="soft", size="2", aria_label=text("discharge.move_up"),
                               id=f"{prefix}-up"),
                rx.icon_button(rx.icon("arrow-down", size=16), on_click=DischargeState.move_page(page.id, 1),
                               disabled=index == count - 1, variant="soft", size="2",
                               aria_label=text("discharge.move_down"), id=f"{prefix}-down"),
                rx.icon_button(rx.icon("trash-2", size=16), on_click=DischargeState.remove_page(page.id),
                               variant="soft", color_scheme="red", size="2", aria_label=text("discharge.remove"),
                               id=f"{prefix}-remove"),
                spacing="1",
            ),
        ),
        width="100%",
        align="center",
        padding_y="0.4em",
        border_bottom="1px solid var(--gray-a4)",
        class_name=f"discharge-{kind}",
        custom_attrs={"data-public-id": page.public_id},
    )


def _upload_box(upload_id: str, label_code: str, handler) -> rx.Component:
    return rx.vstack(
        rx.upload.root(
            rx.button(rx.icon("camera", size=16), text(label_code), type="button", variant="soft", size="3",
                      width="100%"),
            id=upload_id,
            multiple=True,
            accept=IMAGE_ACCEPT,
            max_size=MAX_UPLOAD_BYTES,
            on_drop=handler(rx.upload_files(upload_id=upload_id)),
            width="100%",
        ),
        width="100%",
    )


def _upload_errors() -> rx.Component:
    return rx.cond(
        DischargeState.upload_errors.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(rx.foreach(DischargeState.upload_errors, lambda message: rx.text(message, size="2")),
                      spacing="1"),
            color_scheme="red",
            width="100%",
            id="discharge-upload-errors",
            role="alert",
        ),
    )


def _returned_notice(discharge) -> rx.Component:
    return rx.cond(
        discharge.status == "returned",
        rx.callout.root(
            rx.callout.icon(rx.icon("message-square-warning")),
            rx.vstack(
                rx.text(text("discharge.returned_title"), weight="bold"),
                rx.foreach(discharge.return_errors, lambda label: rx.text("· ", label, size="2")),
                rx.cond(discharge.return_note, rx.text(discharge.return_note, size="2")),
                spacing="1",
            ),
            color_scheme="orange",
            width="100%",
            id="discharge-returned",
        ),
    )


def _discharge_body() -> rx.Component:
    discharge = DischargeState.discharge
    editable = discharge.can_edit
    return rx.vstack(
        rx.hstack(rx.heading(discharge.carnet_number, size="4"),
                  rx.badge(discharge.status_label, size="2", id="discharge-status"), justify="between",
                  width="100%", align="center"),
        _returned_notice(discharge),
        rx.cond(discharge.status == "submitted",
                rx.callout.root(rx.callout.text(text("discharge.waiting")), width="100%", id="discharge-waiting")),
        rx.cond(discharge.status == "accepted",
                rx.callout.root(rx.callout.text(text("discharge.accepted_note")), color_scheme="green",
                                width="100%", id="discharge-accepted")),
        _rules(),
        rx.heading(text("discharge.pages"), size="3", as_="h2"),
        rx.text(text("discharge.pages_hint"), size="1", color_scheme="gray"),
        rx.vstack(
            rx.foreach(discharge.pages,
                       lambda page, index: _thumbnail(page, index, discharge.pages.length(), "page", editable)),
            width="100%", spacing="0", id="discharge-pages",
        ),
        rx.cond(editable, _upload_box("discharge-page-upload", "discharge.add_pages", DischargeState.upload_pages)),
        _upload_errors(),
        rx.hstack(
            rx.switch(checked=discharge.goods_status_changed, on_change=DischargeState.set_goods_changed,
                      disabled=~editable, id="discharge-goods-changed", size="3"),
            rx.el.label(text("discharge.goods_changed"), html_for="discharge-goods-changed"),
            spacing="2",
            align="center",
            width="100%",
        ),
        rx.cond(
            discharge.goods_status_changed | (discharge.proofs.length() > 0),
            rx.vstack(
                rx.heading(text("discharge.proofs"), size="3", as_="h2"),
                rx.vstack(
                    rx.foreach(discharge.proofs,
                               lambda page, index: _thumbnail(page, index, discharge.proofs.length(), "proof",
                                                              editable)),
                    width="100%", spacing="0", id="discharge-proofs",
                ),
                rx.cond(editable, _upload_box("discharge-proof-upload", "discharge.add_proofs",
                                              DischargeState.upload_proofs)),
                width="100%",
                spacing="2",
            ),
        ),
        rx.hstack(
            rx.checkbox(checked=discharge.genuine_confirmed, on_change=DischargeState.set_genuine,
                        disabled=~editable, id="discharge-genuine", size="3"),
            rx.el.label(text("discharge.genuine"), html_for="discharge-genuine"),
            spacing="2",
            align="start",
            width="100%",
        ),
        rx.cond(
            editable,
            sticky_bar(
                field_error(DischargeState.submit_error, "discharge-submit"),
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(
                        rx.button(text("discharge.submit"), size="3", width="100%", id="discharge-submit"),
                    ),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title(text("discharge.submit")),
                        rx.alert_dialog.description(text("discharge.submit_confirm")),
                        rx.hstack(
                            rx.alert_dialog.cancel(rx.button(text("common.cancel"), variant="soft",
                                                             color_scheme="gray")),
                            rx.alert_dialog.action(rx.button(text("common.confirm"),
                                                             on_click=DischargeState.submit_discharge,
                                                             id="discharge-submit-confirm")),
                            justify="end",
                            spacing="3",
                            margin_top="1em",
                        ),
                        max_width="400px",
                    ),
                ),
            ),
        ),
        width="100%",
        spacing="3",
    )


@rx.page(route="/outbound/[carnet_id]/discharge", title=text("title.outbound_discharge"), on_load=DischargeState.load_discharge)
def discharge_page() -> rx.Component:
    """Build the discharge page of an issued carnet with the chamber's discharge rules."""
    return page_shell(
        text("discharge.title"),
        rx.cond(DischargeState.discharge, _discharge_body(), _loading()),
        back_href="/outbound",
    )
