"""Pages of inbound carnets (进境单证册): list, the form with scans, the goods list and the read-only view."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from ata_reflex.catalogue import text
from ata_reflex.components.carnet import status_badge
from ata_reflex.components.forms import choice_select, datalist, text_area, text_field
from ata_reflex.components.inbound import inbound_detail_sections, scan_thumbnail
from ata_reflex.components.layout import field_error, labelled, page_shell, sticky_bar
from ata_reflex.domain.images import MAX_UPLOAD_BYTES
from ata_reflex.domain.inbound import (
    CARRY_MODES,
    INVOICE_DELIVERIES,
    INVOICE_TYPES,
    PAYMENT_METHODS,
    REQUIRED_SCAN_KINDS,
    SUPPLEMENTARY_SCAN_KIND,
)
from ata_reflex.domain.outbound import INTENDED_USES
from ata_reflex.domain.reference import transport_modes
from ata_reflex.state.inbound import (
    CURRENCY_CHOICES,
    ORIGIN_CHOICES,
    UNIT_CHOICES,
    InboundDetailState,
    InboundFormState,
    InboundListState,
)

S = InboundFormState

# Phones offer the camera and the gallery for a file input that accepts images.
# NOTE: no capture="environment" attribute: Reflex 0.10's rx.upload builds its <input> from
# react-dropzone's getInputProps() and passes no extra props to it, and capture would hide the gallery.
SCAN_ACCEPT = {
    "image/jpeg": [".jpg", ".jpeg"],
    "image/png": [".png"],
    "image/heic": [".heic"],
    "image/heif": [".heif"],
}
SCAN_HINTS = {"entry_counterfoil": "inbound.scan_hint_counterfoil", "entry_voucher": "inbound.scan_hint_voucher"}
UPLOAD_HANDLERS = {
    "green_cover": S.upload_green_cover,
    "yellow_counterfoil": S.upload_yellow_counterfoil,
    "entry_counterfoil": S.upload_entry_counterfoil,
    "entry_voucher": S.upload_entry_voucher,
    "supplementary": S.upload_supplementary,
}


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em", width="100%")


def _delete_dialog(trigger_id: str, on_confirm, confirm_id: str) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(text("inbound.delete"), color_scheme="red", variant="soft", size="2", id=trigger_id),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(text("inbound.delete_title")),
            rx.alert_dialog.description(text("inbound.delete_confirm")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(text("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(text("inbound.delete"), color_scheme="red", on_click=on_confirm,
                                                 id=confirm_id)),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
            max_width="400px",
        ),
    )


def _list_card(carnet) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(
                rx.vstack(
                    rx.hstack(
                        rx.text(rx.cond(carnet.carnet_number, carnet.carnet_number, text("inbound.no_number_yet")),
                                weight="bold"),
                        status_badge(carnet.status, carnet.status_label),
                        justify="between",
                        width="100%",
                    ),
                    rx.text(carnet.reference, " · ", carnet.holder_name, size="2"),
                    rx.text(carnet.totals, size="2", color_scheme="gray"),
                    rx.text(text("inbound.updated_at"), " ", carnet.updated_at, size="1", color_scheme="gray"),
                    spacing="1",
                    width="100%",
                ),
                href=f"/inbound/{carnet.id}",
                underline="none",
                color="inherit",
                width="100%",
            ),
            rx.hstack(
                rx.link(rx.button(text("common.edit"), variant="soft", size="2"), href=f"/inbound/{carnet.id}"),
                rx.cond(
                    carnet.can_delete,
                    _delete_dialog(f"inbound-delete-{carnet.id}", InboundListState.delete_inbound(carnet.id),
                                   f"inbound-delete-confirm-{carnet.id}"),
                ),
                justify="end",
                width="100%",
                spacing="2",
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        class_name="inbound-card",
    )


@rx.page(route="/inbound", title=text("title.inbound"), on_load=InboundListState.load_inbound_list)
def inbound_list() -> rx.Component:
    """The holder's inbound carnets with their status, open, edit and delete."""
    return page_shell(
        text("inbound.title"),
        rx.button(rx.icon("plus"), text("inbound.create"), on_click=InboundListState.start_inbound, size="3",
                  width="100%", id="inbound-create"),
        rx.cond(
            InboundListState.carnets.length() > 0,
            rx.vstack(rx.foreach(InboundListState.carnets, _list_card), width="100%", spacing="3"),
            rx.text(text("inbound.empty"), color_scheme="gray", id="inbound-empty"),
        ),
        back_href="/",
    )


