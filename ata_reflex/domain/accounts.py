"""Rules for account fields: username, password and e-mail address."""

from __future__ import annotations

import re

from ata_reflex.domain.contact import EMAIL_MAX_LENGTH, is_valid_email, normalise_text
from ata_reflex.domain.errors import DomainError, ValidationFailed

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 32
PASSWORD_MIN_LENGTH = 8
# Long enough for any passphrase. The HMAC pre-hash makes the length irrelevant to bcrypt.
PASSWORD_MAX_LENGTH = 256
# ASCII only, so that look-alike letters from other scripts cannot imitate another account.
# The hyphen is left out, which keeps the ``deleted-<id>`` names of closed accounts unique.
_USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_]+")


def validate_registration(*, username: str, password: str, email: str) -> tuple[str, str]:
    """Check the registration fields and return the username and e-mail in their stored form.

    Both are NFKC-normalised and trimmed, so full-width input from a Chinese keyboard counts
    as ASCII. The password is kept exactly as typed.

    Raises:
        ValidationFailed: with an error for each of ``username``, ``password`` and ``email``
            that breaks a rule.
    """
    username = normalise_text(username)
    email = normalise_text(email)
    errors = {**username_errors(username), **new_password_errors(password, None, field="password")}
    email_error = _email_error(email)
    if email_error is not None:
        errors["email"] = email_error
    if errors:
        raise ValidationFailed(errors)
    return username, email


def validate_email(email: str) -> str:
    """Return an e-mail address in its stored form.

    Raises:
        ValidationFailed: when the address is empty, too long or malformed (field ``email``).
    """
    email = normalise_text(email)
    error = _email_error(email)
    if error is not None:
        raise ValidationFailed({"email": error})
    return email


def username_errors(username: str) -> dict[str, DomainError]:
    """Return the error of a normalised username under the key ``username``, or an empty dict."""
    if not username:
        return {"username": DomainError("error.required", "username")}
    if not USERNAME_MIN_LENGTH <= len(username) <= USERNAME_MAX_LENGTH:
        params = {"min": USERNAME_MIN_LENGTH, "max": USERNAME_MAX_LENGTH}
        return {"username": DomainError("account.username_length", "username", params)}
    if not _USERNAME_PATTERN.fullmatch(username):
        return {"username": DomainError("account.username_chars", "username")}
    return {}


def new_password_errors(
    password: str, confirm: str | None, *, field: str = "new_password", confirm_field: str = "confirm_password"
) -> dict[str, DomainError]:
    """Check a new password, and its second entry unless ``confirm`` is None.

    Returns:
        The errors keyed by ``field`` and ``confirm_field``; empty when both are fine. A
        mismatch is reported only when the first entry itself is valid.
    """
    errors: dict[str, DomainError] = {}
    if not password:
        errors[field] = DomainError("error.required", field)
    elif len(password) < PASSWORD_MIN_LENGTH:
        errors[field] = DomainError("account.password_too_short", field, {"min": PASSWORD_MIN_LENGTH})
    elif len(password) > PASSWORD_MAX_LENGTH:
        errors[field] = DomainError("error.too_long", field, {"max": PASSWORD_MAX_LENGTH})
    if confirm is None:
        return errors
    if not confirm:
        errors[confirm_field] = DomainError("error.required", confirm_field)
    elif field not in errors and confirm != password:
        errors[confirm_field] = DomainError("account.password_mismatch", confirm_field)
    return errors


def _email_error(email: str) -> DomainError | None:
    if not email:
        return DomainError("error.required", "email")
    if len(email) > EMAIL_MAX_LENGTH:
        return DomainError("error.too_long", "email", {"max": EMAIL_MAX_LENGTH})
    if not is_valid_email(email):
        return DomainError("error.invalid_email", "email")
    return None


def safe_next_path(candidate: str | None, default: str = "/") -> str:
    """Return ``candidate`` when it is a path on this site, else ``default``.

    The login page redirects to its ``next`` parameter, which anyone can set in a link. Only
    paths that start with one "/" pass: "//host" and "/\\host" are read by browsers as
    another site, and control characters could split the redirect.
    """
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return default
    if "\\" in candidate or any(ord(char) < 0x20 or ord(char) == 0x7F for char in candidate):
        return default
    return candidate
