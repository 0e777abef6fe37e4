"""Domain errors: a code the catalogue turns into Chinese text, plus the field it concerns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class DomainError(Exception):
    """A rule was broken; ``code`` is a catalogue key and ``params`` fill its placeholders."""

    code: str
    field: str | None = None
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} field={self.field} params={self.params}"


@dataclass
class ValidationFailed(Exception):
    """Several fields failed validation; ``errors`` maps a field path to a catalogue code."""

    errors: dict[str, DomainError]

    def __str__(self) -> str:
        return "validation failed: " + ", ".join(f"{k}={v.code}" for k, v in self.errors.items())
