"""Unit tests of holder validation and the holder services."""

from __future__ import annotations

from datetime import timezone

import pytest
from sqlmodel import Session

from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.domain.holders import MAX_LENGTHS, HolderForm, holder_outbound_problems, validate_holder
from ata_reflex.models import Holder
from ata_reflex.services.holders import create_holder, get_holder, get_holder_view, list_holders, update_holder


@pytest.fixture
def owner_id(make_user):
    return make_user("owner").id


@pytest.fixture
def other_id(make_user):
    return make_user("other").id


def _form(**overrides: str) -> HolderForm:
    values = {
        "name_zh": "华为技术有限公司",
        "name_en": "Huawei Technologies Co., Ltd.",
        "address_zh": "深圳市龙岗区坂田华为总部办公楼",
        "address_en": "Huawei Industrial Base, Bantian, Longgang, Shenzhen",
        "credit_code": "914403001922038216",
        "contact_name": "张三",
        "contact_phone": "0755-28780808",
        "contact_email": "ata@example.cn",
    }
    values.update(overrides)
    return HolderForm(**values)


def _errors(form: HolderForm) -> dict[str, DomainError]:
    with pytest.raises(ValidationFailed) as caught:
        validate_holder(form)
    return caught.value.errors


# --- validation ---


def test_validate_complete_form_passes():
    assert validate_holder(_form()) == _form()


def test_validate_trims_every_field():
    padded = HolderForm(**{name: f"  {value} " for name, value in vars(_form()).items()})
    assert validate_holder(padded) == _form()


@pytest.mark.parametrize("field", ["name_zh", "address_zh"])
def test_validate_required_field_empty(field):
    assert _errors(_form(**{field: "   "}))[field].code == "error.required"


def test_validate_only_chinese_particulars_required():
    minimal = HolderForm(name_zh="张三", address_zh="北京市朝阳区")
    assert validate_holder(minimal) == minimal


def test_validate_reports_every_failing_field():
    errors = _errors(HolderForm(credit_code="123", contact_phone="123", contact_email="x"))
    assert set(errors) == {"name_zh", "address_zh", "credit_code", "contact_phone", "contact_email"}


def test_validate_error_field_names_match_keys():
    errors = _errors(HolderForm(credit_code="123", contact_phone="123", contact_email="x"))
    assert all(error.field == key for key, error in errors.items())


FREE_TEXT_FIELDS = ["name_zh", "name_en", "address_zh", "address_en", "contact_name"]


@pytest.mark.parametrize("field", FREE_TEXT_FIELDS)
def test_validate_too_long(field):
    error = _errors(_form(**{field: "A" * (MAX_LENGTHS[field] + 1)}))[field]
    assert (error.code, error.params) == ("error.too_long", {"max": MAX_LENGTHS[field]})


@pytest.mark.parametrize("field", FREE_TEXT_FIELDS)
def test_validate_max_length_accepted(field):
    value = "A" * MAX_LENGTHS[field]
    assert getattr(validate_holder(_form(**{field: value})), field) == value


def test_validate_longest_email_accepted():
    email = "a" * 64 + "@" + "b" * 62 + "." + "c" * 62 + "." + "d" * 60 + ".cn"
    assert len(email) == MAX_LENGTHS["contact_email"]
    assert validate_holder(_form(contact_email=email)).contact_email == email


def test_validate_long_email_rejected():
    email = "a@" + "b" * 250 + ".cn"
    assert _errors(_form(contact_email=email))["contact_email"].code == "error.too_long"


def test_validate_credit_code_empty_allowed():
    assert validate_holder(_form(credit_code="  ")).credit_code == ""


def test_validate_credit_code_normalised():
    assert validate_holder(_form(credit_code=" 91440300708461136t")).credit_code == "91440300708461136T"


def test_validate_credit_code_bad_check_digit():
    assert _errors(_form(credit_code="914403001922038217"))["credit_code"].code == "credit_code.bad_check_digit"


def test_validate_credit_code_too_long_gets_length_message():
    assert _errors(_form(credit_code="9144030019220382160"))["credit_code"].code == "credit_code.wrong_length"


def test_validate_phone_invalid():
    assert _errors(_form(contact_phone="12345"))["contact_phone"].code == "error.invalid_phone"


def test_validate_phone_full_width_normalised():
    assert validate_holder(_form(contact_phone="１３８００１３８０００")).contact_phone == "13800138000"


def test_validate_email_invalid():
    assert _errors(_form(contact_email="ata@example"))["contact_email"].code == "error.invalid_email"


@pytest.mark.parametrize("field", ["name_en", "address_en"])
def test_validate_english_field_rejects_chinese(field):
    assert _errors(_form(**{field: "Huawei 华为"}))[field].code == "holder.english_only"


def test_validate_english_field_full_width_comma_normalised():
    assert validate_holder(_form(name_en="Huawei，Ltd")).name_en == "Huawei,Ltd"


def test_validate_english_field_accents_allowed():
    assert validate_holder(_form(name_en="Société Générale Müller")).name_en == "Société Générale Müller"


def test_validate_chinese_name_keeps_full_width_brackets():
    assert validate_holder(_form(name_zh="华为（深圳）公司")).name_zh == "华为（深圳）公司"


