"""The chamber's review pages under /admin: the queue and one carnet with 通过 / 退回."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.carnet import carnet_detail_sections, status_badge
from ata_reflex.components.layout import field_error, page_shell
from ata_reflex.components.lifecycle import issue_section
from ata_reflex.components.lifecycle_admin import admin_lifecycle_sections
from ata_reflex.state.admin import ReviewDetailState, ReviewQueueState
from ata_reflex.state.admin_lifecycle import AdminLifecycleState
from ata_reflex.state.session import SessionState

FILTERS = [("submitted", "status.submitted"), ("approved", "status.approved"), ("returned", "status.returned"),
           ("withdrawn", "status.withdrawn"), ("issued", "status.issued"), ("all", "review.filter_all")]
KIND_FILTERS = [("all", "review.kind_filter_all"), ("outbound", "review.kind_outbound"), ("inbound", "review.kind_inbound")]


def _queue_card(carnet) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.hstack(
                        rx.badge(rx.cond(carnet.kind == "inbound", text("review.kind_inbound"), text("review.kind_outbound")),
                                 color_scheme=rx.cond(carnet.kind == "inbound", "purple", "cyan"), variant="outline",
                                 class_name="queue-kind"),
                        rx.text(carnet.reference, weight="bold"),
                        spacing="2",
                        align="center",
                    ),
                    status_badge(carnet.status, carnet.status_label),
                    justify="between",
                    width="100%",
                ),
                rx.text(carnet.holder_name, size="2"),
                rx.text(carnet.countries, size="2", color_scheme="gray"),
                rx.hstack(
                    rx.text(text("review.applicant"), " ", carnet.owner_name, size="1", color_scheme="gray"),
                    rx.text(text("review.submitted_at"), " ", carnet.submitted_at, size="1", color_scheme="gray"),
                    justify="between",
                    width="100%",
                ),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=rx.cond(carnet.kind == "inbound", f"/admin/inbound/{carnet.id}", f"/admin/outbound/{carnet.id}"),
        underline="none",
        color="inherit",
        width="100%",
        class_name="queue-card",
    )


@rx.page(route="/admin", title=text("title.admin"), on_load=[SessionState.require_staff, ReviewQueueState.load_queue])
def admin_queue() -> rx.Component:
    """The review queue, newest submission first."""
    return page_shell(
        text("review.title"),
        rx.cond(
            SessionState.is_staff,
            rx.vstack(
                rx.link(text("review.reference_tables"), href="/admin/reference", size="2", id="admin-reference-link"),
                rx.select.root(
                    rx.select.trigger(id="queue-filter", width="100%"),
                    rx.select.content(*[rx.select.item(text(code), value=value) for value, code in FILTERS]),
                    value=rx.cond(ReviewQueueState.status_filter == "", "all", ReviewQueueState.status_filter),
                    on_change=ReviewQueueState.set_status_filter,
                    size="3",
                ),
                rx.select.root(
                    rx.select.trigger(id="queue-kind-filter", width="100%"),
                    rx.select.content(*[rx.select.item(text(code), value=value) for value, code in KIND_FILTERS]),
                    value=rx.cond(ReviewQueueState.kind_filter == "", "all", ReviewQueueState.kind_filter),
                    on_change=ReviewQueueState.set_kind_filter,
                    size="3",
                ),
                rx.cond(
                    ReviewQueueState.queue.length() > 0,
                    rx.vstack(rx.foreach(ReviewQueueState.queue, _queue_card), width="100%", spacing="3"),
                    rx.text(text("review.queue_empty"), color_scheme="gray", id="queue-empty"),
                ),
                width="100%",
                spacing="3",
            ),
        ),
        back_href="/",
    )


def return_dialog(state, on_submit) -> rx.Component:
    """Build the 退回 dialog of a review page; ``state`` has ``is_returning``, ``set_returning`` and ``return_reason_error``."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(text("review.return"), color_scheme="orange", variant="soft", size="3", flex="1",
                      id="review-return"),
        ),
        rx.dialog.content(
            rx.dialog.title(text("review.return_title")),
            rx.form(
                rx.vstack(
                    rx.el.label(text("review.return_reason"), html_for="review-reason"),
                    rx.text_area(name="reason", id="review-reason", rows="4", width="100%", size="3",
                                 placeholder=text("review.return_reason_placeholder")),
                    field_error(state.return_reason_error, "review-reason"),
                    rx.hstack(
                        rx.dialog.close(rx.button(text("common.cancel"), variant="soft", color_scheme="gray",
                                                  type="button")),
                        rx.button(text("review.return_confirm"), type="submit", color_scheme="orange",
                                  id="review-return-confirm"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=on_submit,
            ),
            max_width="440px",
        ),
        open=state.is_returning,
        on_open_change=state.set_returning,
    )


@rx.page(route="/admin/outbound/[carnet_id]", title=text("title.admin_outbound_detail"),
         on_load=[SessionState.require_staff, ReviewDetailState.load_review, AdminLifecycleState.load_lifecycle])
def admin_review() -> rx.Component:
    """Everything the applicant entered, with 通过 and 退回 while the carnet awaits review."""
    detail = ReviewDetailState.detail
    return page_shell(
        text("review.detail_title"),
        rx.cond(
            detail,
            rx.vstack(
                rx.text(text("review.applicant"), " ", detail.owner_name, size="2", color_scheme="gray"),
                issue_section(detail),
                admin_lifecycle_sections(detail),
                carnet_detail_sections(detail),
                rx.cond(
                    detail.can_review,
                    rx.hstack(
                        return_dialog(ReviewDetailState, ReviewDetailState.return_carnet),
                        rx.button(text("review.approve"), on_click=ReviewDetailState.approve_carnet, size="3",
                                  flex="1", color_scheme="green", id="review-approve"),
                        width="100%",
                        position="sticky",
                        bottom="0",
                        padding_y="0.75em",
                        background_color="var(--color-background)",
                    ),
                ),
                width="100%",
                spacing="4",
            ),
            rx.center(rx.spinner(size="3"), padding="3em", width="100%"),
        ),
        back_href="/admin",
    )
