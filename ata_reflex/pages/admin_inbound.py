"""The chamber's review page of an inbound carnet: scans at full size, 登记 (register) and 退回 (return)."""

from __future__ import annotations

import reflex as rx

from ata_reflex.catalogue import text
from ata_reflex.components.inbound import inbound_detail_sections
from ata_reflex.components.layout import page_shell
from ata_reflex.pages.admin import return_dialog
from ata_reflex.state.admin_inbound import InboundReviewState
from ata_reflex.state.session import SessionState

R = InboundReviewState


@rx.page(route="/admin/inbound/[inbound_id]", title=text("title.admin_inbound_detail"),
         on_load=[SessionState.require_staff, InboundReviewState.load_inbound_review])
def admin_inbound_review() -> rx.Component:
    """Everything the broker entered and uploaded, with 登记 and 退回 while the carnet awaits review."""
    detail = R.detail
    return page_shell(
        text("review.inbound_title"),
        rx.cond(
            detail,
            rx.vstack(
                rx.text(text("review.applicant"), " ", detail.owner_name, size="2", color_scheme="gray"),
                inbound_detail_sections(detail),
                rx.cond(
                    detail.can_review,
                    rx.hstack(
                        return_dialog(R, R.return_inbound),
                        rx.button(text("review.approve_inbound"), on_click=R.approve_inbound, size="3", flex="1",
                                  color_scheme="green", id="review-approve"),
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
