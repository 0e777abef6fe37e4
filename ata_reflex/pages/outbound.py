"""Pages of outbound carnets (出境单证册): list, the two-step form and the read-only view."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.carnet import carnet_detail_sections, status_badge
from ata_reflex.components.forms import choice_select, datalist, native_select, text_area, text_field
from ata_reflex.components.lifecycle import issue_section, lifecycle_buttons
from ata_reflex.components.layout import field_error, labelled, page_shell, sticky_bar
from ata_reflex.domain.outbound import COLLECTION_METHODS, INTENDED_USES, SECURITY_TYPES
from ata_reflex.domain.reference import goods_units, import_countries, origin_countries, transport_modes
from ata_reflex.state.lifecycle import RenewalState
from ata_reflex.state.outbound import OutboundDetailState, OutboundFormState, OutboundListState

S = OutboundFormState

IMPORT_COUNTRY_OPTIONS = [(f"{c.name_zh} ({c.code})", c.name_en) for c in import_countries()]
ORIGIN_COUNTRY_OPTIONS = [(f"{c.name_zh} ({c.code})", c.name_en) for c in origin_countries()]
GOODS_UNIT_OPTIONS = [(unit.code, f"{unit.code} {unit.label_zh}") for unit in goods_units()]


def _carnet_card(carnet) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(carnet.reference, weight="bold"),
                    status_badge(carnet.status, carnet.status_label),
                    justify="between",
                    width="100%",
                ),
                rx.text(rx.cond(carnet.holder_name, carnet.holder_name, text("outbound.no_holder_yet")), size="2"),
                rx.text(carnet.countries, size="2", color_scheme="gray"),
                rx.cond(carnet.days_left, rx.badge(carnet.days_left, size="1", class_name="carnet-days-left")),
                rx.hstack(
                    rx.text(text("outbound.total_value_short"), " ", carnet.total_value_cny, size="1", color_scheme="gray"),
                    rx.text(text("outbound.updated_at"), " ", carnet.updated_at, size="1", color_scheme="gray"),
                    justify="between",
                    width="100%",
                ),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=f"/outbound/{carnet.id}",
        underline="none",
        color="inherit",
        width="100%",
        class_name="carnet-card",
    )


@rx.page(route="/outbound", title=text("title.outbound"), on_load=OutboundListState.load_carnet_list)
def outbound_list() -> rx.Component:
    """The holder's outbound carnets with their status."""
    return page_shell(
        text("outbound.title"),
        rx.button(
            rx.icon("plus"), text("outbound.create"), on_click=OutboundListState.start_carnet,
            size="3", width="100%", id="outbound-create",
        ),
        rx.cond(
            OutboundListState.carnets.length() > 0,
            rx.vstack(rx.foreach(OutboundListState.carnets, _carnet_card), width="100%", spacing="3"),
            rx.text(text("outbound.empty"), color_scheme="gray", id="outbound-empty"),
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

    return rx.hstack(step(1, text("outbound.step_basic")), rx.text("›", color_scheme="gray"),
                     step(2, text("outbound.step_goods")), spacing="2", align="center")


def _error(path: str | rx.Var) -> rx.Var:
    return S.errors[path]


def _field(name: str, label_code: str, control: rx.Component, required: bool = True, hint: str = "") -> rx.Component:
    return labelled(text(label_code), control, error=_error(name), field_id=f"outbound-{name}",
                    required=required, hint=hint)


def _text(name: str, label_code: str, required: bool = True, hint: str = "", placeholder: str = "",
          input_type: str = "text", datalist_id: str = "") -> rx.Component:
    control = text_field(f"outbound-{name}", S.fields[name], lambda value: S.set_field(name, value),
                         placeholder=placeholder, input_type=input_type, datalist_id=datalist_id)
    return _field(name, label_code, control, required, hint)


def _select(name: str, label_code: str, options, placeholder_code: str = "outbound.choose") -> rx.Component:
    control = choice_select(f"outbound-{name}", options, S.fields[name], lambda value: S.set_field(name, value),
                            text(placeholder_code))
    return _field(name, label_code, control)


def _country_row(row, index) -> rx.Component:
    return rx.vstack(
        text_field(f"outbound-import_countries-{index}", row.text, lambda value: S.set_country(index, value),
                   placeholder=text("outbound.country_placeholder"), datalist_id="import-country-options"),
        field_error(_error(f"import_countries.{index}"), f"outbound-import_countries-{index}"),
        rx.cond(
            S.country_rows.length() > 1,
            rx.button(
                rx.icon("minus", size=14), text("outbound.remove_country"), on_click=S.remove_country(index),
                variant="ghost", color_scheme="red", size="1", type="button", align_self="end",
                id=f"outbound-remove-country-{index}",
            ),
        ),
        key=row.key,
        width="100%",
        spacing="1",
    )


def _agreement() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.checkbox(default_checked=S.agreement_accepted, on_change=S.set_agreement, id="outbound-agreement",
                        size="3"),
            rx.el.label(text("outbound.agreement_accept"), html_for="outbound-agreement"),
            rx.dialog.root(
                rx.dialog.trigger(
                    rx.button(text("outbound.agreement_open"), variant="ghost", type="button", size="2",
                              id="outbound-agreement-open"),
                ),
                rx.dialog.content(
                    rx.dialog.title(text("outbound.agreement_title")),
                    rx.scroll_area(
                        rx.text(text("outbound.agreement_text"), white_space="pre-wrap", size="2"),
                        max_height="60vh",
                        type="auto",
                    ),
                    rx.dialog.close(rx.button(text("outbound.agreement_close"), width="100%", size="3",
                                              margin_top="1em", id="outbound-agreement-close")),
                    max_width="440px",
                ),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        field_error(_error("agreement_accepted"), "outbound-agreement"),
        width="100%",
        spacing="1",
    )


def _autosave_note() -> rx.Component:
    return rx.text(S.saved_at, size="1", color_scheme="gray", id="outbound-saved-note", min_height="1.2em")


def _basic_form() -> rx.Component:
    return rx.vstack(
        rx.heading(text("outbound.section_basic"), size="3", as_="h2"),
        _text("holder_id", "outbound.holder", datalist_id="holder-options",
              placeholder=text("outbound.holder_placeholder")),
        rx.link(text("outbound.holder_create_hint"), href="/holders/new", size="2", id="outbound-holder-create"),
        datalist("holder-options", S.holder_choices),
        rx.vstack(
            rx.hstack(rx.text(text("outbound.import_countries"), weight="medium", size="2"),
                      rx.text("*", color_scheme="red", size="2"), spacing="1"),
            rx.foreach(S.country_rows, _country_row),
            field_error(_error("import_countries"), "outbound-import_countries"),
            rx.button(rx.icon("plus", size=16), text("outbound.add_country"), on_click=S.add_country,
                      variant="soft", size="3", type="button", id="outbound-add-country"),
            width="100%",
            spacing="2",
        ),
        datalist("import-country-options", IMPORT_COUNTRY_OPTIONS),
        _select("intended_use", "outbound.intended_use", [(code, text(f"use.{code}")) for code in INTENDED_USES]),
        _field("intended_use_detail", "outbound.intended_use_detail",
               text_area("outbound-intended_use_detail", S.fields["intended_use_detail"],
                         lambda value: S.set_field("intended_use_detail", value),
                         placeholder=text("outbound.intended_use_detail_placeholder"))),
        _text("exit_port", "outbound.exit_port", datalist_id="port-options",
              placeholder=text("outbound.port_placeholder")),
        datalist("port-options", S.port_choices),
        _select("transport_mode", "outbound.transport_mode",
                [(mode.code, mode.name_zh) for mode in transport_modes()]),
        _field("declaration_date", "outbound.declaration_date",
               text_field("outbound-declaration_date", S.fields["declaration_date"],
                          lambda value: S.set_field("declaration_date", value), input_type="date")),
        _text("transit_countries", "outbound.transit_countries", required=False,
              hint=text("outbound.transit_hint")),
        _text("itinerary", "outbound.itinerary", hint=text("outbound.itinerary_hint"),
              placeholder=text("outbound.itinerary_placeholder")),
        _select("issuing_office", "outbound.issuing_office", S.office_choices),
        _select("collection_method", "outbound.collection_method",
                [(code, text(f"collection.{code}")) for code in COLLECTION_METHODS]),
        _text("authorized_representatives_zh", "outbound.representatives_zh",
              hint=text("outbound.representatives_hint")),
        _text("authorized_representatives_en", "outbound.representatives_en",
              hint=text("outbound.representatives_en_hint")),
        _select("security_type", "outbound.security_type",
                [(code, text(f"security.{code}")) for code in SECURITY_TYPES]),
        _agreement(),
        sticky_bar(
            _autosave_note(),
            rx.button(text("outbound.next"), on_click=S.go_to_goods, size="3", width="100%", id="outbound-next"),
        ),
        key=S.form_key,
        width="100%",
        spacing="4",
        id="outbound-basic-form",
        custom_attrs={"data-draft-key": f"outbound-{S.carnet_ref}"},
    )


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em", width="100%")


@rx.page(route="/outbound/[carnet_id]/basic", title=text("title.outbound_basic"), on_load=OutboundFormState.load_form)
def outbound_basic() -> rx.Component:
    """Step 1: the carnet's basic information."""
    return page_shell(
        text("outbound.form_title"),
        _steps(1),
        rx.cond(S.is_loaded, _basic_form(), _loading()),
        back_href="/outbound",
    )


def _goods_input(row, index, name: str, label_code: str, datalist_id: str = "",
                 placeholder: str = "") -> rx.Component:
    field_id = f"goods-{index}-{name}"
    if name.startswith("description"):
        control = text_area(field_id, getattr(row, name), lambda value: S.set_goods_field(index, name, value),
                            rows="2")
    else:
        control = text_field(field_id, getattr(row, name), lambda value: S.set_goods_field(index, name, value),
                             datalist_id=datalist_id, placeholder=placeholder,
                             input_mode="decimal" if name in ("weight_kg", "value_cny") else
                             "numeric" if name == "quantity" else None)
    return labelled(text(label_code), control, error=_error(f"goods.{index}.{name}"), field_id=field_id,
                    required=True)


def _goods_card(row, index) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(text("outbound.goods_item"), " ", index + 1, weight="bold"),
                rx.button(
                    text("outbound.remove_goods"), on_click=S.remove_goods_item(index), variant="ghost",
                    color_scheme="red", size="2", type="button", id=f"goods-{index}-remove",
                ),
                justify="between",
                width="100%",
                align="center",
            ),
            _goods_input(row, index, "description_zh", "label.goods.description_zh"),
            _goods_input(row, index, "description_en", "label.goods.description_en"),
            rx.hstack(
                rx.box(_goods_input(row, index, "quantity", "label.goods.quantity"), flex="1"),
                rx.box(
                    labelled(
                        text("label.goods.unit"),
                        native_select(f"goods-{index}-unit", GOODS_UNIT_OPTIONS, row.unit,
                                      lambda value: S.set_goods_field(index, "unit", value), text("outbound.choose")),
                        error=_error(f"goods.{index}.unit"),
                        field_id=f"goods-{index}-unit",
                        required=True,
                    ),
                    flex="1",
                ),
                width="100%",
                align="start",
            ),
            rx.hstack(
                rx.box(_goods_input(row, index, "weight_kg", "label.goods.weight_kg"), flex="1"),
                rx.box(_goods_input(row, index, "value_cny", "label.goods.value_cny"), flex="1"),
                width="100%",
                align="start",
            ),
            _goods_input(row, index, "origin_country", "label.goods.origin_country", datalist_id="origin-country-options",
                         placeholder=text("outbound.country_placeholder")),
            spacing="3",
            width="100%",
        ),
        key=row.key,
        width="100%",
        class_name="goods-card",
        # With hundreds of rows, the browser skips layout and paint of the cards off screen.
        content_visibility="auto",
        contain_intrinsic_size="auto 640px",
    )