def _steps(current: int) -> rx.Component:
    def step(number: int, label: str) -> rx.Component:
        active = number == current
        return rx.hstack(
            rx.badge(str(number), variant="solid" if active else "soft", radius="full"),
            rx.text(label, size="2", weight="bold" if active else "regular"),
            spacing="1",
            align="center",
        )

    return rx.hstack(step(1, text("inbound.step_basic")), rx.text("›", color_scheme="gray"),
                     step(2, text("inbound.step_goods")), spacing="2", align="center")


def _field(name: str, label_code: str, control: rx.Component, required: bool = True, hint: str = "") -> rx.Component:
    return labelled(text(label_code), control, error=S.errors[name], field_id=f"inbound-{name}", required=required,
                    hint=hint)


def _text(name: str, label_code: str, required: bool = True, hint: str = "", placeholder: str = "",
          input_type: str = "text", datalist_id: str = "", input_mode: str | None = None) -> rx.Component:
    control = text_field(f"inbound-{name}", S.fields[name], lambda value: S.set_field(name, value),
                         placeholder=placeholder, input_type=input_type, datalist_id=datalist_id,
                         input_mode=input_mode)
    return _field(name, label_code, control, required, hint)


def _select(name: str, label_code: str, options, required: bool = True, hint: str = "") -> rx.Component:
    control = choice_select(f"inbound-{name}", options, S.fields[name], lambda value: S.set_field(name, value),
                            text("inbound.choose"))
    return _field(name, label_code, control, required, hint)


def _progress(kind: str) -> rx.Component:
    value = S.upload_progress[kind]
    return rx.cond(
        (value > 0) & (value < 100),
        rx.vstack(
            rx.text(text("inbound.scan_uploading"), " ", value, "%", size="1", color_scheme="gray"),
            rx.progress(value=value, max=100, width="100%", id=f"scan-{kind}-progress"),
            width="100%",
            spacing="1",
        ),
    )


def _describe_rejected(record: rx.Var) -> rx.Var:
    """Turn a react-dropzone rejection (a browser File and its errors) into "path\ncodes" for the server."""
    record = record.to(ObjectVar, dict[str, dict[str, Any]])
    file = record["file"].to(ObjectVar, dict[str, Any])
    codes = record["errors"].to(ArrayVar, list[dict[str, Any]]).map(lambda error: error["code"]).join(",")
    return file["path"].to(str) + "\n" + codes


def _upload_zone(kind: str, label: str) -> rx.Component:
    upload_id = f"scan-{kind}"
    return rx.upload.root(
        rx.button(rx.icon("camera", size=16), label, type="button", variant="soft", size="3", width="100%"),
        id=upload_id,
        accept=SCAN_ACCEPT,
        multiple=kind == SUPPLEMENTARY_SCAN_KIND,
        max_size=MAX_UPLOAD_BYTES,
        no_drag=True,
        on_drop=UPLOAD_HANDLERS[kind](
            rx.upload_files(upload_id=upload_id, on_upload_progress=lambda progress: S.set_upload_progress(kind, progress))
        ),
        on_drop_rejected=lambda rejected: S.reject_files(kind, rejected.to(ArrayVar).map(_describe_rejected)),
        width="100%",
        class_name=f"scan-upload scan-upload-{kind}",
    )


def _remove_button(scan) -> rx.Component:
    return rx.button(text("inbound.scan_remove"), on_click=S.remove_scan(scan.public_id), variant="ghost",
                     color_scheme="red", size="1", type="button", class_name="scan-remove")


def _scan_block(kind: str) -> rx.Component:
    required = kind != SUPPLEMENTARY_SCAN_KIND
    label = text(f"scan.{kind}")
    title = text("inbound.scan_upload", label=label) + (text("inbound.scan_required_mark") if required else "")
    hint = text(SCAN_HINTS[kind]) if kind in SCAN_HINTS else (
        text("inbound.scan_supplementary_hint") if not required else "")
    return rx.vstack(
        rx.text(title, weight="medium", size="2"),
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        rx.flex(
            rx.foreach(S.scans, lambda scan: rx.cond(scan.kind == kind, scan_thumbnail(scan, _remove_button(scan)))),
            wrap="wrap",
            gap="3",
        ),
        _upload_zone(kind, text("inbound.scan_pick")),
        _progress(kind),
        field_error(S.upload_errors[kind], f"upload-{kind}"),
        field_error(S.errors[f"scans.{kind}"], f"scan-{kind}"),
        width="100%",
        spacing="2",
        id=f"scan-block-{kind}",
    )


