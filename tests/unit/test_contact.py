"""Unit tests of the shared phone, e-mail and unified social credit code checks."""

from __future__ import annotations

import pytest

from ata_reflex.domain.contact import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    credit_code_problem,
    is_valid_email,
    is_valid_phone,
    normalise_credit_code,
)

# Codes of well-known companies. Each passes the check, which a made-up code does once in 31 tries.
PUBLISHED_CREDIT_CODES = [
    "914403001922038216",  # Huawei Technologies Co., Ltd. (华为技术有限公司)
    "91440300708461136T",  # Shenzhen Tencent Computer Systems Co., Ltd. (深圳市腾讯计算机系统有限公司)
    "91110108551385082Q",  # Beijing Xiaomi Technology Co., Ltd. (北京小米科技有限责任公司)
]
# A sample code with letters in its body and a digit as check character.
SAMPLE_CREDIT_CODE = "91350100M000100Y43"


@pytest.mark.parametrize("code", [*PUBLISHED_CREDIT_CODES, SAMPLE_CREDIT_CODE])
def test_credit_code_published_valid(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("body", ["12100000400000000", "Y1110000MA0000000", "N2440300MA5FXY700"])
def test_credit_code_computed_check_char_valid(body):
    assert credit_code_problem(body + credit_code_check_char(body)) is None


def test_credit_code_check_value_31_becomes_0():
    # Find a body whose weighted sum is a multiple of 31, so that 31 - 0 = 31 maps to "0".
    body = next(
        candidate
        for candidate in (f"9111000010000{n:04d}" for n in range(10000))
        if credit_code_check_char(candidate) == "0"
    )
    assert credit_code_problem(body + "0") is None


@pytest.mark.parametrize("code", [*PUBLISHED_CREDIT_CODES, SAMPLE_CREDIT_CODE])
def test_credit_code_wrong_check_digit(code):
    wrong = next(char for char in CREDIT_CODE_CHARSET if char != code[-1])
    assert credit_code_problem(code[:-1] + wrong) == "credit_code.bad_check_digit"


def test_credit_code_plausible_code_fails_check():
    # The check character of 91110000100000589 computes to A, not B.
    assert credit_code_problem("91110000100000589B") == "credit_code.bad_check_digit"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_forbidden_letter(letter):
    assert credit_code_problem("91440300708461136" + letter) == "credit_code.invalid_char"


def test_credit_code_lower_case_rejected_before_normalising():
    assert credit_code_problem("91440300708461136t") == "credit_code.invalid_char"


@pytest.mark.parametrize("code", ["91440300708461136", "91440300708461136T1", "9"])
def test_credit_code_wrong_length(code):
    assert credit_code_problem(code) == "credit_code.wrong_length"


def test_credit_code_check_char_rejects_short_body():
    with pytest.raises(ValueError):
        credit_code_check_char("9144")


def test_normalise_credit_code_upper_cases():
    assert normalise_credit_code(" 91440300708461136t ") == "91440300708461136T"


def test_normalise_credit_code_full_width():
    assert normalise_credit_code("９１４４０３００７０８４６１１３６Ｔ") == "91440300708461136T"


def test_normalise_credit_code_inner_spaces():
    assert normalise_credit_code("9144 0300 7084 6113 6T") == "91440300708461136T"


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "19912345678",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "8613800138000",
        "１３８００１３８０００",
        "010-12345678",
        "01012345678",
        "(010) 1234-5678",
        "0755-1234567",
        "0755-12345678",
        "0755-12345678-801",
        "0755-1234567转8001",
        "021-12345678 ext 12",
        "+86 10 1234 5678",
        "+852 2345 6789",
        "+1 (415) 555-0100",
        "+49 30 123456",
    ],
)
def test_phone_valid(phone):
    assert is_valid_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "abc",
        "12345678",
        "1380013800",
        "138001380001",
        "12800138000",
        "23800138000",
        "010-123",
        "010-1234567",
        "0755-123456",
        "+86 12345",
        "+86 23800138000",
        "+1234",
        "+0 123 456 789",
        "13800138000a",
    ],
)
def test_phone_invalid(phone):
    assert not is_valid_phone(phone)


@pytest.mark.parametrize(
    "email",
    [
        "a@b.cn",
        "zhang.san@example.com.cn",
        "zhang_san+ata@mail.example.org",
        "a-b@sub-domain.example.co",
        "x@xn--fiqs8s.cn",
    ],
)
def test_email_valid(email):
    assert is_valid_email(email)


@pytest.mark.parametrize(
    "email",
    [
        "",
        "a",
        "a@b",
        "a@@b.cn",
        "@b.cn",
        "a@.cn",
        "a..b@c.cn",
        ".a@c.cn",
        "a.@c.cn",
        "a@-b.cn",
        "a@b-.cn",
        "a b@c.cn",
        "张三@example.cn",
        "a@例子.中国",
        "a@b.c1",
        "a@b.c",
        "a" * 65 + "@b.cn",
        "a@" + "b" * 250 + ".cn",
    ],
)
def test_email_invalid(email):
    assert not is_valid_email(email)
