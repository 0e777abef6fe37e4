"""State of the staff page that maintains issuing offices and customs ports."""

from __future__ import annotations

import logging
import secrets

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.services.db import session_scope
from ata_reflex.services.reference_tables import (
    ReferenceEntry,
    ReferenceTable,
    add_customs_port,
    add_issuing_office,
    list_customs_ports,
    list_issuing_offices,
    set_reference_active,
)
from ata_reflex.state.admin import AdminState
from ata_reflex.state.session import SessionState

logger = logging.getLogger(__name__)

_ADDERS = {"issuing_office": add_issuing_office, "customs_port": add_customs_port}


def _blank_errors() -> dict[str, str]:
    return {"code": "", "name_zh": ""}


class AdminReferenceState(AdminState):
    """Both reference tables with an add form each; every handler checks the staff role."""

    offices: list[ReferenceEntry] = []
    ports: list[ReferenceEntry] = []
    is_loaded: bool = False
    office_errors: dict[str, str] = _blank_errors()
    port_errors: dict[str, str] = _blank_errors()
    # Changed after a successful add, which remounts that form with empty inputs.
    office_form_key: str = ""
    port_form_key: str = ""

    @rx.event
    def load_reference_tables(self):
        """Load both tables, disabled entries included."""
        if self._staff() is None:
            return SessionState.require_staff
        self._reload()
        self.office_errors = _blank_errors()
        self.port_errors = _blank_errors()
        self.is_loaded = True
        return None

    @rx.event
    def add_office(self, form_data: dict):
        """Add the issuing office typed in the office form."""
        return self._add("issuing_office", form_data)

    @rx.event
    def add_port(self, form_data: dict):
        """Add the customs port typed in the port form."""
        return self._add("customs_port", form_data)

    @rx.event
    def set_office_active(self, code: str, is_active: bool):
        """Enable or disable an issuing office."""
        return self._set_active("issuing_office", code, is_active)

    @rx.event
    def set_port_active(self, code: str, is_active: bool):
        """Enable or disable a customs port."""
        return self._set_active("customs_port", code, is_active)

    def _add(self, table: ReferenceTable, form_data: dict):
        """Add one entry; errors go next to the fields and the typed values stay in place."""
        user = self._staff()
        if user is None:
            return SessionState.require_staff
        code = str(form_data.get("code") or "")
        name_zh = str(form_data.get("name_zh") or "")
        try:
            with session_scope() as db:
                _ADDERS[table](db, code=code, name_zh=name_zh)
        except ValidationFailed as failure:
            errors = {**_blank_errors(), **{name: error_text(error) for name, error in failure.errors.items()}}
            self._set_errors(table, errors)
            return None
        logger.info("reference entry added by user_id=%s table=%s", user.user_id, table)
        self._set_errors(table, _blank_errors())
        if table == "issuing_office":
            self.office_form_key = secrets.token_hex(4)
        else:
            self.port_form_key = secrets.token_hex(4)
        self._reload()
        return rx.toast.success(text("reference.added"), position="top-center")

    def _set_active(self, table: ReferenceTable, code: str, is_active: bool):
        user = self._staff()
        if user is None:
            return SessionState.require_staff
        try:
            with session_scope() as db:
                set_reference_active(db, table=table, code=code, is_active=bool(is_active))
        except DomainError as error:
            logger.info("reference toggle rejected user_id=%s table=%s code=%s", user.user_id, table, code)
            self._reload()
            return rx.toast.error(error_text(error), position="top-center")
        logger.info("reference entry toggled by user_id=%s table=%s code=%s", user.user_id, table, code)
        self._reload()
        return rx.toast.success(text("reference.enabled" if is_active else "reference.disabled"),
                                position="top-center")

    def _set_errors(self, table: ReferenceTable, errors: dict[str, str]) -> None:
        if table == "issuing_office":
            self.office_errors = errors
        else:
            self.port_errors = errors

    def _reload(self) -> None:
        with session_scope() as db:
            self.offices = list_issuing_offices(db, active_only=False)
            self.ports = list_customs_ports(db, active_only=False)
