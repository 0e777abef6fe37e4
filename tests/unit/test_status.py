"""Tests of the outbound carnet status machine."""

from __future__ import annotations

import itertools

import pytest

from ata_reflex.catalogue import TEXTS
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.status import (
    Actor,
    CarnetAction,
    CarnetStatus,
    allowed_actions,
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
}

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
