"""State of the chamber's lifecycle actions on a carnet: issue, supplements and the discharge review."""

from __future__ import annotations

import logging

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.lifecycle import DISCHARGE_ERRORS
from ata_reflex.services import discharges, issuing, supplements
from ata_reflex.services.carnets import local_today
from ata_reflex.services.db import session_scope
from ata_reflex.services.discharges import DischargeView
from ata_reflex.services.issuing import IssueProposal
from ata_reflex.services.supplements import SupplementView
from ata_reflex.state.account import MailState
from ata_reflex.state.admin import AdminState, ReviewDetailState
from ata_reflex.state.session import SessionState, route_id

logger = logging.getLogger(__name__)


class AdminLifecycleState(AdminState):
    """Issue dialog, supplement decisions and the discharge review of the carnet on screen."""

    proposal: IssueProposal | None = None
    issue_errors: dict[str, str] = {}
    is_issuing: bool = False
    form_key: int = 0
    supplements: list[SupplementView] = []
    discharge: DischargeView | None = None
    discharge_error: str = ""

    @rx.event
    def load_lifecycle(self):
        """Load the issue proposal, supplement requests and the discharge of the carnet in the URL."""
        if self._staff() is None:
            return SessionState.require_staff
        carnet_id = route_id(self, "carnet_id")
        try:
            with session_scope() as db:
                self.proposal = issuing.get_issue_proposal(db, carnet_id=carnet_id, today=local_today())
                self.supplements = supplements.list_supplements(db, carnet_id=carnet_id)
                self.discharge = discharges.get_review_discharge(db, carnet_id=carnet_id)
        except DomainError:
            self.proposal = None
            self.supplements = []
            self.discharge = None
        self.issue_errors = {}
        self.discharge_error = ""
        self.form_key += 1
        return None

    @rx.event
    def set_issuing(self, is_open: bool):
        """Open or close the issue dialog."""
        self.is_issuing = is_open
        self.issue_errors = {}

    def _after_change(self, message_code: str) -> list:
        return [rx.toast.success(text(message_code), position="top-center"), ReviewDetailState.load_review,
                AdminLifecycleState.load_lifecycle, MailState.deliver]

    @rx.event
    def issue_carnet(self, form_data: dict):
        """Issue the approved carnet with the number, dates and security typed in the dialog."""
        staff = self._staff()
        if staff is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                issuing.issue_carnet(
                    db, staff_id=staff.user_id, carnet_id=route_id(self, "carnet_id"),
                    carnet_number=str(form_data.get("carnet_number", "")),
                    issue_date=str(form_data.get("issue_date", "")),
                    valid_until=str(form_data.get("valid_until", "")),
                    security_type=str(form_data.get("security_type", "")),
                    security_amount=str(form_data.get("security_amount", "")),
                )
        except DomainError as error:
            if error.field:
                self.issue_errors = {error.field: error_text(error)}
                if error.code == "lifecycle.number_taken":
                    return AdminLifecycleState.refresh_proposal
                return None
            self.is_issuing = False
            return [rx.toast.error(error_text(error)), ReviewDetailState.load_review]
        self.is_issuing = False
        return self._after_change("lifecycle.issued")

    @rx.event
    def refresh_proposal(self):
        """Propose a fresh number after the typed one was taken, keeping the error on screen."""
        with session_scope() as db:
            self.proposal = issuing.get_issue_proposal(db, carnet_id=route_id(self, "carnet_id"), today=local_today())
        self.form_key += 1

    @rx.event
    def approve_supplement(self, supplement_id: int):
        """Approve one supplement request."""
        staff = self._staff()
        if staff is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                supplements.approve_supplement(db, staff_id=staff.user_id, supplement_id=supplement_id)
        except DomainError as error:
            return rx.toast.error(error_text(error))
        return self._after_change("supplement.approved")

    @rx.event
    def return_supplement(self, form_data: dict):
        """Return one supplement request with the note typed under it."""
        staff = self._staff()
        if staff is None:
            return SessionState.require_staff
        raw_id = str(form_data.get("supplement_id", ""))
        try:
            with session_scope() as db:
                supplements.return_supplement(db, staff_id=staff.user_id,
                                              supplement_id=int(raw_id) if raw_id.isdigit() else 0,
                                              note=str(form_data.get("note", "")))
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        return self._after_change("supplement.returned")

    @rx.event
    def accept_discharge(self):
        """Accept the submitted discharge; the carnet becomes discharged."""
        staff = self._staff()
        if staff is None or self.discharge is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                discharges.accept_discharge(db, staff_id=staff.user_id, discharge_id=self.discharge.id)
        except DomainError as error:
            return rx.toast.error(error_text(error))
        return self._after_change("discharge.accepted")

    @rx.event
    def return_discharge(self, form_data: dict):
        """Return the discharge with the ticked common errors and a note."""
        staff = self._staff()
        if staff is None or self.discharge is None:
            return SessionState.require_staff
        ticked = [code for code in DISCHARGE_ERRORS if form_data.get(f"error_{code}")]
        try:
            with session_scope() as db:
                discharges.return_discharge(db, staff_id=staff.user_id, discharge_id=self.discharge.id,
                                            errors=ticked, note=str(form_data.get("note", "")))
        except DomainError as error:
            self.discharge_error = error_text(error)
            return None
        return self._after_change("discharge.returned")