def _scans_section() -> rx.Component:
    return rx.vstack(
        rx.heading(text("inbound.section_scans"), size="3", as_="h2"),
        rx.text(text("inbound.scan_formats"), size="1", color_scheme="gray"),
        *[_scan_block(kind) for kind in (*REQUIRED_SCAN_KINDS, SUPPLEMENTARY_SCAN_KIND)],
        width="100%",
        spacing="4",
    )


def _basic_section() -> rx.Component:
    return rx.vstack(
        rx.heading(text("inbound.section_basic"), size="3", as_="h2"),
        _text("holder_name", "inbound.holder_name"),
        _text("holder_address", "inbound.holder_address"),
        _text("carnet_number", "inbound.carnet_number", placeholder=text("inbound.carnet_number_placeholder")),
        _text("authorized_representative", "inbound.authorized_representative", required=False),
        _text("guaranteeing_association", "inbound.guaranteeing_association",
              hint=text("inbound.guaranteeing_association_hint")),
        _select("intended_use", "outbound.intended_use", [(code, text(f"use.{code}")) for code in INTENDED_USES]),
        _field("intended_use_detail", "outbound.intended_use_detail",
               text_area("inbound-intended_use_detail", S.fields["intended_use_detail"],
                         lambda value: S.set_field("intended_use_detail", value),
                         placeholder=text("outbound.intended_use_detail_placeholder"))),
        _select("registration_office", "inbound.registration_office", S.office_choices),
        _text("valid_until", "inbound.valid_until", input_type="date"),
        width="100%",
        spacing="4",
    )


def _manifest_section() -> rx.Component:
    return rx.vstack(
        rx.heading(text("inbound.section_manifest"), size="3", as_="h2"),
        rx.callout.root(rx.callout.icon(rx.icon("info")), rx.callout.text(text("inbound.manifest_note"), size="2"),
                        width="100%", id="inbound-manifest-note"),
        _text("entry_voucher_number", "inbound.entry_voucher_number"),
        _text("entry_port", "inbound.entry_port", datalist_id="inbound-port-options",
              placeholder=text("outbound.port_placeholder")),
        datalist("inbound-port-options", S.port_choices),
        _select("carry_mode", "inbound.carry_mode", [(code, text(f"carry.{code}")) for code in CARRY_MODES]),
        _select("transport_mode", "outbound.transport_mode", [(mode.code, mode.name_zh) for mode in transport_modes()]),
        rx.hstack(
            rx.box(_text("package_count", "inbound.package_count", input_mode="numeric"), flex="1"),
            rx.box(_text("gross_weight_kg", "inbound.gross_weight_kg", input_mode="decimal"), flex="1"),
            width="100%",
            align="start",
        ),
        width="100%",
        spacing="4",
    )


def _invoice_fields() -> rx.Component:
    special = S.fields["invoice_type"] == "vat_special"
    mailed = S.fields["invoice_delivery"] == "mail"
    return rx.vstack(
        _select("invoice_type", "inbound.invoice_type", [(code, text(f"invoice_type.{code}")) for code in INVOICE_TYPES]),
        _text("invoice_title", "inbound.invoice_title"),
        _text("taxpayer_id", "inbound.taxpayer_id"),
        rx.cond(special, rx.text(text("inbound.special_invoice_hint"), size="1", color_scheme="gray")),
        rx.cond(special, _text("invoice_address", "inbound.invoice_address"),
                _text("invoice_address", "inbound.invoice_address", required=False)),
        rx.cond(special, _text("invoice_phone", "inbound.invoice_phone", input_type="tel"),
                _text("invoice_phone", "inbound.invoice_phone", input_type="tel", required=False)),
        rx.cond(special, _text("bank_name", "inbound.bank_name"),
                _text("bank_name", "inbound.bank_name", required=False)),
        rx.cond(special, _text("bank_account", "inbound.bank_account", input_mode="numeric"),
                _text("bank_account", "inbound.bank_account", input_mode="numeric", required=False)),
        _select("invoice_delivery", "inbound.invoice_delivery",
                [(code, text(f"delivery.{code}")) for code in INVOICE_DELIVERIES]),
        rx.cond(
            mailed,
            rx.vstack(
                _text("recipient_name", "inbound.recipient_name"),
                _text("recipient_phone", "inbound.recipient_phone", input_type="tel"),
                _text("mailing_address", "inbound.mailing_address"),
                width="100%",
                spacing="4",
            ),
        ),
        width="100%",
        spacing="4",
        id="inbound-invoice-fields",
    )


