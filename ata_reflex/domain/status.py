"""The status machine of outbound carnets, renewals, supplements and discharges.

A renewal (续签) is a replacement carnet: a new outbound carnet linked to the original, which
walks the carnet statuses itself. Supplements (补签) and discharges (核销) are records of their own
with their own statuses. Every allowed move of any of them is one row of ``LIFECYCLE``.
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
    ISSUED = "issued"
    REPLACED = "replaced"
    DISCHARGED = "discharged"


class SupplementStatus(StrEnum):
    """The stage of a request for more voucher sets; catalogue labels are ``supplement_status.<value>``."""

    NEW = "new"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class DischargeStatus(StrEnum):
    """The stage of a discharge (核销); catalogue labels are ``discharge_status.<value>``."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class Subject(StrEnum):
    """The kind of record a lifecycle move applies to."""

    CARNET = "carnet"
    SUPPLEMENT = "supplement"
    DISCHARGE = "discharge"


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
    ISSUE = "issue"
    RENEW = "renew"
    REPLACE = "replace"
    REQUEST_SUPPLEMENT = "request_supplement"
    START_DISCHARGE = "start_discharge"
    DISCHARGE = "discharge"
    ACCEPT = "accept"


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
        # After approval and the security is lodged, staff issue the carnet.
        (CarnetStatus.APPROVED, CarnetAction.ISSUE, Actor.STAFF): CarnetStatus.ISSUED,
        # An issued carnet stays ISSUED while the holder applies for a renewal or more voucher
        # sets, or starts its discharge. These rows decide who may start each of them.
        (CarnetStatus.ISSUED, CarnetAction.RENEW, Actor.HOLDER): CarnetStatus.ISSUED,
        (CarnetStatus.ISSUED, CarnetAction.REQUEST_SUPPLEMENT, Actor.HOLDER): CarnetStatus.ISSUED,
        (CarnetStatus.ISSUED, CarnetAction.START_DISCHARGE, Actor.HOLDER): CarnetStatus.ISSUED,
        # Issuing the replacement carnet marks the original replaced.
        (CarnetStatus.ISSUED, CarnetAction.REPLACE, Actor.SYSTEM): CarnetStatus.REPLACED,
        # Accepting the discharge closes the carnet.
        (CarnetStatus.ISSUED, CarnetAction.DISCHARGE, Actor.STAFF): CarnetStatus.DISCHARGED,
    }
)

SUPPLEMENT_TRANSITIONS: Mapping[tuple[str, CarnetAction, Actor], str] = MappingProxyType(
    {
        (SupplementStatus.NEW, CarnetAction.SUBMIT, Actor.HOLDER): SupplementStatus.SUBMITTED,
        (SupplementStatus.SUBMITTED, CarnetAction.APPROVE, Actor.STAFF): SupplementStatus.APPROVED,
        (SupplementStatus.SUBMITTED, CarnetAction.RETURN, Actor.STAFF): SupplementStatus.RETURNED,
    }
)

# A discharge cannot be withdrawn or added to once submitted; only staff move it on. A returned
# discharge is corrected (pages added, removed, reordered) and submitted again.
DISCHARGE_TRANSITIONS: Mapping[tuple[str, CarnetAction, Actor], str] = MappingProxyType(
    {
        (DischargeStatus.DRAFT, CarnetAction.SAVE, Actor.HOLDER): DischargeStatus.DRAFT,
        (DischargeStatus.DRAFT, CarnetAction.SUBMIT, Actor.HOLDER): DischargeStatus.SUBMITTED,
        (DischargeStatus.SUBMITTED, CarnetAction.ACCEPT, Actor.STAFF): DischargeStatus.ACCEPTED,
        (DischargeStatus.SUBMITTED, CarnetAction.RETURN, Actor.STAFF): DischargeStatus.RETURNED,
        (DischargeStatus.RETURNED, CarnetAction.SAVE, Actor.HOLDER): DischargeStatus.RETURNED,
        (DischargeStatus.RETURNED, CarnetAction.SUBMIT, Actor.HOLDER): DischargeStatus.SUBMITTED,
    }
)

SUBJECT_STATUSES: Mapping[Subject, type[StrEnum]] = MappingProxyType(
    {Subject.CARNET: CarnetStatus, Subject.SUPPLEMENT: SupplementStatus, Subject.DISCHARGE: DischargeStatus}
)

# The one table of every allowed move: (subject, status, action, actor) -> next status.
LIFECYCLE: Mapping[tuple[Subject, str, CarnetAction, Actor], str] = MappingProxyType(
    {
        (subject, str(status), action, actor): str(target)
        for subject, table in (
            (Subject.CARNET, TRANSITIONS),
            (Subject.SUPPLEMENT, SUPPLEMENT_TRANSITIONS),
            (Subject.DISCHARGE, DISCHARGE_TRANSITIONS),
        )
        for (status, action, actor), target in table.items()
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


def next_lifecycle_status(subject: Subject | str, current: str, action: CarnetAction | str, actor: Actor | str) -> str:
    """Return the status a carnet, supplement or discharge moves to when ``actor`` performs ``action``.

    Raises:
        DomainError: ``error.not_allowed`` when ``LIFECYCLE`` has no such move or a value is unknown.
    """
    params: dict[str, object] = {"status": str(current), "action": str(action), "actor": str(actor)}
    try:
        kind = Subject(subject)
        key = (kind, str(SUBJECT_STATUSES[kind](current)), CarnetAction(action), Actor(actor))
    except ValueError:
        logger.info("unknown move subject=%s status=%s action=%s actor=%s", subject, current, action, actor)
        raise DomainError("error.not_allowed", params=params) from None
    target = LIFECYCLE.get(key)
    if target is None:
        logger.info("move not allowed subject=%s status=%s action=%s actor=%s", subject, current, action, actor)
        raise DomainError("error.not_allowed", params=params)
    return target


def lifecycle_actions(subject: Subject | str, current: str, actor: Actor | str) -> frozenset[CarnetAction]:
    """Return the actions ``actor`` may perform on a record of ``subject`` in status ``current``."""
    return frozenset(
        action for (kind, status, action, who) in LIFECYCLE
        if kind == subject and status == str(current) and who == actor
    )


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
