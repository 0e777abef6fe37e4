"""Searchable pickers: options shown as Chinese labels, resolved back to codes on the server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ata_reflex.domain.reference import Country, country_by_code


@dataclass(frozen=True)
class Choice:
    """One option of a picker: the code stored and the label the user sees and searches."""

    value: str
    label: str


def resolve_choice(typed: str, choices: Sequence[Choice]) -> str | None:
    """Return the code the user meant, or None when the text matches no option or several.

    Accepts the exact label (what the browser fills in when an option is picked), the code
    itself in any case, the name part of a "name (code)" label, or text that is contained in
    exactly one label.
    """
    typed = typed.strip()
    if not typed:
        return None
    folded = typed.casefold()
    for choice in choices:
        if typed == choice.label or folded == choice.value.casefold():
            return choice.value
    # Labels read "name (code)"; the bare name counts as exact, so 法国 is France, not 法属圭亚那.
    for choice in choices:
        if choice.label.split(" (")[0].casefold() == folded:
            return choice.value
    matches = [choice.value for choice in choices if folded in choice.label.casefold()]
    return matches[0] if len(matches) == 1 else None


def label_for(value: str, choices: Sequence[Choice]) -> str:
    """Return the label of a code, or the value itself when it is not (or no longer) an option."""
    for choice in choices:
        if choice.value == value:
            return choice.label
    return value


def country_label(code: str) -> str:
    """Return '德国 (DE)' for a known country code and the text itself otherwise."""
    country = country_by_code(code) if code else None
    return f"{country.name_zh} ({country.code})" if country else code


def country_choices(countries: Sequence[Country]) -> list[Choice]:
    """Return picker options for countries, labelled as :func:`country_label` does."""
    return [Choice(value=country.code, label=f"{country.name_zh} ({country.code})") for country in countries]