def _basic_error_summary() -> rx.Component:
    return rx.cond(
        S.basic_error_list.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(
                rx.text(text("outbound.basic_has_errors"), weight="bold"),
                rx.foreach(S.basic_error_list, lambda message: rx.text("· ", message, size="2")),
                rx.link(text("outbound.back_to_basic"), href=f"/outbound/{S.carnet_ref}/basic",
                        id="outbound-fix-basic"),
                spacing="1",
            ),
            color_scheme="red",
            width="100%",
            id="outbound-basic-errors",
        ),
    )


def _totals() -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(text("label.goods.total_pieces"), size="1", color_scheme="gray"),
                  rx.text(S.totals["pieces"], weight="bold", id="goods-total-pieces"), spacing="0"),
        rx.vstack(rx.text(text("label.goods.total_weight"), size="1", color_scheme="gray"),
                  rx.text(S.totals["weight_kg"], weight="bold", id="goods-total-weight"), spacing="0"),
        rx.vstack(rx.text(text("label.goods.total_value"), size="1", color_scheme="gray"),
                  rx.text(S.totals["value_cny"], weight="bold", id="goods-total-value"), spacing="0"),
        justify="between",
        width="100%",
    )


def _goods_form() -> rx.Component:
    return rx.vstack(
        _basic_error_summary(),
        rx.heading(text("outbound.section_goods"), size="3", as_="h2"),
        field_error(_error("goods"), "goods"),
        rx.foreach(S.goods_rows, _goods_card),
        datalist("origin-country-options", ORIGIN_COUNTRY_OPTIONS),
        rx.button(text("outbound.add_goods"), on_click=S.add_goods_item, variant="soft",
                  size="3", width="100%", type="button", id="goods-add"),
        sticky_bar(
            _totals(),
            _autosave_note(),
            rx.hstack(
                rx.button(text("common.save"), on_click=S.save_draft, variant="outline", size="3", flex="1",
                          id="outbound-save"),
                rx.button(text("common.submit"), on_click=S.submit_carnet, size="3", flex="1", id="outbound-submit"),
                width="100%",
            ),
        ),
        key=S.form_key,
        width="100%",
        spacing="4",
        id="outbound-goods-form",
        custom_attrs={"data-draft-key": f"outbound-{S.carnet_ref}"},
    )


