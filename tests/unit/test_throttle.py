"""Login throttling: growing delays, then a lock, per account name and per client address."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ata_reflex.models import LoginAttempt
from ata_reflex.services import throttle

ADDRESS = "203.0.113.7"


def fail(db, clock, times: int, username_key: str = "zhangsan", address: str = ADDRESS) -> None:
    for _ in range(times):
        throttle.record_failed_login(db, username_key=username_key, client_address=address, clock=clock)
    db.commit()


def status(db, clock, username_key: str = "zhangsan", address: str = ADDRESS) -> throttle.ThrottleStatus:
    return throttle.check_login_throttle(db, username_key=username_key, client_address=address, clock=clock)


def test_throttle_key_folds_case_and_space():
    assert throttle.throttle_key("  ZhangSan ") == "zhangsan"


def test_throttle_key_cut_to_column():
    assert len(throttle.throttle_key("a" * 100)) == 64


@pytest.mark.parametrize(("failures", "delay"), [(0, 0.0), (2, 0.0), (3, 0.5), (4, 1.0)])
def test_account_delay_grows(db, clock, failures, delay):
    fail(db, clock, failures)
    assert status(db, clock).delay_seconds == delay


def test_account_locks_after_five(db, clock):
    fail(db, clock, 5)
    result = status(db, clock, address="192.0.2.1")
    assert result.is_locked
    assert result.locked_until == clock() + throttle.FAILURE_WINDOW


def test_lock_minutes_left_round_up(db, clock):
    fail(db, clock, 5)
    clock.advance(minutes=10, seconds=30)
    assert status(db, clock).minutes_left(clock()) == 5


def test_lock_ends_after_window(db, clock):
    fail(db, clock, 5)
    clock.advance(minutes=15)
    assert not status(db, clock).is_locked


def test_lock_counts_from_newest_failure(db, clock):
    fail(db, clock, 4)
    clock.advance(minutes=10)
    fail(db, clock, 1)
    clock.advance(minutes=6)
    assert status(db, clock).locked_until is None
    assert status(db, clock).delay_seconds == 0.0


def test_old_failures_leave_window(db, clock):
    fail(db, clock, 4)
    clock.advance(minutes=16)
    fail(db, clock, 1)
    assert not status(db, clock).is_locked


def test_account_lock_spares_other_accounts(db, clock):
    fail(db, clock, 5)
    assert not status(db, clock, username_key="lisi").is_locked


def test_address_delay_after_ten(db, clock):
    for number in range(10):
        fail(db, clock, 1, username_key=f"user{number}")
    assert status(db, clock, username_key="lisi").delay_seconds == 0.5


def test_address_locks_after_twenty(db, clock):
    for number in range(20):
        fail(db, clock, 1, username_key=f"user{number}")
    assert status(db, clock, username_key="lisi").is_locked
    assert not status(db, clock, username_key="lisi", address="192.0.2.1").is_locked


def test_delay_capped(db, clock):
    for number in range(19):
        fail(db, clock, 1, username_key=f"user{number}")
    assert status(db, clock, username_key="lisi").delay_seconds == throttle.MAX_DELAY_SECONDS


def test_clear_only_this_address(db, clock):
    fail(db, clock, 2)
    fail(db, clock, 2, address="192.0.2.1")
    throttle.clear_failed_logins(db, username_key="zhangsan", client_address=ADDRESS)
    db.commit()
    remaining = db.exec(select(LoginAttempt)).all()
    assert [row.client_address for row in remaining] == ["192.0.2.1", "192.0.2.1"]


def test_record_purges_expired_rows(db, clock):
    fail(db, clock, 3)
    clock.advance(minutes=20)
    fail(db, clock, 1)
    assert len(db.exec(select(LoginAttempt)).all()) == 1
