"""States of the inbound carnet pages: the holder's list, the two-step form with its scans, and the read-only view."""

from __future__ import annotations

import dataclasses
import logging
import secrets
from typing import Literal

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.choices import Choice, country_choices, country_label, label_for, resolve_choice
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.images import MAX_UPLOAD_BYTES
from ata_reflex.domain.inbound import FORM_FIELDS, GOODS_FIELDS, SCAN_KINDS, InboundForm, InboundGoodsRowForm
from ata_reflex.domain.reference import country_by_name, currencies, customs_units, origin_countries
from ata_reflex.services import inbound, inbound_scans
from ata_reflex.services.db import session_scope
from ata_reflex.services.inbound_scans import ScanView
from ata_reflex.services.inbound_views import (
    InboundDetail,
    InboundSummary,
    get_inbound_detail,
    list_owner_inbound,
    totals_text,
)
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices
from ata_reflex.state.account import MailState
from ata_reflex.state.session import SessionState, forget_draft_copy, route_id

logger = logging.getLogger(__name__)

InboundGoodsField = Literal[
    "item_number", "description_zh", "description_en", "quantity", "unit", "weight_kg", "currency", "total_value",
    "origin_country",
]

UNIT_CHOICES = [Choice(value=unit.code, label=f"{unit.name_zh} ({unit.code})") for unit in customs_units()]
CURRENCY_CHOICES = [Choice(value=currency.code, label=f"{currency.code} {currency.name_zh}") for currency in currencies()]
ORIGIN_CHOICES = country_choices(origin_countries())
# Catalogue label of each first-screen field, for the error summary on the goods step.
FIELD_LABELS = {name: f"inbound.{name}" for name in FORM_FIELDS} | {
    "intended_use": "outbound.intended_use",
    "intended_use_detail": "outbound.intended_use_detail",
    "transport_mode": "outbound.transport_mode",
}


@dataclasses.dataclass
class InboundGoodsRowView:
    """A goods row as the page renders it; ``key`` keeps React's inputs on the right row after a delete."""

    key: str = ""
    item_number: str = ""
    description_zh: str = ""
    description_en: str = ""
    quantity: str = ""
    unit: str = ""
    weight_kg: str = ""
    currency: str = ""
    total_value: str = ""
    origin_country: str = ""


def _new_key() -> str:
    return secrets.token_hex(4)


def _resolve_origin(typed: str) -> str:
    code = resolve_choice(typed, ORIGIN_CHOICES)
    if code is None:
        country = country_by_name(typed)
        code = country.code if country is not None else None
    return code or typed.strip()


