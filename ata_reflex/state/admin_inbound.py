"""State of the chamber's review page of an inbound carnet; every handler checks the staff role on the server."""

from __future__ import annotations

import logging

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError
from ata_reflex.services import inbound
from ata_reflex.services.db import session_scope
from ata_reflex.services.inbound_views import InboundDetail, get_inbound_detail
from ata_reflex.state.account import MailState
from ata_reflex.state.admin import AdminState
from ata_reflex.state.session import SessionState, route_id

logger = logging.getLogger(__name__)


class InboundReviewState(AdminState):
    """One inbound carnet under review with 登记 (register) and 退回 (return)."""

    detail: InboundDetail | None = None
    return_reason_error: str = ""
    is_returning: bool = False

    @rx.event
    def load_inbound_review(self):
        """Load the inbound carnet named in the URL for staff."""
        if self._staff() is None:
            self.detail = None
            return SessionState.require_staff
        try:
            with session_scope() as db:
                self.detail = get_inbound_detail(db, carnet_id=route_id(self, "inbound_id"), owner_id=None)
        except DomainError as error:
            self.detail = None
            return [rx.toast.error(error_text(error)), rx.redirect("/admin")]
        self.return_reason_error = ""
        return None

    @rx.event
    def set_returning(self, is_open: bool):
        """Open or close the return dialog."""
        self.is_returning = is_open
        self.return_reason_error = ""

    @rx.event
    def approve_inbound(self):
        """Register the inbound carnet under review (已登记)."""
        staff = self._staff()
        if staff is None or self.detail is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                inbound.approve_inbound(db, staff_id=staff.user_id, carnet_id=self.detail.id)
        except DomainError as error:
            return [rx.toast.error(error_text(error)), InboundReviewState.load_inbound_review]
        return [rx.toast.success(text("review.registered")), InboundReviewState.load_inbound_review,
                MailState.deliver]

    @rx.event
    def return_inbound(self, form_data: dict):
        """Return the inbound carnet to its owner with the reason typed in the dialog."""
        staff = self._staff()
        if staff is None or self.detail is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                inbound.return_inbound(db, staff_id=staff.user_id, carnet_id=self.detail.id,
                                       reason=str(form_data.get("reason", "")))
        except DomainError as error:
            if error.field == "reason":
                self.return_reason_error = error_text(error)
                return None
            self.is_returning = False
            return [rx.toast.error(error_text(error)), InboundReviewState.load_inbound_review]
        self.is_returning = False
        return [rx.toast.success(text("review.returned")), InboundReviewState.load_inbound_review, MailState.deliver]
