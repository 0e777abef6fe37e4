"""The chamber's lifecycle sections of a carnet under review: issue, supplements and discharge."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.files import private_file_url
from ata_reflex.components.layout import field_error, labelled
from ata_reflex.domain.lifecycle import DISCHARGE_ERRORS, SECURITY_TYPES
from ata_reflex.state.admin_lifecycle import AdminLifecycleState as S


def _issue_input(name: str, label_code: str, default: rx.Var, input_type: str = "text", hint: str = "",
                 input_mode: str | None = None) -> rx.Component:
    field_id = f"issue-{name}"
    return labelled(
        text(label_code),
        rx.input(name=name, id=field_id, default_value=default, type=input_type, size="3", width="100%",
                 input_mode=input_mode),
        error=S.issue_errors[name], field_id=field_id, hint=hint,
    )


def _issue_form() -> rx.Component:
    proposal = S.proposal
    return rx.form(
        rx.vstack(
            _issue_input("carnet_number", "lifecycle.carnet_number", proposal.carnet_number,
                         hint=text("lifecycle.issue_number_hint")),
            _issue_input("issue_date", "lifecycle.issue_date", proposal.issue_date, input_type="date"),
            _issue_input("valid_until", "lifecycle.valid_until", proposal.valid_until, input_type="date",
                         hint=text("lifecycle.valid_until_hint")),
            labelled(
                text("lifecycle.security_type"),
                rx.el.select(
                    *[rx.el.option(text(f"security.{code}"), value=code) for code in SECURITY_TYPES],
                    name="security_type", id="issue-security_type", default_value=proposal.security_type,
                    style={"width": "100%", "padding": "0.6em", "font-size": "16px"},
                ),
                error=S.issue_errors["security_type"], field_id="issue-security_type",
            ),
            _issue_input("security_amount", "lifecycle.security_amount", proposal.security_estimate,
                         input_mode="decimal"),
            rx.text(text("lifecycle.security_estimate_label"), proposal.security_estimate,
                    size="1", color_scheme="gray", id="issue-estimate"),
            rx.hstack(
                rx.dialog.close(rx.button(text("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                rx.button(text("lifecycle.issue_confirm"), type="submit", id="issue-confirm"),
                justify="end",
                spacing="3",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.issue_carnet,
        key=S.form_key,
    )


def issue_dialog(can_issue: rx.Var) -> rx.Component:
    """Build the 签发 button and its dialog, shown while the carnet is approved."""
    return rx.cond(
        can_issue & S.proposal,
        rx.dialog.root(
            rx.dialog.trigger(rx.button(text("lifecycle.issue"), size="3", width="100%", color_scheme="green",
                                        id="review-issue")),
            rx.dialog.content(rx.dialog.title(text("lifecycle.issue_title")), _issue_form(), max_width="440px"),
            open=S.is_issuing,
            on_open_change=S.set_issuing,
        ),
    )


def _supplement_card(request) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(request.created_at, size="2"), rx.badge(request.status_label),
                      justify="between", width="100%"),
            rx.text(request.sets_summary, size="2"),
            rx.text(request.countries, size="2", color_scheme="gray"),
            rx.text(request.reason, size="2", color_scheme="gray", white_space="pre-wrap"),
            rx.cond(request.return_note, rx.text(request.return_note, size="2", color_scheme="orange")),
            rx.cond(
                request.can_review,
                rx.form(
                    rx.vstack(
                        rx.el.input(type="hidden", name="supplement_id", value=request.id),
                        rx.text_area(name="note", rows="2", width="100%", size="2",
                                     placeholder=text("supplement.return_note"), id=f"supplement-{request.id}-note"),
                        rx.hstack(
                            rx.button(text("supplement.return"), type="submit", variant="soft", color_scheme="orange",
                                      flex="1", id=f"supplement-{request.id}-return"),
                            rx.button(text("supplement.approve"), type="button", color_scheme="green", flex="1",
                                      on_click=S.approve_supplement(request.id), id=f"supplement-{request.id}-approve"),
                            width="100%",
                        ),
                        width="100%",
                        spacing="2",
                    ),
                    on_submit=S.return_supplement,
                    reset_on_submit=True,
                ),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="admin-supplement",
    )


def _page_link(page) -> rx.Component:
    return rx.link(
        rx.image(src=private_file_url(page.public_id), alt=page.label, width="72px", height="100px",
                 object_fit="cover", border_radius="4px", border="1px solid var(--gray-a6)"),
        href=private_file_url(page.public_id), is_external=True, class_name="admin-discharge-page",
    )


def _discharge_section() -> rx.Component:
    discharge = S.discharge
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(text("discharge.review_title"), size="3", as_="h2"),
                      rx.badge(discharge.status_label, id="admin-discharge-status"), justify="between", width="100%"),
            rx.text(text("discharge.pages"), size="2", weight="medium"),
            rx.flex(rx.foreach(discharge.pages, _page_link), wrap="wrap", gap="2"),
            rx.cond(discharge.proofs.length() > 0, rx.text(text("discharge.proofs"), size="2", weight="medium")),
            rx.flex(rx.foreach(discharge.proofs, _page_link), wrap="wrap", gap="2"),
            rx.cond(discharge.goods_status_changed, rx.text(text("discharge.goods_changed"), size="2")),
            rx.cond(discharge.return_errors.length() > 0,
                    rx.vstack(rx.foreach(discharge.return_errors, lambda label: rx.text("· ", label, size="2")),
                              spacing="0")),
            rx.cond(
                discharge.can_review,
                rx.form(
                    rx.vstack(
                        rx.text(text("discharge.return_errors"), size="2", weight="medium"),
                        *[
                            rx.hstack(
                                rx.el.input(type="checkbox", name=f"error_{code}", id=f"discharge-error-{code}",
                                            style={"width": "20px", "height": "20px"}),
                                rx.el.label(text(f"discharge_error.{code}"), html_for=f"discharge-error-{code}"),
                                spacing="2",
                                align="center",
                            )
                            for code in DISCHARGE_ERRORS
                        ],
                        rx.text_area(name="note", id="discharge-return-note", rows="2", width="100%",
                                     placeholder=text("discharge.return_note")),
                        field_error(S.discharge_error, "discharge-return"),
                        rx.hstack(
                            rx.button(text("discharge.return"), type="submit", variant="soft", color_scheme="orange",
                                      flex="1", id="discharge-return"),
                            rx.button(text("discharge.accept"), type="button", color_scheme="green", flex="1",
                                      on_click=S.accept_discharge, id="discharge-accept"),
                            width="100%",
                        ),
                        width="100%",
                        spacing="2",
                    ),
                    on_submit=S.return_discharge,
                    key=S.form_key,
                ),
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        id="admin-discharge",
    )


def admin_lifecycle_sections(detail: rx.Var) -> rx.Component:
    """Build the issue button, supplement requests and the discharge review of a carnet."""
    return rx.vstack(
        issue_dialog(detail.can_issue),
        rx.cond(S.supplements.length() > 0, rx.heading(text("supplement.list_title"), size="3", as_="h2")),
        rx.foreach(S.supplements, _supplement_card),
        rx.cond(S.discharge, _discharge_section()),
        width="100%",
        spacing="3",
    )
