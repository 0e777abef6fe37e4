"""States of the holder's lifecycle pages: renewal (续签), supplement (补签) and discharge (核销)."""

from __future__ import annotations

import logging

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.services import discharges, issuing, supplements
from ata_reflex.services.carnet_views import CarnetDetail, get_carnet_detail
from ata_reflex.services.db import session_scope
from ata_reflex.services.discharges import DischargeView
from ata_reflex.services.supplements import SupplementView
from ata_reflex.state.account import MailState
from ata_reflex.state.session import SessionState, route_id

logger = logging.getLogger(__name__)


class RenewalState(SessionState):
    """The 续签 button of an issued carnet's detail page."""

    @rx.event
    def start_renewal(self):
        """Open the renewal form, prefilled from the carnet on screen."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                renewal = issuing.start_renewal(db, owner_id=user.user_id, carnet_id=route_id(self, "carnet_id"))
                renewal_id = renewal.id
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        return rx.redirect(f"/outbound/{renewal_id}/basic")


class SupplementState(SessionState):
    """The 补签 page: the request form and earlier requests of the carnet."""

    detail: CarnetDetail | None = None
    requests: list[SupplementView] = []
    errors: dict[str, str] = {}
    form_key: int = 0

    @rx.event
    def load_supplement(self):
        """Load the carnet and its supplement requests for the signed-in owner."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        carnet_id = route_id(self, "carnet_id")
        try:
            with session_scope() as db:
                self.detail = get_carnet_detail(db, carnet_id=carnet_id, owner_id=user.user_id)
                self.requests = supplements.list_supplements(db, carnet_id=carnet_id)
        except DomainError as error:
            self.detail = None
            return [rx.toast.error(error_text(error)), rx.redirect("/outbound")]
        self.errors = {}
        return None

    @rx.event
    def submit_supplement(self, form_data: dict):
        """Send the request for more voucher sets."""
        user = self.signed_in_user()
        if user is None or self.detail is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                supplements.request_supplement(
                    db, owner_id=user.user_id, carnet_id=self.detail.id,
                    yellow_sets=str(form_data.get("yellow_sets", "")), white_sets=str(form_data.get("white_sets", "")),
                    blue_sets=str(form_data.get("blue_sets", "")), countries=str(form_data.get("countries", "")),
                    reason=str(form_data.get("reason", "")),
                )
        except ValidationFailed as failure:
            self.errors = {path: error_text(error) for path, error in failure.errors.items()}
            return None
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        self.form_key += 1
        return [rx.toast.success(text("supplement.submitted"), position="top-center"),
                SupplementState.load_supplement, MailState.deliver]


class DischargeState(SessionState):
    """The 核销 page: pages and proofs uploaded one by one, checked, ordered, then submitted once."""

    discharge: DischargeView | None = None
    carnet_reference: str = ""
    upload_errors: list[str] = []
    submit_error: str = ""

    def _reload(self, db, owner_id: int) -> None:
        carnet_id = route_id(self, "carnet_id")
        discharge = discharges.open_discharge(db, owner_id=owner_id, carnet_id=carnet_id)
        self.discharge = discharges.discharge_view(db, discharge)
        self.carnet_reference = self.discharge.carnet_number

    @rx.event
    def load_discharge(self):
        """Open the carnet's discharge, starting a draft on the first visit."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                self._reload(db, user.user_id)
        except DomainError as error:
            self.discharge = None
            return [rx.toast.error(error_text(error)), rx.redirect("/outbound")]
        self.upload_errors = []
        self.submit_error = ""
        return None

    async def _upload(self, files: list[rx.UploadFile], kind: str):
        user = self.signed_in_user()
        if user is None or self.discharge is None:
            return self._login_redirect()
        problems: list[str] = []
        added = 0
        for upload in files:
            data = await upload.read()
            name = upload.name or "upload"
            try:
                with session_scope() as db:
                    discharges.add_discharge_page(db, owner_id=user.user_id, discharge_id=self.discharge.id,
                                                  kind=kind, original_name=name, data=data)
                added += 1
            except DomainError as error:
                logger.info("discharge upload rejected discharge_id=%s code=%s", self.discharge.id, error.code)
                problems.append(error_text(error) if "name" in error.params else f"{name}：{error_text(error)}")
        self.upload_errors = problems
        self.submit_error = ""
        with session_scope() as db:
            self._reload(db, user.user_id)
        return rx.toast.success(text("discharge.uploaded", count=added), position="top-center") if added else None

    @rx.event
    async def upload_pages(self, files: list[rx.UploadFile]):
        """Add used carnet pages at the end of the list."""
        return await self._upload(files, "page")

    @rx.event
    async def upload_proofs(self, files: list[rx.UploadFile]):
        """Add customs proof documents for goods whose status changed."""
        return await self._upload(files, "proof")

    def _change(self, action) -> rx.event.EventSpec | None:
        user = self.signed_in_user()
        if user is None or self.discharge is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                action(db, user.user_id)
                self._reload(db, user.user_id)
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        return None

    @rx.event
    def move_page(self, page_id: int, offset: int):
        """Move a page one place up or down."""
        return self._change(lambda db, owner_id: discharges.move_discharge_page(
            db, owner_id=owner_id, page_id=page_id, offset=offset))

    @rx.event
    def remove_page(self, page_id: int):
        """Remove a page or proof before submitting."""
        return self._change(lambda db, owner_id: discharges.remove_discharge_page(
            db, owner_id=owner_id, page_id=page_id))

    def _set_options(self, goods_status_changed: bool, genuine_confirmed: bool):
        self.submit_error = ""
        return self._change(lambda db, owner_id: discharges.set_discharge_options(
            db, owner_id=owner_id, discharge_id=self.discharge.id, goods_status_changed=goods_status_changed,
            genuine_confirmed=genuine_confirmed))

    @rx.event
    def set_goods_changed(self, value: bool):
        """Switch whether goods were sold, lost or destroyed."""
        if self.discharge is None:
            return None
        return self._set_options(bool(value), self.discharge.genuine_confirmed)

    @rx.event
    def set_genuine(self, value: bool):
        """Tick or untick the genuineness confirmation."""
        if self.discharge is None:
            return None
        return self._set_options(self.discharge.goods_status_changed, bool(value))

    @rx.event
    def submit_discharge(self):
        """Hand the discharge to the chamber; it cannot be withdrawn or added to afterwards."""
        user = self.signed_in_user()
        if user is None or self.discharge is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                discharges.submit_discharge(db, owner_id=user.user_id, discharge_id=self.discharge.id)
        except DomainError as error:
            self.submit_error = error_text(error)
            return None
        self.submit_error = ""
        return [rx.toast.success(text("discharge.submitted"), position="top-center"), DischargeState.load_discharge,
                MailState.deliver]
