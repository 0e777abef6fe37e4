"""Checks shared by every form with contact details: phone numbers, e-mail addresses and the
unified social credit code (统一社会信用代码) of Chinese companies and institutions.
"""

from __future__ import annotations

import re
import unicodedata

# GB 32100-2015: the code uses digits and upper-case letters without I, O, Z, S and V, so that
# none can be mistaken for 1, 0, 2, 5 or U. A character's value is its index in this string.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18
# Weight of position i (0-based) of the 17-character body is 3**i mod 31.
_CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(CREDIT_CODE_LENGTH - 1))

# Local part and domain per RFC 5321/5322 as mail providers accept them in practice: no quoted
# local parts, no IP-literal domains, a top-level domain of letters.
_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_EMAIL_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_EMAIL_TLD = re.compile(r"^[A-Za-z]{2,63}$")
EMAIL_MAX_LENGTH = 254
_EMAIL_LOCAL_MAX_LENGTH = 64

# Mainland mobile numbers: 11 digits starting 13–19, optionally after +86 or 86.
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
# Mainland landlines: the trunk 0 and an area code, then the local number, then an optional
# extension after "-", "转", "ext", "x" or "#". Area codes 10 and 2x (Beijing, Shanghai,
# Guangzhou …) have 8-digit local numbers; the 3-digit ones (755, 571 …) have 7 or 8 digits.
# A hyphen may split the local number 3+4 or 4+4.
_LANDLINE = re.compile(
    r"^(?:0[12]\d-?\d{4}-?\d{4}|0[3-9]\d{2}-?\d{3,4}-?\d{4})(?:(?:-|转|ext\.?|x|#)\d{1,6})?$",
    re.IGNORECASE,
)
# Other countries: "+", a country code and the number, 8 to 15 digits in all (ITU-T E.164).
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{7,14}$")


def normalise_text(value: str) -> str:
    """Return a value in Unicode NFKC form with surrounding whitespace removed.

    NFKC turns the full-width digits, letters and punctuation that Chinese input methods
    produce (１２３, ＡＢＣ, ＋, －) into their ASCII forms.
    """
    return unicodedata.normalize("NFKC", value).strip()


def normalise_credit_code(value: str) -> str:
    """Return a unified social credit code in its stored form: NFKC, no spaces, upper case."""
    return re.sub(r"\s+", "", normalise_text(value)).upper()


def credit_code_problem(value: str) -> str | None:
    """Check a unified social credit code against GB 32100-2015.

    Args:
        value: the code, already normalised with ``normalise_credit_code``; it must not be empty
            (callers decide whether an empty code is allowed).

    Returns:
        None for a valid code, otherwise the catalogue code of the first problem found:
        ``credit_code.wrong_length``, ``credit_code.invalid_char`` or
        ``credit_code.bad_check_digit``.
    """
    if len(value) != CREDIT_CODE_LENGTH:
        return "credit_code.wrong_length"
    if any(char not in CREDIT_CODE_CHARSET for char in value):
        return "credit_code.invalid_char"
    if value[-1] != credit_code_check_char(value[:-1]):
        return "credit_code.bad_check_digit"
    return None


def credit_code_check_char(body: str) -> str:
    """Return the check character for the first 17 characters of a credit code.

    The check value is 31 minus the weighted sum modulo 31, where 31 becomes 0.

    Raises:
        ValueError: when ``body`` is not 17 characters from ``CREDIT_CODE_CHARSET``.
    """
    if len(body) != CREDIT_CODE_LENGTH - 1:
        raise ValueError(f"expected a 17-character credit code body, got {len(body)} characters")
    total = sum(CREDIT_CODE_CHARSET.index(char) * weight for char, weight in zip(body, _CREDIT_CODE_WEIGHTS))
    check_value = (31 - total % 31) % 31
    return CREDIT_CODE_CHARSET[check_value]


def is_valid_email(value: str) -> bool:
    """Return whether a trimmed string is a usable e-mail address.

    Only ASCII addresses pass: internationalised domains must be typed in their ``xn--`` form.
    """
    if len(value) > EMAIL_MAX_LENGTH or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if len(local) > _EMAIL_LOCAL_MAX_LENGTH or not _EMAIL_LOCAL.match(local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not _EMAIL_TLD.match(labels[-1]):
        return False
    return all(_EMAIL_LABEL.match(label) for label in labels)


def is_valid_phone(value: str) -> bool:
    """Return whether a string is a mainland mobile, a mainland landline or an international number.

    Spaces and brackets are ignored, and full-width characters count as their ASCII forms, so
    "138 0013 8000", "(010) 1234-5678", "0755-1234567转8001" and "+852 2345 6789" pass. A number
    after +86 must be a mainland mobile or landline (written without the trunk 0).
    """
    text = re.sub(r"[\s()]", "", normalise_text(value))
    digits_only = text.replace("-", "")
    if _MOBILE.match(digits_only):
        return True
    if text.startswith("+86"):
        return bool(_LANDLINE.match("0" + text[3:].lstrip("-")))
    if text.startswith("+"):
        return bool(_INTERNATIONAL.match(digits_only))
    return bool(_LANDLINE.match(text))
