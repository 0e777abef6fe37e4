"""The services on PostgreSQL: migrations, outbound carnets, accounts, the login throttle and holders.

The scenarios are the SQLite unit tests themselves, imported here: pytest runs them again with
the ``db`` and ``engine`` fixtures of ``tests/scaleout/conftest.py``, which point at this
module's PostgreSQL database. Only what SQLite cannot show, two sessions racing for one row,
is written here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlmodel import Session, SQLModel, select

from ata_reflex.domain.errors import DomainError
from ata_reflex.models import AuditRecord, CustomsPort, IssuingOffice, OutboundCarnet
from ata_reflex.services import carnets
from ata_reflex.services.db import session_scope
from tests.unit.services.test_carnets import (  # noqa: F401  (the fixtures and tests run here again)
    clock,
    form,
    owner,
    staff,
    submitted,
    test_approve_records_staff_and_time,
    test_create_draft_reuses_untouched_draft,
    test_other_owner_gets_not_found,
    test_owner_list_shows_status_labels,
    test_queue_hides_drafts_newest_first,
    test_return_requires_reason,
    test_return_then_resubmit,
    test_save_draft_keeps_invalid_input,
    test_stale_version_is_refused,
    test_staff_cannot_open_a_draft,
    test_submit_creates_message_and_mail,
    test_submit_empty_form_lists_every_problem,
    test_submit_stores_goods_and_totals,
    test_submitted_carnet_cannot_be_saved,
    test_withdraw_after_approve_is_refused,
    test_withdraw_then_reopen_as_draft,
)
from tests.unit.test_accounts import (  # noqa: F401
    test_activate_expired_at_24_hours,
    test_activate_used_token,
    test_activate_valid_token,
    test_login_lock_ends_after_window,
    test_login_locks_account,
    test_login_locks_address,
    test_login_starts_session,
    test_login_success_clears_failures,
    test_register_creates_inactive_account,
    test_register_queues_activation_mail,
    test_register_taken_email_any_case,
    test_register_taken_username_any_case,
    test_register_then_login_chinese_password,
)
from tests.unit.test_holders import (  # noqa: F401
    owner_id,
    other_id,
    test_create_invalid_stores_nothing,
    test_create_sets_owner_and_version,
    test_create_stores_cleaned_values,
    test_get_other_owners_holder_not_found,
    test_list_most_recent_first,
    test_list_only_own_holders,
    test_update_bumps_version,
    test_update_other_owners_holder_unchanged,
    test_update_stale_across_sessions,
    test_update_stale_version_rejected,
)
from tests.unit.test_migrations import pending_changes, row_count, table_names
from tests.unit.test_throttle import (  # noqa: F401
    test_account_locks_after_five,
    test_address_locks_after_twenty,
    test_clear_only_this_address,
    test_lock_ends_after_window,
    test_record_purges_expired_rows,
)

pytestmark = pytest.mark.scaleout

RACE_TIMEOUT_S = 30


def test_migrate_creates_every_table(engine):
    assert table_names(engine) == set(SQLModel.metadata.tables)


def test_migrate_seeds_reference_tables(engine):
    assert min(row_count(engine, CustomsPort), row_count(engine, IssuingOffice)) > 0


def test_migrate_leaves_nothing_to_autogenerate(engine):
    assert pending_changes(engine) == []


def race(engine, actions: dict[str, Callable[[Session], object]], carnet_id: int) -> dict[str, str]:
    """Run each action in its own thread and session at the same moment; return ``won`` or the error code.

    Every session reads the carnet before the barrier, so all of them act on the same status and
    version, as two people who opened the same page would.
    """
    barrier = threading.Barrier(len(actions))
    outcomes: dict[str, str] = {}

    def run(name: str, action: Callable[[Session], object]) -> None:
        try:
            with session_scope(engine) as session:
                # Keep a reference: the identity map holds rows weakly, and the service's own
                # get must find this stale copy instead of reading the winner's commit.
                seen = session.get(OutboundCarnet, carnet_id)
                barrier.wait(timeout=RACE_TIMEOUT_S)
                action(session)
                del seen
            outcomes[name] = "won"
        except DomainError as error:
            outcomes[name] = error.code

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=RACE_TIMEOUT_S)
    return outcomes


@pytest.fixture
def raced(engine, db, owner, staff, form) -> tuple[dict[str, str], int]:
    """Staff approve and the holder withdraws one submitted carnet at the same time."""
    carnet = submitted(db, owner, form)
    db.commit()
    outcomes = race(engine, {
        "approve": lambda session: carnets.approve_carnet(session, staff_id=staff.id, carnet_id=carnet.id,
                                                          clock=clock),
        "withdraw": lambda session: carnets.withdraw_carnet(session, owner_id=owner.id, carnet_id=carnet.id,
                                                            clock=clock),
    }, carnet.id)
    return outcomes, carnet.id


def test_race_exactly_one_wins(raced):
    outcomes, _ = raced
    assert sorted(outcomes.values()) == ["error.stale_record", "won"]


def test_race_status_is_winners(raced, engine):
    outcomes, carnet_id = raced
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    with Session(engine) as session:
        status = session.get(OutboundCarnet, carnet_id).status
    assert status == {"approve": "approved", "withdraw": "withdrawn"}[winner]


def test_race_audits_winner_only(raced, engine):
    outcomes, carnet_id = raced
    with Session(engine) as session:
        actions = session.exec(
            select(AuditRecord.action).where(AuditRecord.entity_id == carnet_id,
                                             AuditRecord.action.in_(["approve", "withdraw"]))
        ).all()
    assert actions == [name for name, outcome in outcomes.items() if outcome == "won"]
