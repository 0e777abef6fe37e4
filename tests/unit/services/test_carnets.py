"""Outbound carnet services: drafts, submission, withdrawal, review, messages and mail."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.outbound import OutboundForm
from ata_reflex.models import AuditRecord, GoodsItem, Message, OutboundCarnet, OutgoingMail
from ata_reflex.services import carnets
from ata_reflex.services.carnet_views import get_carnet_detail, list_owner_carnets, list_review_queue
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices, seed_reference_tables
from tests.factories import complete_form, make_holder, make_user

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.utc)


def clock() -> datetime:
    return NOW


@pytest.fixture
def db(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'carnets.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        seed_reference_tables(session)
        yield session


@pytest.fixture
def owner(db):
    return make_user(db, username="holder1")


@pytest.fixture
def staff(db):
    return make_user(db, username="clerk", role="staff")


@pytest.fixture
def form(db, owner):
    holder = make_holder(db, owner=owner)
    port = list_customs_ports(db)[0].code
    office = list_issuing_offices(db)[0].code
    return complete_form(holder, port=port, office=office, today=carnets.local_today(clock))


def submitted(db, owner, form) -> OutboundCarnet:
    carnet = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    carnets.save_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    return carnets.submit_carnet(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)


def test_create_draft_reuses_untouched_draft(db, owner):
    first = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    second = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    assert first.id == second.id


def test_save_draft_keeps_invalid_input(db, owner):
    carnet = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    typed = OutboundForm(itinerary="德国", declaration_date="明天")
    carnets.save_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=typed, clock=clock)
    _, loaded = carnets.load_form(db, owner_id=owner.id, carnet_id=carnet.id)
    assert loaded.itinerary == "德国"
    assert loaded.declaration_date == "明天"


def test_submit_empty_form_lists_every_problem(db, owner):
    carnet = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    with pytest.raises(ValidationFailed) as failure:
        carnets.submit_carnet(db, owner_id=owner.id, carnet_id=carnet.id, form=OutboundForm(), clock=clock)
    for path in ("holder_id", "intended_use", "exit_port", "declaration_date", "itinerary", "agreement_accepted"):
        assert path in failure.value.errors
    assert db.get(OutboundCarnet, carnet.id).status == "draft"


def test_submit_stores_goods_and_totals(db, owner, form):
    carnet = submitted(db, owner, form)
    assert carnet.status == "submitted"
    assert carnet.total_pieces == 15
    assert str(carnet.total_value_cny) == "32899.00"
    items = db.exec(select(GoodsItem).where(GoodsItem.carnet_id == carnet.id)).all()
    assert [item.item_number for item in items] == [1, 2, 3, 4, 5]
    assert carnet.holder_name_en == "Shanghai Exhibition Equipment Co., Ltd."


def test_submit_creates_message_and_mail(db, owner, form):
    carnet = submitted(db, owner, form)
    message = db.exec(select(Message).where(Message.user_id == owner.id)).one()
    assert carnet.status == "submitted"
    assert message.link_path == f"/outbound/{carnet.id}"
    mail = db.exec(select(OutgoingMail)).one()
    assert mail.to_address == owner.email
    assert "已提交" in mail.subject


def test_other_owner_gets_not_found(db, owner, form):
    carnet = submitted(db, owner, form)
    stranger = make_user(db, username="stranger")
    with pytest.raises(DomainError) as error:
        get_carnet_detail(db, carnet_id=carnet.id, owner_id=stranger.id)
    assert error.value.code == "common.not_found"
    with pytest.raises(DomainError):
        carnets.withdraw_carnet(db, owner_id=stranger.id, carnet_id=carnet.id, clock=clock)


def test_withdraw_then_reopen_as_draft(db, owner, form):
    carnet = submitted(db, owner, form)
    carnets.withdraw_carnet(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    assert db.get(OutboundCarnet, carnet.id).status == "withdrawn"
    carnets.reopen_carnet(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    assert db.get(OutboundCarnet, carnet.id).status == "draft"


def test_submitted_carnet_cannot_be_saved(db, owner, form):
    carnet = submitted(db, owner, form)
    with pytest.raises(DomainError) as error:
        carnets.save_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    assert error.value.code == "error.not_allowed"


def test_approve_records_staff_and_time(db, owner, staff, form):
    carnet = submitted(db, owner, form)
    carnets.approve_carnet(db, staff_id=staff.id, carnet_id=carnet.id, clock=clock)
    assert db.get(OutboundCarnet, carnet.id).status == "approved"
    audit = db.exec(select(AuditRecord).where(AuditRecord.action == "approve")).one()
    assert audit.actor_id == staff.id
    assert audit.actor_role == "staff"
    assert audit.created_at.replace(tzinfo=timezone.utc) == NOW


def test_return_requires_reason(db, owner, staff, form):
    carnet = submitted(db, owner, form)
    with pytest.raises(DomainError) as error:
        carnets.return_carnet(db, staff_id=staff.id, carnet_id=carnet.id, reason="  ", clock=clock)
    assert error.value.field == "reason"
    assert db.get(OutboundCarnet, carnet.id).status == "submitted"


def test_return_then_resubmit(db, owner, staff, form):
    carnet = submitted(db, owner, form)
    carnets.return_carnet(db, staff_id=staff.id, carnet_id=carnet.id, reason="货物英文描述缺少序列号", clock=clock)
    returned = db.get(OutboundCarnet, carnet.id)
    assert returned.status == "returned"
    assert returned.return_reason == "货物英文描述缺少序列号"
    carnets.save_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    carnets.submit_carnet(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    assert db.get(OutboundCarnet, carnet.id).status == "submitted"
    assert db.get(OutboundCarnet, carnet.id).return_reason == ""


def test_withdraw_after_approve_is_refused(db, owner, staff, form):
    carnet = submitted(db, owner, form)
    carnets.approve_carnet(db, staff_id=staff.id, carnet_id=carnet.id, clock=clock)
    with pytest.raises(DomainError) as error:
        carnets.withdraw_carnet(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    assert error.value.code == "error.not_allowed"


def test_stale_version_is_refused(db, owner, staff, form):
    carnet = submitted(db, owner, form)
    stale = db.get(OutboundCarnet, carnet.id)
    db.expunge(stale)
    carnets.approve_carnet(db, staff_id=staff.id, carnet_id=carnet.id, clock=clock)
    with pytest.raises(DomainError) as error:
        carnets.change_status(db, stale, action=carnets.CarnetAction.RETURN, actor=carnets.Actor.STAFF,
                               actor_id=staff.id, clock=clock)
    assert error.value.code in {"error.stale_record", "error.not_allowed"}


def test_queue_hides_drafts_newest_first(db, owner, form):
    first = submitted(db, owner, form)
    carnets.create_draft(db, owner_id=owner.id, clock=clock)
    second_owner = make_user(db, username="holder2")
    second_form = complete_form(make_holder(db, owner=second_owner), port=form.exit_port,
                                office=form.issuing_office, today=carnets.local_today(clock))
    later = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    draft = carnets.create_draft(db, owner_id=second_owner.id, clock=lambda: later)
    carnets.submit_carnet(db, owner_id=second_owner.id, carnet_id=draft.id, form=second_form, clock=lambda: later)
    queue = list_review_queue(db, status="submitted")
    assert [row.id for row in queue] == [draft.id, first.id]
    assert all(row.status == "submitted" for row in queue)


def test_staff_cannot_open_a_draft(db, owner):
    draft = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    with pytest.raises(DomainError):
        get_carnet_detail(db, carnet_id=draft.id, owner_id=None)


def test_owner_list_shows_status_labels(db, owner, form):
    submitted(db, owner, form)
    rows = list_owner_carnets(db, owner_id=owner.id)
    assert rows[0].status_label == "已提交待审核"
    assert rows[0].holder_name == "上海展览器材有限公司"
