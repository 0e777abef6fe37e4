"""States of the outbound carnet pages: the holder's list, the two-step form and the read-only view."""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
from datetime import datetime
from typing import Literal

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.choices import Choice, country_choices, country_label, label_for, resolve_choice
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.outbound import BASIC_FIELDS, GOODS_FIELDS, GoodsRowForm, OutboundForm, goods_totals
from ata_reflex.domain.reference import country_by_name, import_countries, origin_countries
from ata_reflex.services import carnets
from ata_reflex.services.carnet_views import CarnetDetail, CarnetSummary, get_carnet_detail, list_owner_carnets
from ata_reflex.services.clock import CHINA_STANDARD_TIME
from ata_reflex.services.db import session_scope
from ata_reflex.services.holders import list_holders
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices
from ata_reflex.state.account import MailState
from ata_reflex.state.session import SessionState, forget_draft_copy, route_id

logger = logging.getLogger(__name__)

GoodsField = Literal["description_zh", "description_en", "quantity", "unit", "weight_kg", "value_cny", "origin_country"]


@dataclasses.dataclass
class GoodsRowView:
    """A goods row as the page renders it; ``key`` keeps React's inputs on the right row after a delete."""

    key: str = ""
    description_zh: str = ""
    description_en: str = ""
    quantity: str = ""
    unit: str = "PCS"
    weight_kg: str = ""
    value_cny: str = ""
    origin_country: str = ""


@dataclasses.dataclass
class CountryRowView:
    """A 临时进口国/地区 row: the picker text and a stable key."""

    key: str = ""
    text: str = ""


# Catalogue label of each first-step field, for the error summary on the goods step.
BASIC_FIELD_LABELS = {
    "holder_id": "outbound.holder",
    "import_countries": "outbound.import_countries",
    "intended_use": "outbound.intended_use",
    "intended_use_detail": "outbound.intended_use_detail",
    "exit_port": "outbound.exit_port",
    "transport_mode": "outbound.transport_mode",
    "declaration_date": "outbound.declaration_date",
    "transit_countries": "outbound.transit_countries",
    "itinerary": "outbound.itinerary",
    "issuing_office": "outbound.issuing_office",
    "collection_method": "outbound.collection_method",
    "authorized_representatives_zh": "outbound.representatives_zh",
    "authorized_representatives_en": "outbound.representatives_en",
    "security_type": "outbound.security_type",
    "agreement_accepted": "outbound.agreement_title",
}


def _new_key() -> str:
    return secrets.token_hex(4)


def _resolve_country(typed: str, choices: list[Choice]) -> str:
    """Return the code for a picker label, code, Chinese or English name; unknown text is kept as typed."""
    code = resolve_choice(typed, choices)
    if code is None:
        country = country_by_name(typed)
        code = country.code if country is not None else None
    return code or typed.strip()


class OutboundListState(SessionState):
    """The holder's list of outbound carnets."""

    carnets: list[CarnetSummary] = []

    @rx.event
    def load_carnet_list(self):
        """Load the signed-in user's carnets."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            self.carnets = list_owner_carnets(db, owner_id=user.user_id)
        return None

    @rx.event
    def start_carnet(self):
        """Open a new draft (or the untouched one left from before) at its first step."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            carnet = carnets.create_draft(db, owner_id=user.user_id)
        return rx.redirect(f"/outbound/{carnet.id}/basic")