def _agent_section() -> rx.Component:
    return rx.vstack(
        rx.heading(text("inbound.section_agent"), size="3", as_="h2"),
        _text("agent_name", "inbound.agent_name"),
        _text("agent_contact", "inbound.agent_contact"),
        _text("agent_phone", "inbound.agent_phone", input_type="tel"),
        _text("agent_email", "inbound.agent_email", input_type="email"),
        _select("invoice_required", "inbound.invoice_required", [("yes", text("answer.yes")), ("no", text("answer.no"))]),
        rx.cond(S.fields["invoice_required"] == "yes", _invoice_fields()),
        _select("payment_method", "inbound.payment_method", [(code, text(f"payment.{code}")) for code in PAYMENT_METHODS]),
        width="100%",
        spacing="4",
    )


def _autosave_note() -> rx.Component:
    return rx.text(S.saved_at, size="1", color_scheme="gray", id="inbound-saved-note", min_height="1.2em")


def _basic_form() -> rx.Component:
    return rx.vstack(
        _scans_section(),
        rx.vstack(
            _basic_section(),
            _manifest_section(),
            _agent_section(),
            key=S.form_key,
            width="100%",
            spacing="5",
            id="inbound-basic-form",
            custom_attrs={"data-draft-key": f"inbound-{S.carnet_ref}"},
        ),
        sticky_bar(
            _autosave_note(),
            rx.button(text("inbound.next"), on_click=S.go_to_goods, size="3", width="100%", id="inbound-next"),
        ),
        width="100%",
        spacing="5",
    )


@rx.page(route="/inbound/[inbound_id]/basic", title=text("title.inbound_basic"), on_load=InboundFormState.load_form)
def inbound_basic() -> rx.Component:
    """Step 1: scans, basic information, manifest, customs agent and invoice."""
    return page_shell(
        text("inbound.form_title"),
        _steps(1),
        rx.cond(S.is_loaded, _basic_form(), _loading()),
        back_href="/inbound",
    )


def _goods_input(row, index, name: str, datalist_id: str = "", placeholder: str = "",
                 input_mode: str | None = None) -> rx.Component:
    field_id = f"inbound-goods-{index}-{name}"
    if name.startswith("description"):
        control = text_area(field_id, getattr(row, name), lambda value: S.set_goods_field(index, name, value), rows="2")
    else:
        control = text_field(field_id, getattr(row, name), lambda value: S.set_goods_field(index, name, value),
                             datalist_id=datalist_id, placeholder=placeholder, input_mode=input_mode)
    return labelled(text(f"label.inbound_goods.{name}"), control, error=S.errors[f"goods.{index}.{name}"],
                    field_id=field_id, required=True)


def _goods_card(row, index) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(text("inbound.goods_item"), " ", index + 1, weight="bold"),
                rx.button(text("inbound.remove_goods"), on_click=S.remove_goods_item(index), variant="ghost",
                          color_scheme="red", size="2", type="button", id=f"inbound-goods-{index}-remove"),
                justify="between",
                width="100%",
                align="center",
            ),
            _goods_input(row, index, "item_number", placeholder=text("inbound.item_number_placeholder")),
            _goods_input(row, index, "description_zh"),
            _goods_input(row, index, "description_en"),
            rx.hstack(
                rx.box(_goods_input(row, index, "quantity", input_mode="numeric"), flex="1"),
                rx.box(_goods_input(row, index, "unit", datalist_id="inbound-unit-options",
                                    placeholder=text("inbound.unit_placeholder")), flex="1"),
                width="100%",
                align="start",
            ),
            _goods_input(row, index, "weight_kg", input_mode="decimal"),
            rx.hstack(
                rx.box(
                    labelled(
                        text("label.inbound_goods.currency"),
                        choice_select(f"inbound-goods-{index}-currency",
                                      [(choice.value, choice.label) for choice in CURRENCY_CHOICES],
                                      row.currency, lambda value: S.set_goods_field(index, "currency", value),
                                      text("inbound.choose")),
                        error=S.errors[f"goods.{index}.currency"],
                        field_id=f"inbound-goods-{index}-currency",
                        required=True,
                    ),
                    flex="1",
                ),
                rx.box(_goods_input(row, index, "total_value", input_mode="decimal"), flex="1"),
                width="100%",
                align="start",
            ),
            _goods_input(row, index, "origin_country", datalist_id="inbound-origin-options",
                         placeholder=text("outbound.country_placeholder")),
            spacing="3",
            width="100%",
        ),
        key=row.key,
        width="100%",
        class_name="inbound-goods-card",
    )


