"""Tests of the outbound carnet status machine."""

from __future__ import annotations

import itertools

import pytest

from ata_reflex.catalogue import TEXTS
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.status import (
    Actor,
    CarnetAction,
    SUBJECT_STATUSES,
    CarnetStatus,
    DischargeStatus,
    Subject,
    SupplementStatus,
    allowed_actions,
    lifecycle_actions,
    next_lifecycle_status,
    is_editable,
    next_status,
)

S, A, W = CarnetStatus, CarnetAction, Actor

EXPECTED = {
    (S.DRAFT, A.SAVE, W.HOLDER): S.DRAFT,
    (S.DRAFT, A.SUBMIT, W.HOLDER): S.SUBMITTED,
    (S.RETURNED, A.SAVE, W.HOLDER): S.RETURNED,
    (S.RETURNED, A.SUBMIT, W.HOLDER): S.SUBMITTED,
    (S.SUBMITTED, A.WITHDRAW, W.HOLDER): S.WITHDRAWN,
    (S.SUBMITTED, A.APPROVE, W.STAFF): S.APPROVED,
    (S.SUBMITTED, A.RETURN, W.STAFF): S.RETURNED,
    (S.WITHDRAWN, A.EDIT, W.HOLDER): S.DRAFT,
    (S.APPROVED, A.ISSUE, W.STAFF): S.ISSUED,
    (S.ISSUED, A.RENEW, W.HOLDER): S.ISSUED,
    (S.ISSUED, A.REQUEST_SUPPLEMENT, W.HOLDER): S.ISSUED,
    (S.ISSUED, A.START_DISCHARGE, W.HOLDER): S.ISSUED,
    (S.ISSUED, A.REPLACE, W.SYSTEM): S.REPLACED,
    (S.ISSUED, A.DISCHARGE, W.STAFF): S.DISCHARGED,
}

SUPPLEMENT_EXPECTED = {
    ("new", A.SUBMIT, W.HOLDER): "submitted",
    ("submitted", A.APPROVE, W.STAFF): "approved",
    ("submitted", A.RETURN, W.STAFF): "returned",
}

DISCHARGE_EXPECTED = {
    ("draft", A.SAVE, W.HOLDER): "draft",
    ("draft", A.SUBMIT, W.HOLDER): "submitted",
    ("submitted", A.ACCEPT, W.STAFF): "accepted",
    ("submitted", A.RETURN, W.STAFF): "returned",
    ("returned", A.SAVE, W.HOLDER): "returned",
    ("returned", A.SUBMIT, W.HOLDER): "submitted",
}

LIFECYCLE_EXPECTED = {
    **{(Subject.CARNET, str(s), a, w): str(t) for (s, a, w), t in EXPECTED.items()},
    **{(Subject.SUPPLEMENT, s, a, w): t for (s, a, w), t in SUPPLEMENT_EXPECTED.items()},
    **{(Subject.DISCHARGE, s, a, w): t for (s, a, w), t in DISCHARGE_EXPECTED.items()},
}

LIFECYCLE_COMBINATIONS = [
    (subject, str(status), action, actor)
    for subject, statuses in SUBJECT_STATUSES.items()
    for status, action, actor in itertools.product(statuses, CarnetAction, Actor)
]

ALL_COMBINATIONS = list(itertools.product(CarnetStatus, CarnetAction, Actor))


@pytest.mark.parametrize(("status", "action", "actor"), ALL_COMBINATIONS)
def test_next_status_every_combination(status, action, actor):
    """Each allowed triple moves to its status; every other triple raises error.not_allowed."""
    key = (status, action, actor)
    if key in EXPECTED:
        assert next_status(status, action, actor) == EXPECTED[key]
    else:
        with pytest.raises(DomainError) as caught:
            next_status(status, action, actor)
        assert caught.value.code == "error.not_allowed"


def test_next_status_accepts_stored_strings():
    """The stored string values work like the enum members."""
    assert next_status("draft", "submit", "holder") is CarnetStatus.SUBMITTED


def test_next_status_error_params():
    """The error names the status, action and actor."""
    with pytest.raises(DomainError) as caught:
        next_status(S.APPROVED, A.SUBMIT, W.HOLDER)
    assert caught.value.params == {"status": "approved", "action": "submit", "actor": "holder"}


@pytest.mark.parametrize(("status", "action", "actor"), [("bogus", "submit", "holder"), ("draft", "fly", "holder"), ("draft", "submit", "robot")])
def test_next_status_unknown_values(status, action, actor):
    """Unknown strings raise error.not_allowed rather than ValueError."""
    with pytest.raises(DomainError) as caught:
        next_status(status, action, actor)
    assert caught.value.code == "error.not_allowed"


@pytest.mark.parametrize(("status", "actor"), list(itertools.product(CarnetStatus, Actor)))
def test_allowed_actions_matches_table(status, actor):
    """allowed_actions lists exactly the actions the table allows."""
    expected = {action for (s, action, a) in EXPECTED if s == status and a == actor}
    assert allowed_actions(status, actor) == frozenset(expected)


def test_allowed_actions_unknown_status():
    """An unknown status has no actions."""
    assert allowed_actions("bogus", Actor.HOLDER) == frozenset()


@pytest.mark.parametrize(
    ("status", "editable"),
    [(S.DRAFT, True), (S.RETURNED, True), (S.SUBMITTED, False), (S.APPROVED, False), (S.WITHDRAWN, False), ("bogus", False)],
)
def test_is_editable(status, editable):
    """Only drafts and returned carnets are editable."""
    assert is_editable(status) is editable


@pytest.mark.parametrize("status", list(CarnetStatus))
def test_status_labels_in_catalogue(status):
    """Every status has a Chinese label."""
    assert f"status.{status.value}" in TEXTS


@pytest.mark.parametrize("action", list(CarnetAction))
def test_action_labels_in_catalogue(action):
    """Every action has a Chinese label."""
    assert f"action.{action.value}" in TEXTS


@pytest.mark.parametrize(("subject", "status", "action", "actor"), LIFECYCLE_COMBINATIONS)
def test_lifecycle_every_combination(subject, status, action, actor):
    """Every (subject, status, action, actor) of carnets, supplements and discharges moves or is refused."""
    key = (subject, status, action, actor)
    if key in LIFECYCLE_EXPECTED:
        assert next_lifecycle_status(subject, status, action, actor) == LIFECYCLE_EXPECTED[key]
    else:
        with pytest.raises(DomainError) as caught:
            next_lifecycle_status(subject, status, action, actor)
        assert caught.value.code == "error.not_allowed"


def test_lifecycle_unknown_subject():
    """An unknown subject raises error.not_allowed."""
    with pytest.raises(DomainError) as caught:
        next_lifecycle_status("invoice", "draft", "save", "holder")
    assert caught.value.code == "error.not_allowed"


def test_lifecycle_actions_discharge_submitted():
    """A submitted discharge offers the holder nothing: no withdraw, no adding pages."""
    assert lifecycle_actions(Subject.DISCHARGE, "submitted", Actor.HOLDER) == frozenset()


@pytest.mark.parametrize("status", list(SupplementStatus))
def test_supplement_labels_in_catalogue(status):
    """Every supplement status has a Chinese label."""
    assert f"supplement_status.{status.value}" in TEXTS


@pytest.mark.parametrize("status", list(DischargeStatus))
def test_discharge_labels_in_catalogue(status):
    """Every discharge status has a Chinese label."""
    assert f"discharge_status.{status.value}" in TEXTS
