"""Password hashing: bcrypt over a base64 HMAC-SHA256 of the password.

bcrypt reads at most 72 bytes, and 25 Chinese characters already take 75 in UTF-8. Hashing the
password with HMAC first gives bcrypt 44 ASCII bytes for any password, so long passwords are
neither truncated nor rejected, and the HMAC key keeps a stolen hash table useless on its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import bcrypt

from ata_reflex.settings import get_settings


def _prehash(password: str, key: bytes) -> bytes:
    digest = hmac.new(key, password.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """Return the bcrypt hash to store for a password."""
    settings = get_settings()
    salt = bcrypt.gensalt(rounds or settings.bcrypt_rounds)
    return bcrypt.hashpw(_prehash(password, settings.secret_key), salt).decode("ascii")


def verify_password(password: str, stored_hash: str) -> bool:
    """Check a password against a stored hash in constant time."""
    try:
        return bcrypt.checkpw(_prehash(password, get_settings().secret_key), stored_hash.encode("ascii"))
    except ValueError:
        return False


_DUMMY_HASH: list[str] = []


def burn_password_check(password: str) -> None:
    """Spend the time of one real check, so a login with an unknown username takes as long as one with a known username."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("dummy password for timing"))
    verify_password(password, _DUMMY_HASH[0])