class InboundListState(SessionState):
    """The holder's list of inbound carnets, with delete for drafts and withdrawn ones."""

    carnets: list[InboundSummary] = []

    @rx.event
    def load_inbound_list(self):
        """Load the signed-in user's inbound carnets."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            self.carnets = list_owner_inbound(db, owner_id=user.user_id)
        return None

    @rx.event
    def start_inbound(self):
        """Open a new draft (or the untouched one left from before)."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            carnet = inbound.create_inbound_draft(db, owner_id=user.user_id)
        return rx.redirect(f"/inbound/{carnet.id}/basic")

    @rx.event
    def delete_inbound(self, carnet_id: int):
        """Delete a draft or withdrawn carnet (删除) from the list."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                inbound.delete_inbound(db, owner_id=user.user_id, carnet_id=int(carnet_id))
        except DomainError as error:
            return [rx.toast.error(error_text(error)), InboundListState.load_inbound_list]
        return [rx.toast.success(text("inbound.deleted")), InboundListState.load_inbound_list]


class InboundFormState(SessionState):
    """The two steps of an inbound registration; fields save on blur, scans upload as soon as picked."""

    carnet_ref: int = 0
    status: str = ""
    reference: str = ""
    form_key: str = ""
    is_loaded: bool = False
    fields: dict[str, str] = {}
    goods: list[InboundGoodsRowView] = []
    scans: list[ScanView] = []
    errors: dict[str, str] = {}
    # Files refused at upload, by scan kind; apart from ``errors``, which lists what blocks a submit.
    upload_errors: dict[str, str] = {}
    upload_progress: dict[str, int] = {}
    port_choices: list[Choice] = []
    office_choices: list[Choice] = []
    saved_at: str = ""

    @rx.var
    def totals(self) -> list[str]:
        """One running total per currency, never added across currencies."""
        return totals_text(InboundForm(goods=[self._row_form(row) for row in self.goods]))

    @rx.var
    def basic_error_list(self) -> list[str]:
        """Messages of the first screen's errors, each after its field's label, for the goods step's summary."""
        messages = []
        for path, message in self.errors.items():
            if path.startswith("goods"):
                continue
            if path.startswith("scans."):
                label = text(f"scan.{path.split('.', 1)[1]}")
            else:
                label = text(FIELD_LABELS.get(path, "inbound.section_basic"))
            messages.append(f"{label}：{message}")
        return messages

    @staticmethod
    def _row_form(row: InboundGoodsRowView) -> InboundGoodsRowForm:
        values = {name: getattr(row, name) for name in GOODS_FIELDS}
        values["unit"] = resolve_choice(row.unit, UNIT_CHOICES) or row.unit.strip()
        values["currency"] = resolve_choice(row.currency, CURRENCY_CHOICES) or row.currency.strip()
        values["origin_country"] = _resolve_origin(row.origin_country)
        return InboundGoodsRowForm(**values)

    def _form(self) -> InboundForm:
        """Build the domain form from the vars, turning picker labels back into codes where they match."""
        values = {name: self.fields.get(name, "") for name in FORM_FIELDS}
        values["entry_port"] = resolve_choice(values["entry_port"], self.port_choices) or values["entry_port"]
        return InboundForm(**values, goods=[self._row_form(row) for row in self.goods])

    def _show(self, carnet_ref: int, status: str, reference: str, form: InboundForm) -> None:
        self.carnet_ref = carnet_ref
        self.status = status
        self.reference = reference
        self.fields = {name: getattr(form, name) for name in FORM_FIELDS}
        self.fields["entry_port"] = label_for(form.entry_port, self.port_choices)
        self.goods = [
            InboundGoodsRowView(
                key=_new_key(),
                item_number=row.item_number,
                description_zh=row.description_zh,
                description_en=row.description_en,
                quantity=row.quantity,
                unit=label_for(row.unit, UNIT_CHOICES),
                weight_kg=row.weight_kg,
                currency=row.currency,
                total_value=row.total_value,
                origin_country=country_label(row.origin_country),
            )
            for row in form.goods
        ]
        self.form_key = _new_key()
        self.is_loaded = True

    @rx.event
    def load_form(self):
        """Load the carnet named in the URL with its scans and pickers; refuse anything not the user's own."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        carnet_ref = route_id(self, "inbound_id")
        self.is_loaded = False
        try:
            with session_scope() as db:
                carnet, form = inbound.load_inbound_form(db, owner_id=user.user_id, carnet_id=carnet_ref)
                self.port_choices = [Choice(value=p.code, label=f"{p.name_zh} ({p.code})") for p in list_customs_ports(db)]
                self.office_choices = [Choice(value=o.code, label=o.name_zh) for o in list_issuing_offices(db)]
                self.scans = inbound_scans.list_scans(db, carnet_id=carnet.id)
                reference = inbound.inbound_reference(carnet)
        except DomainError as error:
            logger.info("inbound form not opened user_id=%s inbound_id=%s code=%s", user.user_id, carnet_ref, error.code)
            return [rx.toast.error(error_text(error)), rx.redirect("/inbound")]
        if carnet.status not in ("draft", "returned"):
            return rx.redirect(f"/inbound/{carnet_ref}")
        if carnet_ref != self.carnet_ref:
            self.errors = {}
            self.saved_at = ""
        self.upload_progress = {}
        self.upload_errors = {}
        self._show(carnet_ref, carnet.status, reference, form)
        return None

    def _persist(self):
        """Save the form as a draft; returns an event to show when saving failed."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                inbound.save_inbound_draft(db, owner_id=user.user_id, carnet_id=self.carnet_ref, form=self._form())
        except DomainError as error:
            logger.info("inbound draft save rejected inbound_id=%s code=%s", self.carnet_ref, error.code)
            return rx.toast.error(error_text(error))
        self.saved_at = text("inbound.autosaved")
        return None

    def _clear_error(self, path: str) -> None:
        if path in self.errors:
            self.errors = {key: value for key, value in self.errors.items() if key != path}

    @rx.event
    def set_field(self, name: str, value: str):
        """Store one first-screen field as typed and save the draft."""
        if name not in FORM_FIELDS or self.fields.get(name) == value:
            return None
        self.fields[name] = value
        self._clear_error(name)
        return self._persist()

    @rx.event
    def set_goods_field(self, index: int, name: InboundGoodsField, value: str):
        """Store one cell of the goods list as typed and save the draft."""
        if not 0 <= index < len(self.goods) or name not in GOODS_FIELDS:
            return None
        row = self.goods[index]
        if getattr(row, name) == value:
            return None
        setattr(row, name, value)
        self._clear_error(f"goods.{index}.{name}")
        return self._persist()

    @rx.event
    def add_goods_item(self):
        """Append an empty goods row (+ 添加更多)."""
        self.goods.append(InboundGoodsRowView(key=_new_key()))
        self._clear_error("goods")
        return self._persist()

    @rx.event
    def remove_goods_item(self, index: int):
        """Delete a goods row (删除此项货物数据); errors are checked again at the next submit."""
        if not 0 <= index < len(self.goods):
            return None
        self.goods.pop(index)
        self.errors = {key: value for key, value in self.errors.items() if not key.startswith("goods.")}
        problem = self._persist()
        # The browser's local copy is keyed by positional field ids, which now point at other rows.
        forget = forget_draft_copy(f"inbound-{self.carnet_ref}")
        return [problem, forget] if problem else forget

    @rx.event
    def set_upload_progress(self, kind: str, progress: dict):
        """Show how far an upload has come; the bar hides at 100 % when the server takes over."""
        self.upload_progress[kind] = round(float(progress.get("progress", 0)) * 100)

    async def _store_uploads(self, kind: str, files: list[rx.UploadFile]):
        """Check each uploaded file on the server and attach it; report each rejected file by name."""
        self.upload_progress[kind] = 0
        if not files:
            # The dropzone also calls on_drop when it refused every file; reject_files reports those.
            return None
        user = self.signed_in_user()
        if user is None or kind not in SCAN_KINDS or not self.carnet_ref:
            logger.warning("scan upload rejected: no session, unknown kind or no carnet user_id=%s kind=%s",
                           user.user_id if user else None, kind)
            return self._login_redirect() if user is None else rx.toast.error(text("common.not_found"))
        problems: list[str] = []
        stored_names: list[str] = []
        for upload in files:
            name = upload.name or "upload"
            # The dropzone's size limit runs only in the browser; a direct POST to /_upload skips it.
            if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
                problems.append(text("image.too_large", name=name, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
                continue
            data = await upload.read()
            try:
                with session_scope() as db:
                    view = inbound_scans.attach_scan(db, owner_id=user.user_id, carnet_id=self.carnet_ref, kind=kind,
                                                     original_name=name, data=data)
                stored_names.append(view.original_name)
            except DomainError as error:
                logger.info("scan rejected inbound_id=%s kind=%s code=%s", self.carnet_ref, kind, error.code)
                problems.append(error_text(error) if "name" in error.params else
                                f"{error_text(error)}（{name}）")
        with session_scope() as db:
            self.scans = inbound_scans.list_scans(db, carnet_id=self.carnet_ref)
        self.upload_errors = {**self.upload_errors, kind: "；".join(problems)}
        if problems:
            return [rx.toast.error(problem, position="top-center") for problem in problems]
        self._clear_error(f"scans.{kind}")
        return rx.toast.success(text("inbound.scan_uploaded", name="、".join(stored_names)), position="top-center")

    @rx.event
    async def upload_green_cover(self, files: list[rx.UploadFile]):
        """Upload the green cover (绿色封面)."""
        return await self._store_uploads("green_cover", files)

    @rx.event
    async def upload_yellow_counterfoil(self, files: list[rx.UploadFile]):
        """Upload the yellow counterfoil (黄色存根)."""
        return await self._store_uploads("yellow_counterfoil", files)

    @rx.event
    async def upload_entry_counterfoil(self, files: list[rx.UploadFile]):
        """Upload the entry counterfoil (进境存根)."""
        return await self._store_uploads("entry_counterfoil", files)

    @rx.event
    async def upload_entry_voucher(self, files: list[rx.UploadFile]):
        """Upload the entry voucher (进境凭证)."""
        return await self._store_uploads("entry_voucher", files)

    @rx.event
    async def upload_supplementary(self, files: list[rx.UploadFile]):
        """Upload supplementary files (补充材料)."""
        return await self._store_uploads("supplementary", files)

    @rx.event
    def reject_files(self, kind: str, rejected: list[str]):
        """Explain in Chinese why the browser refused files before uploading them (type or size).

        Each entry is "<file path>\n<comma-separated react-dropzone error codes>", built in the page.
        """
        problems = []
        for entry in rejected:
            path, _, codes = str(entry).partition("\n")
            name = path.removeprefix("./")
            if "file-invalid-type" in codes:
                problems.append(text("inbound.scan_rejected_type", name=name))
            elif "file-too-large" in codes:
                problems.append(text("inbound.scan_rejected_size", name=name))
            else:
                problems.append(text("inbound.scan_rejected_other", name=name))
        if problems:
            self.upload_errors = {**self.upload_errors, kind: "；".join(problems)}
        return [rx.toast.error(problem, position="top-center") for problem in problems]

    @rx.event
    def remove_scan(self, public_id: str):
        """Remove one scan (删除); a required page must then be uploaded again."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                inbound_scans.remove_scan(db, owner_id=user.user_id, carnet_id=self.carnet_ref, public_id=public_id)
                self.scans = inbound_scans.list_scans(db, carnet_id=self.carnet_ref)
        except DomainError as error:
            return rx.toast.error(error_text(error))
        return rx.toast.success(text("inbound.scan_removed"), position="top-center")

    @rx.event
    def go_to_goods(self):
        """Save and continue to the goods list (下一步)."""
        problem = self._persist()
        return problem or rx.redirect(f"/inbound/{self.carnet_ref}/goods")

    @rx.event
    def save_draft(self):
        """Save the draft explicitly (保存) and confirm it."""
        problem = self._persist()
        return problem or rx.toast.success(text("inbound.saved"), position="top-center")

    @rx.event
    def submit_inbound(self):
        """Save, then validate everything on the server and submit; show each problem at its field."""
        problem = self._persist()
        if problem is not None:
            return problem
        user = self.signed_in_user()
        try:
            with session_scope() as db:
                inbound.submit_inbound(db, owner_id=user.user_id, carnet_id=self.carnet_ref, form=self._form())
        except ValidationFailed as failure:
            self.errors = {path: error_text(error) for path, error in failure.errors.items()}
            logger.info("inbound submit rejected inbound_id=%s fields=%s", self.carnet_ref, sorted(failure.errors))
            return rx.toast.error(text("error.form_has_errors", count=len(self.errors)), position="top-center")
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        self.errors = {}
        self.is_loaded = False
        return [
            rx.toast.success(text("inbound.submitted"), position="top-center"),
            forget_draft_copy(f"inbound-{self.carnet_ref}"),
            rx.redirect(f"/inbound/{self.carnet_ref}"),
            MailState.deliver,
        ]


class InboundDetailState(SessionState):
    """The read-only view of one inbound carnet with the actions its status allows."""

    detail: InboundDetail | None = None

    @rx.event
    def load_detail(self):
        """Load the carnet named in the URL if it belongs to the signed-in user."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                self.detail = get_inbound_detail(db, carnet_id=route_id(self, "inbound_id"), owner_id=user.user_id)
        except DomainError as error:
            self.detail = None
            return [rx.toast.error(error_text(error)), rx.redirect("/inbound")]
        return None

    def _act(self, action, success_code: str):
        user = self.signed_in_user()
        if user is None or self.detail is None:
            return None, self._login_redirect()
        try:
            with session_scope() as db:
                action(db, owner_id=user.user_id, carnet_id=self.detail.id)
        except DomainError as error:
            return None, [rx.toast.error(error_text(error)), InboundDetailState.load_detail]
        return user, rx.toast.success(text(success_code)) if success_code else None

    @rx.event
    def withdraw_inbound(self):
        """Withdraw the submitted carnet (撤销)."""
        user, event = self._act(inbound.withdraw_inbound, "inbound.withdrawn")
        return [event, InboundDetailState.load_detail, MailState.deliver] if user else event

    @rx.event
    def delete_inbound(self):
        """Delete a draft or withdrawn carnet (删除) and go back to the list."""
        user, event = self._act(inbound.delete_inbound, "inbound.deleted")
        return [event, rx.redirect("/inbound")] if user else event

    @rx.event
    def edit_inbound(self):
        """Open the form; a withdrawn carnet becomes a draft again first."""
        if self.detail is not None and self.detail.can_reopen:
            user, event = self._act(inbound.reopen_inbound, "")
            if user is None:
                return event
        if self.detail is None:
            return self._login_redirect()
        return rx.redirect(f"/inbound/{self.detail.id}/basic")
