"""The status machine of an outbound carnet, as one table of allowed transitions.

Renewal, supplement and discharge will add rows to ``TRANSITIONS`` rather than new code paths.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from ata_reflex.domain.errors import DomainError

logger = logging.getLogger(__name__)


class CarnetStatus(StrEnum):
    """The stage of an outbound carnet application; the catalogue labels are ``status.<value>``."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    """The party performing an action: the holder's user, chamber staff, or the system itself."""

    HOLDER = "holder"
    STAFF = "staff"
    SYSTEM = "system"


class CarnetAction(StrEnum):
    """Something done to a carnet; the catalogue labels are ``action.<value>``."""

    SAVE = "save"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    RETURN = "return"
    EDIT = "edit"


# (current status, action, actor) -> next status. Anything absent is not allowed.
# A returned carnet stays RETURNED while the holder saves corrections, so staff can still see
# it was sent back; submitting it again goes to SUBMITTED. A withdrawn carnet is reopened with
# EDIT, which turns it back into a DRAFT.
TRANSITIONS: Mapping[tuple[CarnetStatus, CarnetAction, Actor], CarnetStatus] = MappingProxyType(
    {
        (CarnetStatus.DRAFT, CarnetAction.SAVE, Actor.HOLDER): CarnetStatus.DRAFT,
        (CarnetStatus.DRAFT, CarnetAction.SUBMIT, Actor.HOLDER): CarnetStatus.SUBMITTED,
        (CarnetStatus.RETURNED, CarnetAction.SAVE, Actor.HOLDER): CarnetStatus.RETURNED,
        (CarnetStatus.RETURNED, CarnetAction.SUBMIT, Actor.HOLDER): CarnetStatus.SUBMITTED,
        (CarnetStatus.SUBMITTED, CarnetAction.WITHDRAW, Actor.HOLDER): CarnetStatus.WITHDRAWN,
        (CarnetStatus.SUBMITTED, CarnetAction.APPROVE, Actor.STAFF): CarnetStatus.APPROVED,
        (CarnetStatus.SUBMITTED, CarnetAction.RETURN, Actor.STAFF): CarnetStatus.RETURNED,
        (CarnetStatus.WITHDRAWN, CarnetAction.EDIT, Actor.HOLDER): CarnetStatus.DRAFT,
    }
)

EDITABLE_STATUSES = frozenset({CarnetStatus.DRAFT, CarnetStatus.RETURNED})


def next_status(current: CarnetStatus | str, action: CarnetAction | str, actor: Actor | str) -> CarnetStatus:
    """Return the status a carnet moves to when ``actor`` performs ``action`` on it.

    Args:
        current: The carnet's status now (an enum member or its stored string).
        action: What is being done.
        actor: Who does it.

    Raises:
        DomainError: ``error.not_allowed`` when the table has no such transition, or when a
            value is not a known status, action or actor. ``params`` carries the three values.
    """
    params: dict[str, object] = {"status": str(current), "action": str(action), "actor": str(actor)}
    try:
        key = (CarnetStatus(current), CarnetAction(action), Actor(actor))
    except ValueError:
        logger.info("unknown transition input status=%s action=%s actor=%s", current, action, actor)
        raise DomainError("error.not_allowed", params=params) from None
    target = TRANSITIONS.get(key)
    if target is None:
        logger.info("transition not allowed status=%s action=%s actor=%s", current, action, actor)
        raise DomainError("error.not_allowed", params=params)
    return target


def allowed_actions(current: CarnetStatus | str, actor: Actor | str) -> frozenset[CarnetAction]:
    """Return the actions ``actor`` may perform on a carnet in status ``current``.

    An unknown status or actor has no actions.
    """
    try:
        status, who = CarnetStatus(current), Actor(actor)
    except ValueError:
        return frozenset()
    return frozenset(
        action for (from_status, action, by) in TRANSITIONS if from_status == status and by == who
    )


def is_editable(status: CarnetStatus | str) -> bool:
    """Return whether the holder may change the form in this status (draft or returned)."""
    try:
        return CarnetStatus(status) in EDITABLE_STATUSES
    except ValueError:
        return False
