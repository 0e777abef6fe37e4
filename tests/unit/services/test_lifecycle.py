"""Issue, renewal, supplement, discharge and reminders, against a real SQLite database."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import AuditRecord, Message, OutboundCarnet, OutgoingMail, ReminderSent
from ata_reflex.services import carnets, discharges, issuing, supplements
from ata_reflex.services.carnet_views import get_carnet_detail
from ata_reflex.services.db import session_scope
from ata_reflex.services.reference_tables import list_customs_ports, seed_reference_tables
from ata_reflex.services.reminders import send_reminders
from tests.factories import complete_form, make_holder, make_user
from tests.images import jpeg_bytes

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=timezone.utc)
TODAY = date(2026, 12, 4)


def clock() -> datetime:
    return NOW


@pytest.fixture
def seeded(db):
    seed_reference_tables(db)
    db.commit()
    return db


@pytest.fixture
def owner(seeded):
    return make_user(seeded, username="holder1")


@pytest.fixture
def staff(seeded):
    return make_user(seeded, username="clerk", role="staff")


def approved_carnet(db: Session, owner, staff) -> OutboundCarnet:
    holder = make_holder(db, owner=owner)
    form = complete_form(holder, port=list_customs_ports(db)[0].code, office="CCOIC-SH",
                         today=TODAY)
    carnet = carnets.create_draft(db, owner_id=owner.id, clock=clock)
    carnets.save_draft(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    carnets.submit_carnet(db, owner_id=owner.id, carnet_id=carnet.id, form=form, clock=clock)
    carnets.approve_carnet(db, staff_id=staff.id, carnet_id=carnet.id, clock=clock)
    db.commit()
    return carnet


def issue(db, carnet, staff, number: str = "", issue_date: str = "2026-12-04", valid_until: str = "2027-12-03"):
    return issuing.issue_carnet(db, staff_id=staff.id, carnet_id=carnet.id, carnet_number=number,
                                issue_date=issue_date, valid_until=valid_until, security_type="bank_guarantee",
                                security_amount="13,159.60", clock=clock)


@pytest.fixture
def issued(seeded, owner, staff):
    carnet = approved_carnet(seeded, owner, staff)
    issue(seeded, carnet, staff)
    seeded.commit()
    return carnet


def test_issue_sets_number_and_dates(issued):
    assert issued.status == "issued"
    assert issued.carnet_number == "CNCCOICSH20260001"
    assert issued.valid_until == date(2027, 12, 3)
    assert issued.security_amount_cny == Decimal("13159.60")


def test_issue_writes_audit_message_mail(seeded, issued):
    actions = seeded.exec(select(AuditRecord.action).where(AuditRecord.entity_id == issued.id)).all()
    assert "issue" in actions
    titles = seeded.exec(select(Message.title)).all()
    assert any("CNCCOICSH20260001" in title for title in titles)
    subjects = seeded.exec(select(OutgoingMail.subject)).all()
    assert any("已签发" in subject for subject in subjects)


def test_issue_validity_too_long(seeded, owner, staff):
    carnet = approved_carnet(seeded, owner, staff)
    with pytest.raises(DomainError) as caught:
        issue(seeded, carnet, staff, valid_until="2027-12-04")
    assert caught.value.code == "lifecycle.validity_too_long"


def test_issue_twice_not_allowed(seeded, issued, staff):
    with pytest.raises(DomainError) as caught:
        issue(seeded, issued, staff)
    assert caught.value.code == "error.not_allowed"


def test_typed_number_taken(seeded, issued, owner, staff):
    other = approved_carnet(seeded, owner, staff)
    with pytest.raises(DomainError) as caught:
        issue(seeded, other, staff, number=issued.carnet_number)
    assert caught.value.code == "lifecycle.number_taken"


def test_typed_number_moves_counter(seeded, owner, staff):
    first = approved_carnet(seeded, owner, staff)
    issue(seeded, first, staff, number="CNCCOICSH20260005")
    proposal = issuing.propose_carnet_number(seeded, office_code="CCOIC-SH", year=2026)
    assert proposal == "CNCCOICSH20260006"


def test_proposal_has_estimate(seeded, owner, staff, monkeypatch):
    monkeypatch.setenv("ATA_GUARANTEE_RATES", "DE:0.5,FR:0.45")
    carnet = approved_carnet(seeded, owner, staff)
    proposal = issuing.get_issue_proposal(seeded, carnet_id=carnet.id, today=TODAY)
    assert proposal.security_estimate == f"{Decimal('32899.00') * Decimal('0.5'):.2f}"
    assert proposal.valid_until == "2027-12-03"


def test_concurrent_allocation_unique(engine, seeded):
    """Eight threads reserving numbers at once all get different serials."""
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def reserve() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with session_scope(engine) as db:
                    numbers.append(issuing.allocate_carnet_number(db, office_code="CCOIC-SH", year=2026))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 40
    assert len(set(numbers)) == 40


def test_concurrent_issue_unique(engine, seeded, owner, staff):
    """Six approved carnets issued by six threads at once get six different numbers."""
    ids = [approved_carnet(seeded, owner, staff).id for _ in range(6)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(ids))

    def run(carnet_id: int) -> None:
        try:
            barrier.wait()
            with session_scope(engine) as db:
                issuing.issue_carnet(db, staff_id=staff.id, carnet_id=carnet_id, carnet_number="",
                                     issue_date="2026-12-04", valid_until="2027-12-03",
                                     security_type="cash_deposit", security_amount="100", clock=clock)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=run, args=(carnet_id,)) for carnet_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope(engine) as db:
        numbers = db.exec(select(OutboundCarnet.carnet_number).where(OutboundCarnet.id.in_(ids))).all()
    assert len(set(numbers)) == 6


def test_detail_shows_days_left(seeded, issued, owner):
    detail = get_carnet_detail(seeded, carnet_id=issued.id, owner_id=owner.id)
    assert detail.carnet_number == "CNCCOICSH20260001"
    assert detail.can_renew is True
    assert detail.can_discharge is True
    assert detail.days_left.startswith("剩余")


def test_renewal_prefilled_and_linked(seeded, issued, owner):
    renewal = issuing.start_renewal(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    assert renewal.replaces_id == issued.id
    assert renewal.form_json == issued.form_json
    again = issuing.start_renewal(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    assert again.id == renewal.id


def test_renewal_cannot_gain_goods(seeded, issued, owner):
    renewal = issuing.start_renewal(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    _, form = carnets.load_form(seeded, owner_id=owner.id, carnet_id=renewal.id)
    form.goods.append(form.goods[0])
    with pytest.raises(DomainError) as caught:
        carnets.submit_carnet(seeded, owner_id=owner.id, carnet_id=renewal.id, form=form, clock=clock)
    assert caught.value.code == "renewal.goods_added"


def test_renewal_issue_replaces_original(seeded, issued, owner, staff):
    renewal = issuing.start_renewal(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    _, form = carnets.load_form(seeded, owner_id=owner.id, carnet_id=renewal.id)
    form.goods.pop()
    carnets.submit_carnet(seeded, owner_id=owner.id, carnet_id=renewal.id, form=form, clock=clock)
    carnets.approve_carnet(seeded, staff_id=staff.id, carnet_id=renewal.id, clock=clock)
    issue(seeded, renewal, staff)
    seeded.refresh(issued)
    assert renewal.carnet_number == "CNCCOICSH20260002"
    assert issued.status == "replaced"


def test_renewal_of_expired_refused(seeded, issued, owner):
    issued.valid_until = date(2026, 12, 1)
    seeded.add(issued)
    with pytest.raises(DomainError) as caught:
        issuing.start_renewal(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    assert caught.value.code == "renewal.expired"


def supplement(db, carnet, owner, yellow="1", white="2", blue="", countries="德国", reason="多一个展会"):
    return supplements.request_supplement(db, owner_id=owner.id, carnet_id=carnet.id, yellow_sets=yellow,
                                          white_sets=white, blue_sets=blue, countries=countries, reason=reason,
                                          clock=clock)


def test_supplement_submitted_then_approved(seeded, issued, owner, staff):
    request = supplement(seeded, issued, owner)
    assert request.status == "submitted"
    supplements.approve_supplement(seeded, staff_id=staff.id, supplement_id=request.id, clock=clock)
    assert request.status == "approved"


def test_supplement_return_needs_note(seeded, issued, owner, staff):
    request = supplement(seeded, issued, owner)
    with pytest.raises(DomainError) as caught:
        supplements.return_supplement(seeded, staff_id=staff.id, supplement_id=request.id, note=" ", clock=clock)
    assert caught.value.code == "review.reason_required"


def test_supplement_validation(seeded, issued, owner):
    with pytest.raises(ValidationFailed) as caught:
        supplement(seeded, issued, owner, yellow="x", white="", countries="", reason="")
    assert set(caught.value.errors) == {"yellow_sets", "countries", "reason"}


def test_supplement_zero_sets(seeded, issued, owner):
    with pytest.raises(ValidationFailed) as caught:
        supplement(seeded, issued, owner, yellow="0", white="0", blue="0")
    assert caught.value.errors["yellow_sets"].code == "supplement.sets_required"


def test_supplement_needs_issued_carnet(seeded, owner, staff):
    carnet = approved_carnet(seeded, owner, staff)
    with pytest.raises(DomainError) as caught:
        supplement(seeded, carnet, owner)
    assert caught.value.code == "error.not_allowed"


def add_page(db, discharge, owner, kind="page", **image):
    return discharges.add_discharge_page(db, owner_id=owner.id, discharge_id=discharge.id, kind=kind,
                                         original_name=f"{kind}.jpg", data=jpeg_bytes(**image), clock=clock)


def test_discharge_page_resized(seeded, issued, owner):
    discharge = discharges.open_discharge(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    page = add_page(seeded, discharge, owner, width=2100, height=2970)
    assert max(page.width, page.height) == 1000


@pytest.mark.parametrize(("image", "code"), [({"width": 500, "height": 707}, "image.too_small"),
                                             ({"grey": True}, "image.greyscale"),
                                             ({"width": 1000, "height": 1000}, "image.not_a4")])
def test_discharge_page_rejected(seeded, issued, owner, image, code):
    discharge = discharges.open_discharge(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    with pytest.raises(DomainError) as caught:
        add_page(seeded, discharge, owner, **image)
    assert caught.value.code == code


def test_discharge_reorder_and_remove(seeded, issued, owner):
    discharge = discharges.open_discharge(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    first, second, third = (add_page(seeded, discharge, owner) for _ in range(3))
    discharges.move_discharge_page(seeded, owner_id=owner.id, page_id=third.id, offset=-1)
    discharges.remove_discharge_page(seeded, owner_id=owner.id, page_id=first.id, clock=clock)
    view = discharges.get_owner_discharge(seeded, owner_id=owner.id, carnet_id=issued.id)
    assert [page.id for page in view.pages] == [third.id, second.id]
    assert [page.position for page in view.pages] == [0, 1]


def test_discharge_proof_required(seeded, issued, owner):
    discharge = discharges.open_discharge(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    add_page(seeded, discharge, owner)
    discharges.set_discharge_options(seeded, owner_id=owner.id, discharge_id=discharge.id,
                                     goods_status_changed=True, genuine_confirmed=True)
    with pytest.raises(DomainError) as caught:
        discharges.submit_discharge(seeded, owner_id=owner.id, discharge_id=discharge.id, clock=clock)
    assert caught.value.code == "discharge.proof_required"


def test_discharge_genuine_required(seeded, issued, owner):
    discharge = discharges.open_discharge(seeded, owner_id=owner.id, carnet_id=issued.id, clock=clock)
    add_page(seeded, discharge, owner)
    with pytest.raises(DomainError) as caught:
        discharges.submit_discharge(seeded, owner_id=owner.id, discharge_id=discharge.id, clock=clock)
    assert caught.value.code == "discharge.genuine_required"


def submitted_discharge(db, carnet, owner):
    discharge = discharges.open_discharge(db, owner_id=owner.id, carnet_id=carnet.id, clock=clock)
    add_page(db, discharge, owner)
    discharges.set_discharge_options(db, owner_id=owner.id, discharge_id=discharge.id,
                                     goods_status_changed=False, genuine_confirmed=True)
    return discharges.submit_discharge(db, owner_id=owner.id, discharge_id=discharge.id, clock=clock)


def test_discharge_locked_after_submit(seeded, issued, owner):
    discharge = submitted_discharge(seeded, issued, owner)
    with pytest.raises(DomainError) as caught:
        add_page(seeded, discharge, owner)
    assert caught.value.code == "discharge.locked"


def test_discharge_return_then_accept(seeded, issued, owner, staff):
    discharge = submitted_discharge(seeded, issued, owner)
    discharges.return_discharge(seeded, staff_id=staff.id, discharge_id=discharge.id,
                                errors=["date_format", "lost_counterfoil"], note="第2页日期不清", clock=clock)
    view = discharges.get_owner_discharge(seeded, owner_id=owner.id, carnet_id=issued.id)
    assert view.status == "returned"
    assert len(view.return_errors) == 2
    add_page(seeded, discharge, owner)
    discharges.submit_discharge(seeded, owner_id=owner.id, discharge_id=discharge.id, clock=clock)
    discharges.accept_discharge(seeded, staff_id=staff.id, discharge_id=discharge.id, clock=clock)
    seeded.refresh(issued)
    assert issued.status == "discharged"


def test_discharge_return_needs_errors(seeded, issued, owner, staff):
    discharge = submitted_discharge(seeded, issued, owner)
    with pytest.raises(DomainError) as caught:
        discharges.return_discharge(seeded, staff_id=staff.id, discharge_id=discharge.id, errors=[], note="",
                                    clock=clock)
    assert caught.value.code == "discharge.errors_required"


def test_reminders_once_per_kind(seeded, issued):
    issued.valid_until = date(2026, 12, 30)
    seeded.add(issued)
    seeded.commit()
    assert send_reminders(seeded, today=TODAY, clock=clock) == 1
    assert send_reminders(seeded, today=TODAY, clock=clock) == 0
    kinds = seeded.exec(select(ReminderSent.kind)).all()
    assert kinds == ["expiry_30"]


def test_reminders_expired_and_skips_discharged(seeded, issued, owner, staff):
    issued.valid_until = date(2026, 12, 1)
    seeded.add(issued)
    other = approved_carnet(seeded, owner, staff)
    issue(seeded, other, staff, issue_date="2026-01-01", valid_until="2026-12-31")
    other.status = "discharged"
    seeded.add(other)
    seeded.commit()
    assert send_reminders(seeded, today=TODAY, clock=clock) == 1
    titles = seeded.exec(select(Message.title).where(Message.title.contains("过期"))).all()
    assert len(titles) == 1


def test_remind_command_twice(seeded, issued, monkeypatch):
    """``python -m ata_reflex.cli remind`` run twice sends one reminder and one e-mail."""
    from ata_reflex import cli

    issued.valid_until = carnets.local_today() + timedelta(days=4)
    seeded.add(issued)
    seeded.commit()
    assert cli.main(["remind"]) == 0
    assert cli.main(["remind"]) == 0
    seeded.expire_all()
    assert seeded.exec(select(ReminderSent.kind)).all() == ["expiry_7"]
    reminder_mails = seeded.exec(select(OutgoingMail).where(OutgoingMail.subject.contains("7 天内到期"))).all()
    assert len(reminder_mails) == 1