def _basic_error_summary() -> rx.Component:
    return rx.cond(
        S.basic_error_list.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(
                rx.text(text("inbound.basic_has_errors"), weight="bold"),
                rx.foreach(S.basic_error_list, lambda message: rx.text("· ", message, size="2")),
                rx.link(text("inbound.back_to_basic"), href=f"/inbound/{S.carnet_ref}/basic", id="inbound-fix-basic"),
                spacing="1",
            ),
            color_scheme="red",
            width="100%",
            id="inbound-basic-errors",
        ),
    )


def _totals() -> rx.Component:
    return rx.vstack(
        rx.text(text("inbound.totals_title"), size="1", color_scheme="gray"),
        rx.cond(
            S.totals.length() > 0,
            rx.flex(rx.foreach(S.totals, lambda total: rx.badge(total, size="2", variant="soft",
                                                                class_name="inbound-total")),
                    wrap="wrap", gap="2"),
            rx.text(text("inbound.totals_empty"), size="1", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
        id="inbound-totals",
    )


def _goods_form() -> rx.Component:
    return rx.vstack(
        _basic_error_summary(),
        rx.heading(text("inbound.step_goods"), size="3", as_="h2"),
        field_error(S.errors["goods"], "inbound-goods"),
        rx.foreach(S.goods, _goods_card),
        datalist("inbound-unit-options", [(choice.label, choice.value) for choice in UNIT_CHOICES]),
        datalist("inbound-origin-options", [(choice.label, choice.value) for choice in ORIGIN_CHOICES]),
        rx.button(text("inbound.add_goods"), on_click=S.add_goods_item, variant="soft", size="3", width="100%",
                  type="button", id="inbound-goods-add"),
        sticky_bar(
            _totals(),
            _autosave_note(),
            rx.hstack(
                rx.button(text("common.save"), on_click=S.save_draft, variant="outline", size="3", flex="1",
                          id="inbound-save"),
                rx.button(text("common.submit"), on_click=S.submit_inbound, size="3", flex="1", id="inbound-submit"),
                width="100%",
            ),
        ),
        key=S.form_key,
        width="100%",
        spacing="4",
        id="inbound-goods-form",
        custom_attrs={"data-draft-key": f"inbound-{S.carnet_ref}"},
    )


@rx.page(route="/inbound/[inbound_id]/goods", title=text("title.inbound_goods"), on_load=InboundFormState.load_form)
def inbound_goods() -> rx.Component:
    """Step 2: the green general list, with save and submit."""
    return page_shell(
        text("inbound.form_title"),
        _steps(2),
        rx.link(text("inbound.back_to_basic"), href=f"/inbound/{S.carnet_ref}/basic", size="2"),
        rx.cond(S.is_loaded, _goods_form(), _loading()),
        back_href="/inbound",
    )


def _detail_actions() -> rx.Component:
    detail = InboundDetailState.detail
    return rx.vstack(
        rx.cond(
            detail.can_edit | detail.can_reopen,
            rx.button(text("common.edit"), on_click=InboundDetailState.edit_inbound, size="3", width="100%",
                      id="inbound-edit"),
        ),
        rx.cond(
            detail.can_withdraw,
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(
                    rx.button(text("inbound.withdraw"), color_scheme="red", variant="soft", size="3", width="100%",
                              id="inbound-withdraw"),
                ),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(text("inbound.withdraw_title")),
                    rx.alert_dialog.description(text("inbound.withdraw_confirm")),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(text("common.cancel"), variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(rx.button(text("inbound.withdraw"), color_scheme="red",
                                                         on_click=InboundDetailState.withdraw_inbound,
                                                         id="inbound-withdraw-confirm")),
                        justify="end",
                        spacing="3",
                        margin_top="1em",
                    ),
                    max_width="400px",
                ),
            ),
        ),
        rx.cond(detail.can_delete,
                _delete_dialog("inbound-delete", InboundDetailState.delete_inbound, "inbound-delete-confirm")),
        width="100%",
        spacing="2",
    )


@rx.page(route="/inbound/[inbound_id]", title=text("title.inbound_detail"), on_load=InboundDetailState.load_detail)
def inbound_detail() -> rx.Component:
    """An inbound carnet read-only, with edit, withdraw and delete as its status allows."""
    return page_shell(
        text("inbound.detail_title"),
        rx.cond(
            InboundDetailState.detail,
            rx.vstack(inbound_detail_sections(InboundDetailState.detail), _detail_actions(), width="100%", spacing="4"),
            _loading(),
        ),
        back_href="/inbound",
    )
