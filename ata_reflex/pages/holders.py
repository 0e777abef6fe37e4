"""Holder pages (持证人): the list, the create form and the edit form."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.layout import labelled, page_shell, sticky_bar
from ata_reflex.state.holders import HolderState
from ata_reflex.state.session import SessionState


def _holder_card(holder) -> rx.Component:
    """Show one holder as a card that opens its edit form."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(holder.name_zh, weight="bold", size="3"),
                    rx.cond(
                        holder.is_outbound_ready,
                        rx.fragment(),
                        rx.badge(text("holders.badge_outbound_incomplete"), color_scheme="orange",
                                 class_name="holder-outbound-badge", flex_shrink="0"),
                    ),
                    justify="between",
                    align="start",
                    width="100%",
                    spacing="2",
                ),
                rx.cond(holder.name_en != "", rx.text(holder.name_en, size="2")),
                rx.text(
                    rx.cond(holder.credit_code != "", holder.credit_code, text("holders.no_credit_code")),
                    size="2",
                    color_scheme="gray",
                    font_family="var(--code-font-family)",
                ),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href="/holders/" + holder.id.to_string(),
        id="holder-card-" + holder.id.to_string(),
        class_name="holder-card",
        underline="none",
        color="inherit",
        width="100%",
    )


def _create_button() -> rx.Component:
    return rx.button(
        rx.icon("plus"), text("holders.create"),
        on_click=rx.redirect("/holders/new"), size="3", width="100%", id="holder-create",
    )


def _empty_state() -> rx.Component:
    return rx.vstack(
        rx.icon("building-2", size=40, color="var(--gray-8)"),
        rx.text(text("holders.empty_title"), weight="bold"),
        rx.text(text("holders.empty_body"), size="2", color_scheme="gray", text_align="center"),
        align="center",
        spacing="2",
        padding_y="2em",
        width="100%",
        id="holders-empty",
    )


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em", width="100%")


@rx.page(route="/holders", title=text("holders.title"),
         on_load=[SessionState.require_login, HolderState.load_holders])
def holders_list() -> rx.Component:
    """Show the user's holders as cards, with the button to create one."""
    return page_shell(
        text("holders.title"),
        _create_button(),
        rx.cond(
            HolderState.is_list_loaded,
            rx.cond(
                HolderState.holders.length() > 0,
                rx.vstack(rx.foreach(HolderState.holders, _holder_card), spacing="3", width="100%",
                          id="holders-list"),
                _empty_state(),
            ),
            _loading(),
        ),
        back_href="/",
    )


def _field(name: str, required: bool = False, hint: str = "", **input_props) -> rx.Component:
    """Build a labelled uncontrolled input named after the holder field, with its error below."""
    field_id = f"holder-{name}"
    return labelled(
        text(f"holder.{name}"),
        rx.input(
            name=name,
            id=field_id,
            default_value=HolderState.initial[name],
            size="3",
            width="100%",
            **input_props,
        ),
        error=HolderState.errors[name],
        field_id=field_id,
        required=required,
        hint=hint,
    )


def _section_heading(code: str) -> rx.Component:
    return rx.heading(text(code), size="3", as_="h2", margin_top="0.5em")


def _holder_form() -> rx.Component:
    """Build the holder form, whose values are read from the submitted form data, never per keystroke."""
    return rx.form(
        rx.vstack(
            rx.callout(text("holders.outbound_note"), icon="info", size="1", color_scheme="blue", width="100%"),
            _section_heading("holders.section_particulars"),
            _field("name_zh", required=True, auto_complete="organization"),
            _field("name_en", lang="en", auto_capitalize="words", spell_check=False),
            _field("address_zh", required=True, auto_complete="street-address"),
            _field("address_en", lang="en", auto_capitalize="words", spell_check=False),
            _field("credit_code", hint=text("holder.credit_code_hint"), auto_capitalize="characters",
                   auto_complete="off", spell_check=False),
            _section_heading("holders.section_contact"),
            _field("contact_name", auto_complete="name"),
            _field("contact_phone", hint=text("holder.contact_phone_hint"), type="tel", input_mode="tel",
                   auto_complete="tel"),
            # type="text" keeps the browser's own e-mail check (in the browser's language) out of
            # the way; the server checks the address and reports errors in Chinese.
            _field("contact_email", input_mode="email", auto_complete="email", auto_capitalize="none",
                   spell_check=False),
            sticky_bar(rx.button(text("common.save"), type="submit", size="3", width="100%", id="holder-save")),
            spacing="3",
            width="100%",
        ),
        on_submit=HolderState.save_holder,
        reset_on_submit=False,
        key=HolderState.form_key,
        id="holder-form",
        custom_attrs={"data-draft-key": HolderState.draft_key},
        width="100%",
    )


def _form_page(title_code: str) -> rx.Component:
    return page_shell(
        text(title_code),
        rx.cond(HolderState.is_form_loaded, _holder_form(), _loading()),
        back_href="/holders",
    )


@rx.page(route="/holders/new", title=text("holders.create"),
         on_load=[SessionState.require_login, HolderState.load_new_holder])
def holder_new() -> rx.Component:
    """Show the empty holder form."""
    return _form_page("holders.create")


@rx.page(route="/holders/[holder_id]", title=text("holders.edit_title"),
         on_load=[SessionState.require_login, HolderState.load_holder])
def holder_edit() -> rx.Component:
    """Show the form of an existing holder."""
    return _form_page("holders.edit_title")