@rx.page(route="/outbound/[carnet_id]/goods", title=text("title.outbound_goods"), on_load=OutboundFormState.load_form)
def outbound_goods() -> rx.Component:
    """Step 2: the goods list, with save and submit."""
    return page_shell(
        text("outbound.form_title"),
        _steps(2),
        rx.link(text("outbound.back_to_basic"), href=f"/outbound/{S.carnet_ref}/basic", size="2"),
        rx.cond(S.is_loaded, _goods_form(), _loading()),
        back_href="/outbound",
    )


def _detail_actions() -> rx.Component:
    detail = OutboundDetailState.detail
    return rx.vstack(
        rx.cond(
            detail.can_edit | detail.can_reopen,
            rx.button(text("common.edit"), on_click=OutboundDetailState.edit_carnet, size="3", width="100%",
                      id="outbound-edit"),
        ),
        rx.cond(
            detail.can_withdraw,
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(
                    rx.button(text("outbound.withdraw"), color_scheme="red", variant="soft", size="3", width="100%",
                              id="outbound-withdraw"),
                ),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(text("outbound.withdraw_title")),
                    rx.alert_dialog.description(text("outbound.withdraw_confirm")),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(text("common.cancel"), variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(rx.button(text("outbound.withdraw"), color_scheme="red",
                                                         on_click=OutboundDetailState.withdraw_carnet,
                                                         id="outbound-withdraw-confirm")),
                        justify="end",
                        spacing="3",
                        margin_top="1em",
                    ),
                    max_width="400px",
                ),
            ),
        ),
        width="100%",
        spacing="2",
    )


@rx.page(route="/outbound/[carnet_id]", title=text("title.outbound_detail"), on_load=OutboundDetailState.load_detail)
def outbound_detail() -> rx.Component:
    """A carnet read-only, with edit, withdraw or nothing, as its status allows."""
    return page_shell(
        text("outbound.detail_title"),
        rx.cond(
            OutboundDetailState.detail,
            rx.vstack(
                issue_section(OutboundDetailState.detail),
                lifecycle_buttons(OutboundDetailState.detail, RenewalState.start_renewal),
                carnet_detail_sections(OutboundDetailState.detail),
                _detail_actions(),
                width="100%",
                spacing="4",
            ),
            _loading(),
        ),
        back_href="/outbound",
    )