class OutboundFormState(SessionState):
    """The two steps of an outbound application; every field is saved as a draft when it loses focus.

    The goods list can hold hundreds of rows, so its text lives in the backend-only ``_goods``.
    The page renders ``goods_rows``, which is sent when rows are loaded, added or deleted. A cell
    edit leaves it alone because the inputs are uncontrolled and already show the typed text, so
    the edit sends only the totals and the save note, not the whole list.
    """

    carnet_ref: int = 0
    status: str = ""
    reference: str = ""
    form_key: str = ""
    is_loaded: bool = False
    fields: dict[str, str] = {}
    agreement_accepted: bool = False
    country_rows: list[CountryRowView] = []
    goods_rows: list[GoodsRowView] = []
    _goods: list[GoodsRowView] = []
    totals: dict[str, str] = {"pieces": "0", "weight_kg": "0", "value_cny": "0.00"}
    errors: dict[str, str] = {}
    holder_choices: list[Choice] = []
    port_choices: list[Choice] = []
    office_choices: list[Choice] = []
    saved_at: str = ""

    def _refresh_totals(self) -> None:
        """Recount pieces, weight and value over the rows that parse; only a changed total is sent."""
        totals = goods_totals([self._row_form(row) for row in self._goods])
        fresh = {
            "pieces": str(totals.pieces),
            "weight_kg": f"{totals.weight_kg:,.3f}".rstrip("0").rstrip("."),
            "value_cny": f"{totals.value_cny:,.2f}",
        }
        if fresh != self.totals:
            self.totals = fresh

    def _publish_rows(self) -> None:
        """Send the rows to the page after a load, an added row or a deleted one."""
        self.goods_rows = [dataclasses.replace(row) for row in self._goods]
        self._refresh_totals()

    @rx.var
    def basic_error_list(self) -> list[str]:
        """Messages of the first step's errors, each after its field's label, for the goods step's summary."""
        return [
            f"{text(BASIC_FIELD_LABELS.get(path.split('.')[0], 'outbound.section_basic'))}：{message}"
            for path, message in self.errors.items()
            if not path.startswith("goods")
        ]

    @staticmethod
    def _row_form(row: GoodsRowView) -> GoodsRowForm:
        return GoodsRowForm(**{name: getattr(row, name) for name in GOODS_FIELDS})

    def _form(self) -> OutboundForm:
        """Build the domain form from the vars, turning picker labels back into codes where they match."""
        values = {name: self.fields.get(name, "") for name in BASIC_FIELDS}
        values["holder_id"] = resolve_choice(values["holder_id"], self.holder_choices) or values["holder_id"]
        values["exit_port"] = resolve_choice(values["exit_port"], self.port_choices) or values["exit_port"]
        countries = country_choices(import_countries())
        origins = country_choices(origin_countries())
        return OutboundForm(
            **values,
            import_countries=[_resolve_country(row.text, countries) for row in self.country_rows],
            agreement_accepted=self.agreement_accepted,
            goods=[
                dataclasses.replace(
                    self._row_form(row),
                    origin_country=_resolve_country(row.origin_country, origins),
                )
                for row in self._goods
            ],
        )

    def _show(self, carnet_ref: int, status: str, reference: str, form: OutboundForm) -> None:
        """Put a loaded form into the vars, with codes shown as the labels the pickers use."""
        self.carnet_ref = carnet_ref
        self.status = status
        self.reference = reference
        self.fields = {name: getattr(form, name) for name in BASIC_FIELDS}
        self.fields["holder_id"] = label_for(form.holder_id, self.holder_choices)
        self.fields["exit_port"] = label_for(form.exit_port, self.port_choices)
        self.agreement_accepted = form.agreement_accepted
        self.country_rows = [CountryRowView(key=_new_key(), text=country_label(code)) for code in form.import_countries]
        self._goods = [
            GoodsRowView(key=_new_key(), **{
                name: country_label(getattr(row, name)) if name == "origin_country" else getattr(row, name)
                for name in GOODS_FIELDS
            })
            for row in form.goods
        ]
        self._publish_rows()
        self.form_key = _new_key()
        self.is_loaded = True

    @rx.event
    def load_form(self):
        """Load the carnet named in the URL with the user's pickers; refuse anything not the user's own."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        carnet_ref = route_id(self, "carnet_id")
        self.is_loaded = False
        try:
            with session_scope() as db:
                carnet, form = carnets.load_form(db, owner_id=user.user_id, carnet_id=carnet_ref)
                self.holder_choices = [
                    Choice(value=str(h.id), label=f"{h.name_zh} ({h.credit_code})" if h.credit_code else h.name_zh)
                    for h in list_holders(db, owner_id=user.user_id)
                ]
                self.port_choices = [Choice(value=p.code, label=f"{p.name_zh} ({p.code})") for p in list_customs_ports(db)]
                self.office_choices = [Choice(value=o.code, label=o.name_zh) for o in list_issuing_offices(db)]
                reference = carnets.carnet_reference(carnet)
        except DomainError as error:
            logger.info("outbound form not opened user_id=%s carnet_id=%s code=%s", user.user_id, carnet_ref, error.code)
            return [rx.toast.error(error_text(error)), rx.redirect("/outbound")]
        if carnet.status not in ("draft", "returned"):
            return rx.redirect(f"/outbound/{carnet_ref}")
        if carnet_ref != self.carnet_ref:
            self.errors = {}
            self.saved_at = ""
        self._show(carnet_ref, carnet.status, reference, form)
        return None

    def _persist(self):
        """Save the form as a draft; returns an event to show when saving failed."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                carnets.save_draft(db, owner_id=user.user_id, carnet_id=self.carnet_ref, form=self._form())
        except DomainError as error:
            logger.info("draft save rejected carnet_id=%s code=%s", self.carnet_ref, error.code)
            return rx.toast.error(error_text(error))
        self.saved_at = text("outbound.autosaved", time=datetime.now(CHINA_STANDARD_TIME).strftime("%H:%M:%S"))
        return None

    def _forget_positional_copies(self) -> rx.event.EventSpec:
        """Drop the browser's local copy of this form after rows shift.

        The copy is keyed by field ids such as goods-1-weight_kg, which name a position; after a
        delete they point at another row, and restoring them would write one row's text into the next.
        """
        return forget_draft_copy(f"outbound-{self.carnet_ref}")

    def _stored(self, field_id: str, value: str) -> rx.event.EventSpec:
        """Save the draft, then tell the browser it may drop its local copy of this field's value."""
        problem = self._persist()
        if problem is not None:
            return problem
        args = ", ".join(json.dumps(part) for part in (f"outbound-{self.carnet_ref}", field_id, value))
        return rx.call_script(f"window.ataDraftForget && window.ataDraftForget({args})")

    def _clear_error(self, path: str) -> None:
        if path in self.errors:
            self.errors = {key: value for key, value in self.errors.items() if key != path}

    @rx.event
    def set_field(self, name: str, value: str):
        """Store one basic-information field as typed and save the draft."""
        if name not in BASIC_FIELDS:
            return None
        if self.fields.get(name) == value:
            return None
        self.fields[name] = value
        self._clear_error(name)
        return self._stored(f"outbound-{name}", value)

    @rx.event
    def set_agreement(self, accepted: bool):
        """Tick or untick the agreement box."""
        self.agreement_accepted = bool(accepted)
        self._clear_error("agreement_accepted")
        return self._persist()

    @rx.event
    def set_country(self, index: int, value: str):
        """Store the text of one 临时进口国/地区 row."""
        if 0 <= index < len(self.country_rows) and self.country_rows[index].text != value:
            self.country_rows[index].text = value
            self._clear_error(f"import_countries.{index}")
            self._clear_error("import_countries")
            return self._stored(f"outbound-import_countries-{index}", value)
        return None

    @rx.event
    def add_country(self):
        """Add an empty country row (+ 添加)."""
        self.country_rows.append(CountryRowView(key=_new_key()))
        return self._persist()

    @rx.event
    def remove_country(self, index: int):
        """Delete a country row (— 删除此项数据); the last row stays so there is always one to fill."""
        if 0 <= index < len(self.country_rows) and len(self.country_rows) > 1:
            self.country_rows.pop(index)
            self.errors = {k: v for k, v in self.errors.items() if not k.startswith("import_countries")}
            problem = self._persist()
            return [problem, self._forget_positional_copies()] if problem else self._forget_positional_copies()
        return None

    @rx.event
    def set_goods_field(self, index: int, name: GoodsField, value: str):
        """Store one cell of the goods list as typed and save the draft."""
        if not 0 <= index < len(self._goods) or name not in GOODS_FIELDS:
            return None
        row = self._goods[index]
        if getattr(row, name) == value:
            return None
        setattr(row, name, value)
        self._clear_error(f"goods.{index}.{name}")
        if name in ("quantity", "weight_kg", "value_cny"):
            self._refresh_totals()
        return self._stored(f"goods-{index}-{name}", value)

    @rx.event
    def add_goods_item(self):
        """Append an empty goods row (+ 添加更多)."""
        self._goods.append(GoodsRowView(key=_new_key()))
        self._publish_rows()
        self._clear_error("goods")
        return self._persist()

    @rx.event
    def remove_goods_item(self, index: int):
        """Delete a goods row (删除此项货物数据); errors are re-checked at the next submit."""
        if 0 <= index < len(self._goods):
            self._goods.pop(index)
            self._publish_rows()
            self.errors = {k: v for k, v in self.errors.items() if not k.startswith("goods.")}
            problem = self._persist()
            return [problem, self._forget_positional_copies()] if problem else self._forget_positional_copies()
        return None

    @rx.event
    def go_to_goods(self):
        """Save and continue to the goods list (下一步)."""
        problem = self._persist()
        if problem is not None:
            return problem
        return rx.redirect(f"/outbound/{self.carnet_ref}/goods")

    @rx.event
    def save_draft(self):
        """Save the draft explicitly (保存) and confirm it."""
        problem = self._persist()
        return problem or rx.toast.success(text("outbound.draft_saved"), position="top-center")

    @rx.event
    def submit_carnet(self):
        """Save, then validate everything on the server and submit; show each problem at its field."""
        problem = self._persist()
        if problem is not None:
            return problem
        user = self.signed_in_user()
        try:
            with session_scope() as db:
                carnets.submit_carnet(db, owner_id=user.user_id, carnet_id=self.carnet_ref, form=self._form())
        except ValidationFailed as failure:
            self.errors = {path: error_text(error) for path, error in failure.errors.items()}
            logger.info("submit rejected carnet_id=%s fields=%s", self.carnet_ref, sorted(failure.errors))
            return rx.toast.error(text("error.form_has_errors", count=len(self.errors)), position="top-center")
        except DomainError as error:
            return rx.toast.error(error_text(error), position="top-center")
        self.errors = {}
        self.is_loaded = False
        return [
            rx.toast.success(text("outbound.submitted"), position="top-center"),
            forget_draft_copy(f"outbound-{self.carnet_ref}"),
            rx.redirect(f"/outbound/{self.carnet_ref}"),
            MailState.deliver,
        ]


