"""Typed settings read once from the environment."""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret"}


class SettingsError(RuntimeError):
    """Raised when an environment variable has an invalid value or a required one is missing."""


@dataclass(frozen=True)
class Settings:
    """Configuration of one running app; every field comes from an environment variable."""

    environment: str
    database_url: str
    data_dir: Path
    outbox_dir: Path
    public_url: str
    secret_key: bytes
    resend_api_key: str
    resend_api_url: str
    mail_from: str
    bcrypt_rounds: int

    @property
    def is_development(self) -> bool:
        """Whether the app runs on a developer machine with the embedded defaults."""
        return self.environment == "development"


def _development_secret(data_dir: Path) -> bytes:
    """Read the local secret key, creating it once so that sessions survive restarts."""
    key_file = data_dir / "secret.key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="ascii")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="ascii").strip().encode("ascii")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from environment variables.

    Args:
        environ: the variables to read; the process environment when omitted.

    Raises:
        SettingsError: outside development, when ATA_SECRET_KEY is unset or a placeholder.
    """
    env = os.environ if environ is None else environ
    environment = env.get("ATA_ENV", "development")
    data_dir = Path(env.get("ATA_DATA_DIR", PROJECT_ROOT / "data"))
    secret = env.get("ATA_SECRET_KEY", "")
    if secret.strip().lower() in PLACEHOLDER_SECRETS:
        if environment != "development":
            raise SettingsError(
                "ATA_SECRET_KEY is unset or a placeholder; set a random value of 32+ characters"
            )
        secret_key = _development_secret(data_dir)
    else:
        secret_key = secret.encode("utf-8")
    rounds = int(env.get("ATA_BCRYPT_ROUNDS", "12"))
    if not 4 <= rounds <= 16:
        raise SettingsError(f"ATA_BCRYPT_ROUNDS={rounds} is outside 4..16")
    return Settings(
        environment=environment,
        database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'ata.db'}",
        data_dir=data_dir,
        outbox_dir=Path(env.get("ATA_OUTBOX_DIR", data_dir / "outbox")),
        public_url=env.get("ATA_PUBLIC_URL", "http://localhost:3000").rstrip("/"),
        secret_key=secret_key,
        resend_api_key=env.get("RESEND_API_KEY", ""),
        resend_api_url=env.get("RESEND_API_URL", "https://api.resend.com").rstrip("/"),
        mail_from=env.get("ATA_MAIL_FROM", "ATA 单证册服务 <noreply@ata-reflex.local>"),
        bcrypt_rounds=rounds,
    )


@functools.cache
def get_settings() -> Settings:
    """Return the settings of this process, read on first use."""
    return load_settings()
