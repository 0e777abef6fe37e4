"""State of the holder pages: the list, the create form and the edit form."""

from __future__ import annotations

import logging
import secrets

import reflex as rx

from ata_reflex.catalogue import error_text, text
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.holders import HOLDER_FIELDS, HolderForm
from ata_reflex.services.db import session_scope
from ata_reflex.services.holders import HolderView, create_holder, get_holder_view, list_holders, update_holder
from ata_reflex.state.session import SessionState, forget_draft_copy

logger = logging.getLogger(__name__)

LIST_ROUTE = "/holders"


def _blank_fields() -> dict[str, str]:
    return dict.fromkeys(HOLDER_FIELDS, "")


def _holder_id_from_path(path: str) -> int | None:
    """Return the id at the end of /holders/<id>, or None when it is not a positive number."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return int(last) if last.isdigit() and int(last) > 0 else None


class HolderState(SessionState):
    """The signed-in user's holders and the holder form.

    The form's inputs are uncontrolled and read from the submitted form data, so Chinese input
    methods work and a failed save keeps everything typed. ``form_key`` changes only when a
    holder is loaded, which remounts the inputs with the loaded values.
    """

    holders: list[HolderView] = []
    is_list_loaded: bool = False
    # Initial values of the form's inputs; every holder field is always present.
    initial: dict[str, str] = _blank_fields()
    # Chinese error message per field, "" when the field is fine.
    errors: dict[str, str] = _blank_fields()
    form_key: str = ""
    # Key of the browser's local copy of the typed form (assets/draft_guard.js), dropped after a save.
    draft_key: str = ""
    is_new: bool = True
    is_form_loaded: bool = False
    # The holder being edited and the version it had when loaded; never sent to the browser.
    _holder_id: int = 0
    _version: int = 0

    @rx.event
    def load_holders(self):
        """Load the list of the user's holders (/holders)."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        with session_scope() as db:
            self.holders = list_holders(db, owner_id=user.user_id)
        self.is_list_loaded = True
        # The form pages show a spinner until their own load remounts the inputs, so nothing
        # typed into a form left over from an earlier visit is wiped by that remount.
        self.is_form_loaded = False
        return None

    @rx.event
    def load_new_holder(self):
        """Show an empty form (/holders/new)."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        self._show_form(holder_id=0, version=0, initial=_blank_fields())
        return None

    @rx.event
    def load_holder(self):
        """Show the form filled with the holder named in the URL (/holders/<id>)."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        self.is_form_loaded = False
        holder_id = _holder_id_from_path(self.router.url.path)
        try:
            if holder_id is None:
                raise DomainError("common.not_found")
            with session_scope() as db:
                view = get_holder_view(db, owner_id=user.user_id, holder_id=holder_id)
        except DomainError as error:
            logger.info("holder form rejected user_id=%s path=%s code=%s",
                        user.user_id, self.router.url.path, error.code)
            return [rx.toast.error(error_text(error), position="top-center"), rx.redirect(LIST_ROUTE)]
        self._show_form(
            holder_id=view.id,
            version=view.version,
            initial={name: getattr(view, name) for name in HOLDER_FIELDS},
        )
        return None

    @rx.event
    def save_holder(self, form_data: dict):
        """Create or update the holder from the submitted form; errors go next to their fields."""
        user = self.signed_in_user()
        if user is None:
            return self._login_redirect()
        form = HolderForm.from_mapping(form_data)
        try:
            with session_scope() as db:
                if self._holder_id:
                    update_holder(db, owner_id=user.user_id, holder_id=self._holder_id, form=form,
                                  expected_version=self._version)
                else:
                    create_holder(db, owner_id=user.user_id, form=form)
        except ValidationFailed as failure:
            self.errors = {**_blank_fields(), **{name: error_text(error) for name, error in failure.errors.items()}}
            first_field = next(name for name in HOLDER_FIELDS if name in failure.errors)
            return [
                rx.toast.error(text("error.form_has_errors", count=len(failure.errors)), position="top-center"),
                # Centred, so that neither the sticky header nor the sticky save bar hides the field.
                rx.call_script(f"document.getElementById('holder-{first_field}')?.scrollIntoView({{block: 'center'}})"),
            ]
        except DomainError as error:
            logger.info("holder save rejected user_id=%s holder_id=%s code=%s",
                        user.user_id, self._holder_id, error.code)
            return rx.toast.error(error_text(error), position="top-center")
        self.errors = _blank_fields()
        return [
            rx.toast.success(text("common.saved"), position="top-center"),
            forget_draft_copy(self.draft_key),
            rx.redirect(LIST_ROUTE),
        ]

    def _show_form(self, *, holder_id: int, version: int, initial: dict[str, str]) -> None:
        """Put a holder (or a blank one) into the form and remount its inputs."""
        self.draft_key = f"holder-{self.username}-{holder_id or 'new'}"
        self._holder_id = holder_id
        self._version = version
        self.is_new = holder_id == 0
        self.initial = initial
        self.errors = _blank_fields()
        self.form_key = secrets.token_hex(4)
        self.is_form_loaded = True