class OutboundDetailState(SessionState):
    """The read-only view of one carnet with the actions its status allows."""

    detail: CarnetDetail | None = None

    @rx.event
    def load_detail(self):
        """Load the carnet named in the URL if it belongs to the signed-in user."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                self.detail = get_carnet_detail(db, carnet_id=route_id(self, "carnet_id"), owner_id=user.user_id)
        except DomainError as error:
            self.detail = None
            return [rx.toast.error(error_text(error)), rx.redirect("/outbound")]
        return None

    @rx.event
    def withdraw_carnet(self):
        """Withdraw the submitted carnet (撤销)."""
        user = self.signed_in_user()
        if user is None or self.detail is None:
            return self._login_redirect()
        try:
            with session_scope() as db:
                carnets.withdraw_carnet(db, owner_id=user.user_id, carnet_id=self.detail.id)
        except DomainError as error:
            return [rx.toast.error(error_text(error)), OutboundDetailState.load_detail]
        return [rx.toast.success(text("outbound.withdrawn")), OutboundDetailState.load_detail, MailState.deliver]

    @rx.event
    def edit_carnet(self):
        """Open the form; a withdrawn carnet becomes a draft again first."""
        user = self.signed_in_user()
        if user is None or self.detail is None:
            return self._login_redirect()
        if self.detail.can_reopen:
            try:
                with session_scope() as db:
                    carnets.reopen_carnet(db, owner_id=user.user_id, carnet_id=self.detail.id)
            except DomainError as error:
                return rx.toast.error(error_text(error))
        return rx.redirect(f"/outbound/{self.detail.id}/basic")