def test_max_lengths_match_holder_table():
    columns = Holder.__table__.columns
    assert MAX_LENGTHS == {name: columns[name].type.length for name in MAX_LENGTHS}


def test_form_from_mapping_ignores_other_keys():
    form = HolderForm.from_mapping({"name_zh": "甲", "owner_id": "7", "id": "3", "contact_phone": None})
    assert form == HolderForm(name_zh="甲")


# --- outbound readiness ---


def test_outbound_problems_none_when_english_given():
    assert holder_outbound_problems(_form()) == []


def test_outbound_problems_lists_missing_english():
    assert holder_outbound_problems(_form(name_en="", address_en=" ")) == ["name_en", "address_en"]


def test_outbound_problems_on_table_row():
    assert holder_outbound_problems(Holder(owner_id=1, name_zh="甲", address_zh="乙", address_en="x")) == ["name_en"]


# --- services ---


def test_create_stores_cleaned_values(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form(credit_code="91440300708461136t "))
    assert db.get(Holder, holder.id).credit_code == "91440300708461136T"


def test_create_sets_owner_and_version(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    assert (holder.owner_id, holder.version) == (owner_id, 1)


def test_create_invalid_stores_nothing(db, owner_id):
    with pytest.raises(ValidationFailed):
        create_holder(db, owner_id=owner_id, form=_form(name_zh=""))
    assert list_holders(db, owner_id=owner_id) == []


def test_list_only_own_holders(db, owner_id, other_id):
    create_holder(db, owner_id=owner_id, form=_form(name_zh="甲公司"))
    create_holder(db, owner_id=other_id, form=_form(name_zh="乙公司"))
    assert [view.name_zh for view in list_holders(db, owner_id=owner_id)] == ["甲公司"]


def test_list_most_recent_first(db, owner_id, clock):
    create_holder(db, owner_id=owner_id, form=_form(name_zh="早"), clock=clock)
    clock.advance(hours=1)
    create_holder(db, owner_id=owner_id, form=_form(name_zh="晚"), clock=clock)
    assert [view.name_zh for view in list_holders(db, owner_id=owner_id)] == ["晚", "早"]


def test_list_view_outbound_ready_flag(db, owner_id):
    create_holder(db, owner_id=owner_id, form=_form(name_en=""))
    assert list_holders(db, owner_id=owner_id)[0].is_outbound_ready is False


def test_get_own_holder(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).id == holder.id


def test_get_other_owners_holder_not_found(db, owner_id, other_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    with pytest.raises(DomainError) as caught:
        get_holder(db, owner_id=other_id, holder_id=holder.id)
    assert caught.value.code == "common.not_found"


def test_get_missing_holder_not_found(db, owner_id):
    with pytest.raises(DomainError) as caught:
        get_holder_view(db, owner_id=owner_id, holder_id=999)
    assert caught.value.code == "common.not_found"


def test_get_view_carries_version(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    assert get_holder_view(db, owner_id=owner_id, holder_id=holder.id).version == 1


def test_update_changes_values(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="新名称"), expected_version=1)
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).name_zh == "新名称"


def test_update_bumps_version(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    updated = update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(), expected_version=1)
    assert updated.version == 2


def test_update_sets_updated_at(db, owner_id, clock):
    holder = create_holder(db, owner_id=owner_id, form=_form(), clock=clock)
    clock.advance(days=1)
    update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(), expected_version=1, clock=clock)
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).updated_at.replace(tzinfo=timezone.utc) == clock()


def test_update_stale_version_rejected(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="第一次"), expected_version=1)
    with pytest.raises(DomainError) as caught:
        update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="第二次"), expected_version=1)
    assert caught.value.code == "error.stale_record"


def test_update_stale_version_keeps_first_save(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="第一次"), expected_version=1)
    with pytest.raises(DomainError):
        update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="第二次"), expected_version=1)
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).name_zh == "第一次"


def test_update_stale_across_sessions(engine, db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    db.commit()
    with Session(engine) as first, Session(engine) as second:
        update_holder(first, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="甲"), expected_version=1)
        first.commit()
        with pytest.raises(DomainError) as caught:
            update_holder(second, owner_id=owner_id, holder_id=holder.id, form=_form(name_zh="乙"), expected_version=1)
    assert caught.value.code == "error.stale_record"


def test_update_other_owners_holder_not_found(db, owner_id, other_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    with pytest.raises(DomainError) as caught:
        update_holder(db, owner_id=other_id, holder_id=holder.id, form=_form(name_zh="抢"), expected_version=1)
    assert caught.value.code == "common.not_found"


def test_update_other_owners_holder_unchanged(db, owner_id, other_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    with pytest.raises(DomainError):
        update_holder(db, owner_id=other_id, holder_id=holder.id, form=_form(name_zh="抢"), expected_version=1)
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).name_zh == "华为技术有限公司"


def test_update_invalid_form_keeps_row(db, owner_id):
    holder = create_holder(db, owner_id=owner_id, form=_form())
    with pytest.raises(ValidationFailed):
        update_holder(db, owner_id=owner_id, holder_id=holder.id, form=_form(address_zh=""), expected_version=1)
    assert get_holder(db, owner_id=owner_id, holder_id=holder.id).version == 1
