"""Inbound carnet services: drafts, scans, submission, deletion, review, messages and mail."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PIL import Image
from sqlmodel import select

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.inbound import REQUIRED_SCAN_KINDS
from ata_reflex.models import InboundCarnet, InboundGoodsItem, InboundScan, Message, OutgoingMail, StoredFile
from ata_reflex.services import inbound
from ata_reflex.services.files import storage_dir
from ata_reflex.services.inbound_scans import attach_scan, list_scans, remove_scan
from ata_reflex.services.inbound_views import get_inbound_detail, list_inbound_review_queue, list_owner_inbound
from ata_reflex.services.reference_tables import list_customs_ports, list_issuing_offices, seed_reference_tables
from tests.images import heic_bytes, jpeg_bytes
from tests.unit.test_inbound_rules import complete_form

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def clock() -> datetime:
    return NOW


@pytest.fixture
def owner(db, make_user):
    seed_reference_tables(db)
    return make_user("broker1")


@pytest.fixture
def form(db, owner):
    return complete_form(entry_port=list_customs_ports(db)[0].code, registration_office=list_issuing_offices(db)[0].code)


def with_scans(db, owner) -> InboundCarnet:
    carnet = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    for kind in REQUIRED_SCAN_KINDS:
        attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind=kind, original_name=f"{kind}.jpg",
                    data=jpeg_bytes(), clock=clock)
    return carnet


def submitted(db, owner, form) -> InboundCarnet:
    carnet = with_scans(db, owner)
    inbound.save_inbound_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    return inbound.submit_inbound(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)


def test_draft_reused_while_untouched(db, owner):
    first = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    assert inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock).id == first.id


def test_draft_with_scan_not_reused(db, owner):
    first = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    attach_scan(db, owner_id=owner.id, carnet_id=first.id, kind="green_cover", original_name="a.jpg",
                data=jpeg_bytes(), clock=clock)
    assert inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock).id != first.id


def test_heic_scan_stored_as_jpeg(db, owner):
    carnet = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    view = attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind="green_cover", original_name="IMG_0001.HEIC",
                       data=heic_bytes(), clock=clock)
    stored = db.exec(select(StoredFile).where(StoredFile.public_id == view.public_id)).one()
    assert Image.open(storage_dir() / stored.storage_name).format == "JPEG"


def test_non_image_rejected_with_name(db, owner):
    carnet = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    with pytest.raises(DomainError) as error:
        attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind="supplementary", original_name="更正函.pdf",
                    data=b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", clock=clock)
    assert (error.value.code, error.value.params["name"]) == ("image.not_an_image", "更正函.pdf")


def test_required_scan_replaced(db, owner):
    carnet = with_scans(db, owner)
    old = {scan.kind: scan.public_id for scan in list_scans(db, carnet_id=carnet.id)}["green_cover"]
    attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind="green_cover", original_name="new.jpg",
                data=jpeg_bytes(), clock=clock)
    kinds = [scan.kind for scan in list_scans(db, carnet_id=carnet.id)]
    assert kinds.count("green_cover") == 1
    assert old not in {scan.public_id for scan in list_scans(db, carnet_id=carnet.id)}


def test_supplementary_scans_accumulate(db, owner):
    carnet = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    for name in ("a.jpg", "b.jpg"):
        attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind="supplementary", original_name=name,
                    data=jpeg_bytes(), clock=clock)
    assert len(list_scans(db, carnet_id=carnet.id)) == 2


def test_scan_of_other_owner_not_found(db, owner, make_user):
    carnet = with_scans(db, owner)
    other = make_user("broker2")
    public_id = list_scans(db, carnet_id=carnet.id)[0].public_id
    with pytest.raises(DomainError) as error:
        remove_scan(db, owner_id=other.id, carnet_id=carnet.id, public_id=public_id, clock=clock)
    assert error.value.code == "common.not_found"


def test_remove_scan_deletes_file(db, owner):
    carnet = with_scans(db, owner)
    public_id = list_scans(db, carnet_id=carnet.id)[0].public_id
    remove_scan(db, owner_id=owner.id, carnet_id=carnet.id, public_id=public_id, clock=clock)
    assert public_id not in {scan.public_id for scan in list_scans(db, carnet_id=carnet.id)}


def test_submit_without_scans_fails(db, owner, form):
    carnet = inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    with pytest.raises(ValidationFailed) as failure:
        inbound.submit_inbound(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    assert "scans.green_cover" in failure.value.errors


def test_submit_writes_typed_columns(db, owner, form):
    carnet = submitted(db, owner, form)
    assert (carnet.status, carnet.carnet_number, carnet.package_count) == ("submitted", "DE/1234567", 3)


def test_submit_writes_goods_ranges(db, owner, form):
    carnet = submitted(db, owner, form)
    items = db.exec(select(InboundGoodsItem).where(InboundGoodsItem.carnet_id == carnet.id)).all()
    assert [(item.item_from, item.item_to, item.currency) for item in items] == [(1, 10, "USD"), (11, 11, "EUR")]


def test_expired_carnet_not_submitted(db, owner, form):
    carnet = with_scans(db, owner)
    form.valid_until = "2026-03-01"
    with pytest.raises(ValidationFailed) as failure:
        inbound.submit_inbound(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    assert failure.value.errors["valid_until"].code == "inbound.carnet_expired"


def test_submitted_scans_locked(db, owner, form):
    carnet = submitted(db, owner, form)
    with pytest.raises(DomainError) as error:
        attach_scan(db, owner_id=owner.id, carnet_id=carnet.id, kind="supplementary", original_name="x.jpg",
                    data=jpeg_bytes(), clock=clock)
    assert error.value.code == "error.not_allowed"


def test_submitted_not_deletable(db, owner, form):
    carnet = submitted(db, owner, form)
    with pytest.raises(DomainError) as error:
        inbound.delete_inbound(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    assert error.value.code == "error.not_allowed"


def test_withdrawn_deleted_with_files(db, owner, form):
    carnet = submitted(db, owner, form)
    carnet_id = carnet.id
    inbound.withdraw_inbound(db, owner_id=owner.id, carnet_id=carnet_id, clock=clock)
    inbound.delete_inbound(db, owner_id=owner.id, carnet_id=carnet_id, clock=clock)
    assert db.get(InboundCarnet, carnet_id) is None
    assert db.exec(select(InboundScan).where(InboundScan.carnet_id == carnet_id)).all() == []
    assert list(storage_dir().iterdir()) == []


def test_reopened_withdrawn_is_draft(db, owner, form):
    carnet = submitted(db, owner, form)
    inbound.withdraw_inbound(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    assert inbound.reopen_inbound(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock).status == "draft"


def test_approve_notifies_owner(db, owner, form, make_user):
    carnet = submitted(db, owner, form)
    staff = make_user("clerk", role="staff")
    inbound.approve_inbound(db, staff_id=staff.id, carnet_id=carnet.id, clock=clock)
    titles = [message.title for message in db.exec(select(Message).where(Message.user_id == owner.id)).all()]
    assert "进境单证册 DE/1234567 已登记" in titles
    assert db.exec(select(OutgoingMail).where(OutgoingMail.subject == "【ATA单证册】进境单证册 DE/1234567 已登记")).first()


def test_return_needs_reason(db, owner, form, make_user):
    carnet = submitted(db, owner, form)
    staff = make_user("clerk", role="staff")
    with pytest.raises(DomainError) as error:
        inbound.return_inbound(db, staff_id=staff.id, carnet_id=carnet.id, reason=" ", clock=clock)
    assert error.value.field == "reason"


def test_queue_lists_inbound_with_kind(db, owner, form):
    submitted(db, owner, form)
    queue = list_inbound_review_queue(db, status="submitted")
    assert [(entry.kind, entry.status_label) for entry in queue] == [("inbound", "已提交待登记")]


def test_queue_hides_drafts(db, owner):
    inbound.create_inbound_draft(db, owner_id=owner.id, clock=clock)
    assert list_inbound_review_queue(db) == []


def test_owner_list_shows_totals(db, owner, form):
    submitted(db, owner, form)
    assert list_owner_inbound(db, owner_id=owner.id)[0].totals == "USD 1,000.00 · EUR 500.00"


def test_detail_hidden_from_other_owner(db, owner, form, make_user):
    carnet = submitted(db, owner, form)
    other = make_user("broker2")
    with pytest.raises(DomainError):
        get_inbound_detail(db, carnet_id=carnet.id, owner_id=other.id)


def test_staff_detail_lists_scans(db, owner, form):
    carnet = submitted(db, owner, form)
    detail = get_inbound_detail(db, carnet_id=carnet.id, owner_id=None)
    assert [scan.kind for scan in detail.scans] == list(REQUIRED_SCAN_KINDS)
