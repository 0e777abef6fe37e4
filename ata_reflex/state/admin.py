"""States of the chamber's review pages; every handler checks the staff role on the server."""

from __future__ import annotations

import logging

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError
from ata_reflex.services import carnets
from ata_reflex.services.carnet_views import CarnetDetail, CarnetSummary, get_carnet_detail, list_review_queue
from ata_reflex.services.db import session_scope
from ata_reflex.services.inbound_views import list_inbound_review_queue, merge_review_queues
from ata_reflex.services.sessions import SignedInUser
from ata_reflex.state.account import MailState
from ata_reflex.state.session import SessionState, route_id

logger = logging.getLogger(__name__)

QUEUE_FILTERS = ("submitted", "approved", "returned", "withdrawn", "issued", "")
KIND_FILTERS = ("outbound", "inbound", "")


class AdminState(SessionState):
    """Shared guard of the review states."""

    def _staff(self) -> SignedInUser | None:
        user = self.signed_in_user()
        if user is None or not user.is_staff:
            logger.warning("staff action rejected: not staff user_id=%s", user.user_id if user else None)
            return None
        return user


class ReviewQueueState(AdminState):
    """The queue of carnets handed to the chamber, newest first, filterable by status."""

    status_filter: str = "submitted"
    kind_filter: str = ""
    queue: list[CarnetSummary] = []

    @rx.event
    def load_queue(self):
        """Load the queue of outbound and inbound carnets for the chosen status and kind; refuse anyone but staff."""
        if self._staff() is None:
            self.queue = []
            return SessionState.require_staff
        with session_scope() as db:
            outbound = list_review_queue(db, status=self.status_filter) if self.kind_filter != "inbound" else []
            inbound = list_inbound_review_queue(db, status=self.status_filter) if self.kind_filter != "outbound" else []
        self.queue = merge_review_queues(outbound, inbound)
        return None

    @rx.event
    def set_kind_filter(self, value: str):
        """Show outbound carnets, inbound carnets, or both for 'all'."""
        self.kind_filter = value if value in KIND_FILTERS and value != "all" else ""
        return ReviewQueueState.load_queue

    @rx.event
    def set_status_filter(self, value: str):
        """Show the queue for one status, or all handed-in carnets for 'all'."""
        if value == "all":
            self.status_filter = ""
        elif value in QUEUE_FILTERS:
            self.status_filter = value
        else:
            self.status_filter = "submitted"
        return ReviewQueueState.load_queue


class ReviewDetailState(AdminState):
    """One carnet under review with 通过 and 退回."""

    detail: CarnetDetail | None = None
    return_reason_error: str = ""
    is_returning: bool = False

    @rx.event
    def load_review(self):
        """Load the carnet named in the URL for staff."""
        if self._staff() is None:
            self.detail = None
            return SessionState.require_staff
        try:
            with session_scope() as db:
                self.detail = get_carnet_detail(db, carnet_id=route_id(self, "carnet_id"), owner_id=None)
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
    def approve_carnet(self):
        """Approve the carnet under review."""
        staff = self._staff()
        if staff is None or self.detail is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                carnets.approve_carnet(db, staff_id=staff.user_id, carnet_id=self.detail.id)
        except DomainError as error:
            return [rx.toast.error(error_text(error)), ReviewDetailState.load_review]
        return [rx.toast.success(text("review.approved")), ReviewDetailState.load_review, MailState.deliver]

    @rx.event
    def return_carnet(self, form_data: dict):
        """Return the carnet to its owner with the reason typed in the dialog."""
        staff = self._staff()
        if staff is None or self.detail is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                carnets.return_carnet(db, staff_id=staff.user_id, carnet_id=self.detail.id,
                                      reason=str(form_data.get("reason", "")))
        except DomainError as error:
            if error.field == "reason":
                self.return_reason_error = error_text(error)
                return None
            self.is_returning = False
            return [rx.toast.error(error_text(error)), ReviewDetailState.load_review]
        self.is_returning = False
        return [rx.toast.success(text("review.returned")), ReviewDetailState.load_review, MailState.deliver]
