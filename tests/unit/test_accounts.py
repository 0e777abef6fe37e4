"""Accounts and tokens: registration, activation, login, reset, change, deregistration, staff."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from ata_reflex import cli
from ata_reflex.domain.accounts import safe_next_path
from ata_reflex.domain.errors import DomainError, ValidationFailed
from ata_reflex.models import (
    AccountToken,
    CarnetCountry,
    GoodsItem,
    Holder,
    LoginSession,
    Message,
    OutboundCarnet,
    OutgoingMail,
    User,
)
from ata_reflex.services import account_settings, accounts
from ata_reflex.services.passwords import verify_password
from ata_reflex.services.sessions import resolve_session
from ata_reflex.services.tokens import ACTIVATION, PASSWORD_RESET, check_token, issue_token

CHINESE_PASSWORD = "我的密码是二十五个汉字长的一句话用来测试不会被截断对吧"[:25]
ADDRESS = "203.0.113.7"


def register(db: Session, clock, username: str = "zhangsan", email: str = "zhangsan@example.com",
             password: str = "secret-pass-1") -> User:
    user = accounts.register_account(db, username=username, password=password, email=email, clock=clock)
    db.commit()
    return user


def link_token(mail: OutgoingMail) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", mail.text_body).group(1)


def last_mail(db: Session) -> OutgoingMail:
    return db.exec(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first()


def mail_count(db: Session) -> int:
    return len(db.exec(select(OutgoingMail)).all())


def field_codes(failure: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {field: error.code for field, error in failure.value.errors.items()}


def log_in(db: Session, clock, username: str = "zhangsan", password: str = "secret-pass-1",
           address: str = ADDRESS) -> accounts.SignIn:
    result = accounts.log_in(db, username=username, password=password, client_address=address, clock=clock)
    db.commit()
    return result


def failed_login(db: Session, clock, username: str = "zhangsan", address: str = ADDRESS) -> str:
    with pytest.raises(DomainError) as failure:
        accounts.log_in(db, username=username, password="wrong-password", client_address=address, clock=clock)
    db.rollback()
    return failure.value.code


# --- registration ---


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("", "error.required"),
        ("ab", "account.username_length"),
        ("a" * 33, "account.username_length"),
        ("zhang san", "account.username_chars"),
        ("张三丰", "account.username_chars"),
        ("zhang-san", "account.username_chars"),
    ],
)
def test_register_rejects_username(db, clock, username, code):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username=username, password="secret-pass-1", email="a@example.com", clock=clock)
    assert field_codes(failure) == {"username": code}


@pytest.mark.parametrize(
    ("password", "code"),
    [("", "error.required"), ("short", "account.password_too_short"), ("x" * 257, "error.too_long")],
)
def test_register_rejects_password(db, clock, password, code):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username="zhangsan", password=password, email="a@example.com", clock=clock)
    assert field_codes(failure) == {"password": code}


@pytest.mark.parametrize(("email", "code"), [("", "error.required"), ("zhangsan@", "error.invalid_email")])
def test_register_rejects_email(db, clock, email, code):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username="zhangsan", password="secret-pass-1", email=email, clock=clock)
    assert field_codes(failure) == {"email": code}


def test_register_reports_every_field(db, clock):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username="x", password="1", email="no", clock=clock)
    assert set(field_codes(failure)) == {"username", "password", "email"}


def test_register_creates_inactive_account(db, clock):
    user = register(db, clock, username="ZhangSan", email="ZhangSan@Example.com")
    assert user.is_active is False
    assert user.username == "ZhangSan"
    assert user.username_key == "zhangsan"
    assert user.email_key == "zhangsan@example.com"
    assert user.role == "holder"


def test_register_normalises_full_width_input(db, clock):
    user = register(db, clock, username="ｚｈａｎｇｓａｎ", email="ｚｈａｎｇｓａｎ＠example.com")
    assert user.username == "zhangsan"
    assert user.email == "zhangsan@example.com"


def test_register_taken_username_any_case(db, clock):
    register(db, clock)
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username="ZHANGSAN", password="secret-pass-1", email="other@example.com",
                                  clock=clock)
    assert field_codes(failure) == {"username": "account.username_taken"}


def test_register_taken_email_any_case(db, clock):
    register(db, clock)
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_account(db, username="lisi", password="secret-pass-1", email="ZhangSan@EXAMPLE.com",
                                  clock=clock)
    assert field_codes(failure) == {"email": "account.email_taken"}


def test_register_queues_activation_mail(db, clock):
    register(db, clock)
    mail = last_mail(db)
    assert mail.to_address == "zhangsan@example.com"
    assert mail.subject == "【ATA单证册】请激活您的账号"
    assert "https://ata.test/activate?token=" in mail.text_body
    assert "https://ata.test/activate?token=" in mail.html_body


def test_register_stores_token_hash_only(db, clock):
    register(db, clock)
    token = link_token(last_mail(db))
    stored = db.exec(select(AccountToken)).one()
    assert stored.token_hash != token
    assert len(stored.token_hash) == 64


def test_register_chinese_password_25_chars(db, clock):
    assert len(CHINESE_PASSWORD) == 25
    user = register(db, clock, password=CHINESE_PASSWORD)
    assert verify_password(CHINESE_PASSWORD, user.password_hash)
    assert not verify_password(CHINESE_PASSWORD[:24], user.password_hash)


def test_register_then_login_chinese_password(db, clock):
    register(db, clock, password=CHINESE_PASSWORD)
    accounts.activate_account(db, token=link_token(last_mail(db)), clock=clock)
    db.commit()
    assert log_in(db, clock, password=CHINESE_PASSWORD).user.username == "zhangsan"


# --- activation ---


def test_activate_valid_token(db, clock):
    register(db, clock)
    clock.advance(hours=23, minutes=59)
    user = accounts.activate_account(db, token=link_token(last_mail(db)), clock=clock)
    assert user.is_active is True
    assert user.activated_at == clock()


def test_activate_used_token(db, clock):
    register(db, clock)
    token = link_token(last_mail(db))
    accounts.activate_account(db, token=token, clock=clock)
    db.commit()
    with pytest.raises(DomainError) as failure:
        accounts.activate_account(db, token=token, clock=clock)
    assert failure.value.code == "account.token_used"


def test_activate_expired_at_24_hours(db, clock):
    register(db, clock)
    clock.advance(hours=24)
    with pytest.raises(DomainError) as failure:
        accounts.activate_account(db, token=link_token(last_mail(db)), clock=clock)
    assert failure.value.code == "account.token_expired"


def test_activate_unknown_token(db, clock):
    with pytest.raises(DomainError) as failure:
        accounts.activate_account(db, token="not-a-token", clock=clock)
    assert failure.value.code == "account.token_invalid"


def test_activate_rejects_reset_token(db, clock, make_user):
    user = make_user(active=False)
    token = issue_token(db, user=user, purpose=PASSWORD_RESET, clock=clock)
    with pytest.raises(DomainError) as failure:
        accounts.activate_account(db, token=token, clock=clock)
    assert failure.value.code == "account.token_invalid"


def test_resend_activation_retires_old_link(db, clock):
    register(db, clock)
    old_token = link_token(last_mail(db))
    clock.advance(minutes=2)
    accounts.resend_activation(db, login="ZhangSan@example.com", clock=clock)
    db.commit()
    new_token = link_token(last_mail(db))
    with pytest.raises(DomainError) as failure:
        accounts.activate_account(db, token=old_token, clock=clock)
    assert failure.value.code == "account.token_expired"
    assert accounts.activate_account(db, token=new_token, clock=clock).is_active


def test_resend_activation_by_username(db, clock):
    register(db, clock)
    clock.advance(minutes=2)
    accounts.resend_activation(db, login="ZHANGSAN", clock=clock)
    assert mail_count(db) == 2


def test_resend_activation_cooldown(db, clock):
    register(db, clock)
    clock.advance(seconds=30)
    accounts.resend_activation(db, login="zhangsan", clock=clock)
    assert mail_count(db) == 1


def test_resend_activation_unknown_is_silent(db, clock):
    accounts.resend_activation(db, login="nobody@example.com", clock=clock)
    assert mail_count(db) == 0


def test_resend_activation_active_is_silent(db, clock, make_user):
    make_user()
    accounts.resend_activation(db, login="zhangsan", clock=clock)
    assert mail_count(db) == 0


# --- login ---


def test_login_starts_session(db, clock, make_user):
    make_user(password="secret-pass-1")
    result = log_in(db, clock, username=" ZhangSan ")
    assert result.user.username == "zhangsan"
    assert resolve_session(db, token=result.session_token, clock=clock).user_id == result.user.user_id


def test_login_before_activation(db, clock):
    register(db, clock)
    with pytest.raises(DomainError) as failure:
        accounts.log_in(db, username="zhangsan", password="secret-pass-1", client_address=ADDRESS, clock=clock)
    assert failure.value.code == "account.not_activated"


def test_login_inactive_wrong_password(db, clock):
    register(db, clock)
    assert failed_login(db, clock) == "account.login_failed"


def test_login_unknown_user_same_error(db, clock, make_user):
    make_user()
    assert failed_login(db, clock, username="nobody") == failed_login(db, clock, username="zhangsan")


def test_login_empty_fields(db, clock):
    with pytest.raises(ValidationFailed) as failure:
        accounts.log_in(db, username=" ", password="", client_address=ADDRESS, clock=clock)
    assert field_codes(failure) == {"username": "error.required", "password": "error.required"}


def test_login_locks_account(db, clock, make_user):
    make_user(password="secret-pass-1")
    for number in range(5):
        failed_login(db, clock, address=f"198.51.100.{number}")
    with pytest.raises(DomainError) as failure:
        accounts.log_in(db, username="zhangsan", password="secret-pass-1", client_address="192.0.2.1", clock=clock)
    assert failure.value.code == "account.login_locked"
    assert failure.value.params == {"minutes": 15}


def test_login_lock_ends_after_window(db, clock, make_user):
    make_user(password="secret-pass-1")
    for _ in range(5):
        failed_login(db, clock)
    clock.advance(minutes=15)
    assert log_in(db, clock).user.username == "zhangsan"


def test_login_locks_address(db, clock, make_user):
    make_user("lisi", password="secret-pass-1")
    for number in range(20):
        failed_login(db, clock, username=f"guess{number}")
    with pytest.raises(DomainError) as failure:
        accounts.log_in(db, username="lisi", password="secret-pass-1", client_address=ADDRESS, clock=clock)
    assert failure.value.code == "account.login_locked"
    assert log_in(db, clock, username="lisi", address="192.0.2.99").user.username == "lisi"


def test_login_success_clears_failures(db, clock, make_user):
    make_user(password="secret-pass-1")
    for _ in range(4):
        failed_login(db, clock)
    log_in(db, clock)
    for _ in range(4):
        failed_login(db, clock)
    assert log_in(db, clock).user.username == "zhangsan"


def test_login_deleted_account_refused(db, clock, make_user):
    user = make_user(password="secret-pass-1")
    account_settings.deregister_account(db, user_id=user.id, password="secret-pass-1", client_address=ADDRESS,
                                        clock=clock)
    db.commit()
    assert failed_login(db, clock, username=f"deleted-{user.id}") == "account.login_failed"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/about", "/about"),
        ("/outbound/12?step=2", "/outbound/12?step=2"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/about\r\nSet-Cookie: x=1", "/"),
        ("about", "/"),
    ],
)
def test_safe_next_path(candidate, expected):
    assert safe_next_path(candidate) == expected


# --- forgotten password ---


def test_reset_request_unknown_email_silent(db, clock, make_user):
    make_user()
    accounts.request_password_reset(db, email="nobody@example.com", clock=clock)
    assert mail_count(db) == 0


def test_reset_request_known_email_sends_link(db, clock, make_user):
    make_user()
    accounts.request_password_reset(db, email="ZhangSan@example.com", clock=clock)
    mail = last_mail(db)
    assert mail.subject == "【ATA单证册】重置密码"
    assert "https://ata.test/reset-password?token=" in mail.text_body


def test_reset_request_invalid_email(db, clock):
    with pytest.raises(ValidationFailed) as failure:
        accounts.request_password_reset(db, email="not an address", clock=clock)
    assert field_codes(failure) == {"email": "error.invalid_email"}


def request_reset_token(db: Session, clock) -> str:
    accounts.request_password_reset(db, email="zhangsan@example.com", clock=clock)
    db.commit()
    return link_token(last_mail(db))


def reset(db: Session, clock, token: str, password: str = "new-pass-123") -> User:
    user = accounts.reset_password(db, token=token, new_password=password, confirm_password=password, clock=clock)
    db.commit()
    return user


def test_reset_sets_new_password(db, clock, make_user):
    make_user(password="old-pass-123")
    user = reset(db, clock, request_reset_token(db, clock))
    assert verify_password("new-pass-123", user.password_hash)


def test_reset_lifts_account_lock(db, clock, make_user):
    make_user(password="old-pass-123")
    for number in range(5):
        failed_login(db, clock, address=f"198.51.100.{number}")
    reset(db, clock, request_reset_token(db, clock))
    signed_in = accounts.log_in(db, username="zhangsan", password="new-pass-123", client_address="192.0.2.1",
                                clock=clock)
    assert signed_in.session_token


def test_reset_expires_after_one_hour(db, clock, make_user):
    make_user()
    token = request_reset_token(db, clock)
    clock.advance(hours=1)
    with pytest.raises(DomainError) as failure:
        reset(db, clock, token)
    assert failure.value.code == "account.token_expired"


def test_reset_valid_before_one_hour(db, clock, make_user):
    make_user()
    token = request_reset_token(db, clock)
    clock.advance(minutes=59)
    assert reset(db, clock, token).username == "zhangsan"


def test_reset_single_use(db, clock, make_user):
    make_user()
    token = request_reset_token(db, clock)
    reset(db, clock, token)
    with pytest.raises(DomainError) as failure:
        reset(db, clock, token, password="another-pass-1")
    assert failure.value.code == "account.token_used"


def test_reset_dies_on_password_change(db, clock, make_user):
    user = make_user(password="old-pass-123")
    clock.advance(minutes=1)
    token = request_reset_token(db, clock)
    clock.advance(minutes=1)
    account_settings.change_password(db, user_id=user.id, old_password="old-pass-123", new_password="changed-pass-1",
                             confirm_password="changed-pass-1", keep_session_token="", client_address=ADDRESS,
                             clock=clock)
    db.commit()
    with pytest.raises(DomainError) as failure:
        accounts.check_reset_token(db, token=token, clock=clock)
    assert failure.value.code == "account.token_expired"


def test_reset_mismatch_keeps_token(db, clock, make_user):
    make_user()
    token = request_reset_token(db, clock)
    with pytest.raises(ValidationFailed) as failure:
        accounts.reset_password(db, token=token, new_password="new-pass-123", confirm_password="new-pass-124",
                                clock=clock)
    assert field_codes(failure) == {"confirm_password": "account.password_mismatch"}
    accounts.check_reset_token(db, token=token, clock=clock)


def test_reset_ends_all_sessions(db, clock, make_user):
    make_user(password="old-pass-123")
    session_token = log_in(db, clock, password="old-pass-123").session_token
    reset(db, clock, request_reset_token(db, clock))
    assert resolve_session(db, token=session_token, clock=clock) is None


def test_reset_activates_inactive_account(db, clock, make_user):
    make_user(active=False)
    assert reset(db, clock, request_reset_token(db, clock)).is_active is True


# --- tokens ---


def test_token_new_one_retires_older(db, clock, make_user):
    user = make_user()
    first = issue_token(db, user=user, purpose=PASSWORD_RESET, clock=clock)
    second = issue_token(db, user=user, purpose=PASSWORD_RESET, clock=clock)
    with pytest.raises(DomainError) as failure:
        check_token(db, token=first, purpose=PASSWORD_RESET, clock=clock)
    assert failure.value.code == "account.token_expired"
    assert check_token(db, token=second, purpose=PASSWORD_RESET, clock=clock)[1].id == user.id


def test_token_other_purpose_untouched(db, clock, make_user):
    user = make_user(active=False)
    activation = issue_token(db, user=user, purpose=ACTIVATION, clock=clock)
    issue_token(db, user=user, purpose=PASSWORD_RESET, clock=clock)
    assert check_token(db, token=activation, purpose=ACTIVATION, clock=clock)[1].id == user.id


def test_token_unknown_purpose(db, clock, make_user):
    with pytest.raises(ValueError):
        issue_token(db, user=make_user(), purpose="login", clock=clock)


# --- change password ---


def change(db: Session, clock, user: User, keep: str, old: str = "old-pass-123", new: str = "new-pass-123",
           confirm: str | None = None) -> None:
    account_settings.change_password(db, user_id=user.id, old_password=old, new_password=new,
                             confirm_password=new if confirm is None else confirm, keep_session_token=keep,
                             client_address=ADDRESS, clock=clock)
    db.commit()


def test_change_password_ends_other_sessions(db, clock, make_user):
    user = make_user(password="old-pass-123")
    this_browser = log_in(db, clock, password="old-pass-123").session_token
    other_browser = log_in(db, clock, password="old-pass-123").session_token
    change(db, clock, user, keep=this_browser)
    assert resolve_session(db, token=this_browser, clock=clock) is not None
    assert resolve_session(db, token=other_browser, clock=clock) is None


def test_change_password_new_one_works(db, clock, make_user):
    user = make_user(password="old-pass-123")
    change(db, clock, user, keep="")
    assert log_in(db, clock, password="new-pass-123").user.user_id == user.id


def test_change_password_wrong_old(db, clock, make_user):
    user = make_user(password="old-pass-123")
    with pytest.raises(DomainError) as failure:
        change(db, clock, user, keep="", old="not-the-old-one")
    assert failure.value.code == "account.old_password_wrong"
    assert failure.value.field == "old_password"


def test_change_password_wrong_old_counts_as_failure(db, clock, make_user):
    user = make_user(password="old-pass-123")
    for _ in range(5):
        with pytest.raises(DomainError):
            change(db, clock, user, keep="", old="not-the-old-one")
        db.rollback()
    with pytest.raises(DomainError) as failure:
        change(db, clock, user, keep="")
    assert failure.value.code == "account.login_locked"


def test_change_password_validates_new(db, clock, make_user):
    user = make_user(password="old-pass-123")
    with pytest.raises(ValidationFailed) as failure:
        change(db, clock, user, keep="", old="", new="short", confirm="")
    assert field_codes(failure) == {
        "new_password": "account.password_too_short",
        "confirm_password": "error.required",
        "old_password": "error.required",
    }


# --- deregistration ---


def make_carnet(db: Session, owner: User, holder: Holder, status: str) -> OutboundCarnet:
    carnet = OutboundCarnet(owner_id=owner.id, holder_id=holder.id, status=status, holder_name_zh=holder.name_zh)
    db.add(carnet)
    db.flush()
    db.add(CarnetCountry(carnet_id=carnet.id, role="import", position=1, country_code="DE"))
    db.add(GoodsItem(carnet_id=carnet.id, item_number=1, description_zh="相机", description_en="Camera Sony A7 IV",
                     quantity=1, unit="PCE", weight_kg="1.200", value_cny="15000.00", origin_country="JP"))
    db.commit()
    return carnet


@pytest.fixture
def deregistered(db, clock, make_user):
    """An account with holders, carnets in every state, messages and sessions, then deregistered."""
    user = make_user(password="old-pass-123")
    other = make_user("lisi")
    holder = Holder(owner_id=user.id, name_zh="北京某某展览有限公司", address_zh="北京市朝阳区")
    other_holder = Holder(owner_id=other.id, name_zh="上海某某公司", address_zh="上海市")
    db.add_all([holder, other_holder])
    db.commit()
    carnets = {status: make_carnet(db, user, holder, status)
               for status in ("draft", "submitted", "approved", "returned", "withdrawn")}
    other_draft = make_carnet(db, other, other_holder, "draft")
    db.add(Message(user_id=user.id, title="已通过", body="您的单证册已通过"))
    db.commit()
    session_token = log_in(db, clock, password="old-pass-123").session_token
    account_settings.deregister_account(db, user_id=user.id, password="old-pass-123", client_address=ADDRESS,
                                        clock=clock)
    db.commit()
    db.expire_all()
    return {"user": user, "carnets": carnets, "other_draft": other_draft, "session_token": session_token}


def test_deregister_anonymises_account(db, deregistered):
    user = db.get(User, deregistered["user"].id)
    assert user.username == f"deleted-{user.id}"
    assert user.email == f"deleted-{user.id}"
    assert user.deleted_at is not None
    assert user.is_active is False
    assert not verify_password("old-pass-123", user.password_hash)


def test_deregister_ends_sessions(db, clock, deregistered):
    assert resolve_session(db, token=deregistered["session_token"], clock=clock) is None
    assert db.exec(select(LoginSession).where(LoginSession.user_id == deregistered["user"].id)).all() == []


def test_deregister_deletes_holders_and_messages(db, deregistered):
    user_id = deregistered["user"].id
    assert db.exec(select(Holder).where(Holder.owner_id == user_id)).all() == []
    assert db.exec(select(Message).where(Message.user_id == user_id)).all() == []


def test_deregister_keeps_submitted_carnets(db, deregistered):
    kept = db.exec(select(OutboundCarnet).where(OutboundCarnet.owner_id == deregistered["user"].id)).all()
    assert sorted(carnet.status for carnet in kept) == ["approved", "returned", "submitted"]
    assert all(carnet.holder_id is None for carnet in kept)
    assert all(carnet.holder_name_zh == "北京某某展览有限公司" for carnet in kept)


def test_deregister_deletes_draft_goods(db, deregistered):
    for status in ("draft", "withdrawn"):
        carnet_id = deregistered["carnets"][status].id
        assert db.get(OutboundCarnet, carnet_id) is None
        assert db.exec(select(GoodsItem).where(GoodsItem.carnet_id == carnet_id)).all() == []
        assert db.exec(select(CarnetCountry).where(CarnetCountry.carnet_id == carnet_id)).all() == []


def test_deregister_keeps_submitted_goods(db, deregistered):
    carnet_id = deregistered["carnets"]["submitted"].id
    assert len(db.exec(select(GoodsItem).where(GoodsItem.carnet_id == carnet_id)).all()) == 1


def test_deregister_leaves_other_users(db, deregistered):
    assert db.get(OutboundCarnet, deregistered["other_draft"].id) is not None
    assert db.exec(select(User).where(User.username == "lisi")).one().is_active


def test_deregister_frees_username_and_email(db, clock, deregistered):
    assert register(db, clock).username == "zhangsan"


def test_deregister_wrong_password(db, clock, make_user):
    user = make_user(password="old-pass-123")
    with pytest.raises(DomainError) as failure:
        account_settings.deregister_account(db, user_id=user.id, password="wrong-pass-1", client_address=ADDRESS,
                                            clock=clock)
    db.rollback()
    assert failure.value.code == "account.password_wrong"
    assert db.get(User, user.id).deleted_at is None


# --- staff account ---


STAFF_ENV = {"ATA_STAFF_USERNAME": "chamber", "ATA_STAFF_PASSWORD": "staff-pass-123",
             "ATA_STAFF_EMAIL": "staff@chamber.example"}


def staff_user(db: Session) -> User:
    db.expire_all()
    return db.exec(select(User).where(User.username_key == "chamber")).one()


def test_ensure_staff_creates_account(db, engine):
    assert cli.main(["ensure-staff"], environ=STAFF_ENV) == 0
    user = staff_user(db)
    assert user.role == "staff"
    assert user.is_active is True
    assert verify_password("staff-pass-123", user.password_hash)


def test_ensure_staff_resets_password(db, engine):
    cli.main(["ensure-staff"], environ=STAFF_ENV)
    changed = {**STAFF_ENV, "ATA_STAFF_PASSWORD": "other-pass-456", "ATA_STAFF_EMAIL": "desk@chamber.example"}
    assert cli.main(["ensure-staff"], environ=changed) == 0
    user = staff_user(db)
    assert verify_password("other-pass-456", user.password_hash)
    assert user.email == "desk@chamber.example"
    assert len(db.exec(select(User)).all()) == 1


def test_ensure_staff_without_variables(db, engine):
    assert cli.main(["ensure-staff"], environ={}) == 0
    assert db.exec(select(User)).all() == []


def test_ensure_staff_partial_variables(db, engine):
    assert cli.main(["ensure-staff"], environ={"ATA_STAFF_USERNAME": "chamber"}) == 2


def test_ensure_staff_invalid_password(db, engine):
    assert cli.main(["ensure-staff"], environ={**STAFF_ENV, "ATA_STAFF_PASSWORD": "short"}) == 2
