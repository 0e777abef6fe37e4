"""Rules for holders (持证人): the companies or persons in whose name carnets are issued."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Protocol

from ata_reflex.domain.contact import (
    credit_code_problem,
    is_valid_email,
    is_valid_phone,
    normalise_credit_code,
    normalise_text,
)
from ata_reflex.domain.errors import DomainError, ValidationFailed

# Column lengths of the holder table; a unit test keeps the two in step.
MAX_LENGTHS: dict[str, int] = {
    "name_zh": 200,
    "name_en": 200,
    "address_zh": 300,
    "address_en": 300,
    "credit_code": 18,
    "contact_name": 100,
    "contact_phone": 32,
    "contact_email": 254,
}

REQUIRED_FIELDS = ("name_zh", "address_zh")
# The carnet is printed in English, so an outbound carnet needs these filled.
OUTBOUND_REQUIRED_FIELDS = ("name_en", "address_en")


@dataclass
class HolderForm:
    """A holder as typed in the form: every field a raw string, valid or not."""

    name_zh: str = ""
    name_en: str = ""
    address_zh: str = ""
    address_en: str = ""
    credit_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> HolderForm:
        """Build a form from submitted values, reading only the holder's own field names."""
        return cls(**{name: str(values.get(name) or "") for name in HOLDER_FIELDS})


HOLDER_FIELDS = tuple(field.name for field in fields(HolderForm))


class HasEnglishParticulars(Protocol):
    """Anything with a holder's English name and address: a table row or a form."""

    name_en: str
    address_en: str


def holder_outbound_problems(holder: HasEnglishParticulars) -> list[str]:
    """Return the holder's fields that an outbound carnet needs but that are empty.

    A holder may be saved without its English name and address; they are only required once the
    holder is chosen for an outbound carnet.
    """
    return [name for name in OUTBOUND_REQUIRED_FIELDS if not getattr(holder, name).strip()]


def validate_holder(form: HolderForm) -> HolderForm:
    """Check a holder form and return it cleaned.

    Every value is trimmed. All but the Chinese name and address are also NFKC-normalised, so
    those two keep their full-width punctuation. The credit code is also upper-cased with its
    spaces removed.

    Raises:
        ValidationFailed: with one DomainError per failing field, keyed by the field name.
    """
    cleaned = HolderForm(
        name_zh=form.name_zh.strip(),
        name_en=normalise_text(form.name_en),
        address_zh=form.address_zh.strip(),
        address_en=normalise_text(form.address_en),
        credit_code=normalise_credit_code(form.credit_code),
        contact_name=form.contact_name.strip(),
        contact_phone=normalise_text(form.contact_phone),
        contact_email=normalise_text(form.contact_email),
    )
    errors: dict[str, DomainError] = {}
    for name in HOLDER_FIELDS:
        problem = _field_problem(name, getattr(cleaned, name))
        if problem is not None:
            errors[name] = problem
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _field_problem(name: str, value: str) -> DomainError | None:
    """Return what is wrong with one cleaned field, or None."""
    if not value:
        return DomainError("error.required", name) if name in REQUIRED_FIELDS else None
    if name == "credit_code":
        # Checked before the length limit so that a wrong length gets the credit code's message.
        code = credit_code_problem(value)
        return DomainError(code, name) if code else None
    if len(value) > MAX_LENGTHS[name]:
        return DomainError("error.too_long", name, {"max": MAX_LENGTHS[name]})
    if name in OUTBOUND_REQUIRED_FIELDS and _has_wide_characters(value):
        return DomainError("holder.english_only", name)
    if name == "contact_phone" and not is_valid_phone(value):
        return DomainError("error.invalid_phone", name)
    if name == "contact_email" and not is_valid_email(value):
        return DomainError("error.invalid_email", name)
    return None


def _has_wide_characters(value: str) -> bool:
    """Return whether a value contains Chinese characters or other full-width forms.

    Such characters cannot be printed on the English pages of a carnet. Accented Latin letters
    (Müller, Société) are allowed because carnets may also be printed in French.
    """
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in value)
