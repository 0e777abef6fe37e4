"""A broker registers a foreign carnet at phone size: four real JPEG scans, a rejected non-image,
every section, goods in two currencies, submit; staff register it; the message arrives; and the
scans stay hidden from a second user and from visitors."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME, latest_mail, screenshot
from tests.e2e.flows import LONG_CHINESE_PASSWORD, choose, log_in, register_and_activate, type_and_leave
from tests.images import jpeg_bytes

INBOUND_URL = re.compile(r"/inbound/\d+$")
REQUIRED_SCANS = ("green_cover", "yellow_counterfoil", "entry_counterfoil", "entry_voucher")
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(page, kind: str, name: str, data: bytes, mime: str = "image/jpeg") -> None:
    """Pick a file for one scan's upload zone, as the phone's camera or gallery would."""
    page.locator(f".scan-upload-{kind} input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def fill_sections(page, valid_until: str) -> None:
    """Fill 单证册基本信息, 舱单信息 and 报关代理及发票信息 with a special VAT invoice sent by mail."""
    type_and_leave(page, "#inbound-holder_address", "Messegelände, 30521 Hannover, Germany")
    type_and_leave(page, "#inbound-carnet_number", "de/1234567")
    type_and_leave(page, "#inbound-authorized_representative", "Any authorised representative")
    type_and_leave(page, "#inbound-guaranteeing_association", "DIHK")
    choose(page, "inbound-intended_use", "展览会、交易会、会议及类似活动")
    type_and_leave(page, "#inbound-intended_use_detail", "参加2026年中国国际工业博览会")
    page.locator("#inbound-registration_office").click()
    page.get_by_role("option").first.click()
    type_and_leave(page, "#inbound-valid_until", valid_until)
    expect(page.locator("#inbound-manifest-note")).to_be_visible()
    type_and_leave(page, "#inbound-entry_voucher_number", "784-12345675")
    type_and_leave(page, "#inbound-entry_port", "浦东")
    choose(page, "inbound-carry_mode", "非随身携带（货运）")
    choose(page, "inbound-transport_mode", "航空运输")
    type_and_leave(page, "#inbound-package_count", "3")
    type_and_leave(page, "#inbound-gross_weight_kg", "45.5")
    type_and_leave(page, "#inbound-agent_name", "上海通关报关有限公司")
    type_and_leave(page, "#inbound-agent_contact", "王明")
    type_and_leave(page, "#inbound-agent_phone", "13800138000")
    type_and_leave(page, "#inbound-agent_email", "agent@example.com")
    choose(page, "inbound-invoice_required", "是")
    expect(page.locator("#inbound-invoice-fields")).to_be_visible()
    choose(page, "inbound-invoice_type", "增值税专用发票")
    type_and_leave(page, "#inbound-invoice_title", "上海通关报关有限公司")
    type_and_leave(page, "#inbound-taxpayer_id", "91350100M000100Y43")
    type_and_leave(page, "#inbound-invoice_address", "上海市浦东新区世纪大道100号")
    type_and_leave(page, "#inbound-invoice_phone", "021-12345678")
    type_and_leave(page, "#inbound-bank_name", "中国银行上海浦东支行")
    type_and_leave(page, "#inbound-bank_account", "6222020200112233445")
    choose(page, "inbound-invoice_delivery", "邮寄")
    type_and_leave(page, "#inbound-recipient_name", "李华")
    type_and_leave(page, "#inbound-recipient_phone", "13900139000")
    type_and_leave(page, "#inbound-mailing_address", "上海市浦东新区世纪大道100号")
    choose(page, "inbound-payment_method", "银行转账")
    expect(page.locator("#inbound-saved-note")).not_to_be_empty()


def fill_goods_row(page, index: int, *, item: str, name_zh: str, name_en: str, currency: str, value: str) -> None:
    page.wait_for_selector(f"#inbound-goods-{index}-item_number")
    type_and_leave(page, f"#inbound-goods-{index}-item_number", item)
    type_and_leave(page, f"#inbound-goods-{index}-description_zh", name_zh)
    type_and_leave(page, f"#inbound-goods-{index}-description_en", name_en)
    type_and_leave(page, f"#inbound-goods-{index}-quantity", "2")
    type_and_leave(page, f"#inbound-goods-{index}-unit", "台")
    type_and_leave(page, f"#inbound-goods-{index}-weight_kg", "12.5")
    choose(page, f"inbound-goods-{index}-currency", currency)
    type_and_leave(page, f"#inbound-goods-{index}-total_value", value)
    type_and_leave(page, f"#inbound-goods-{index}-origin_country", "DE")


def test_inbound_registration_end_to_end(app_server, phone, browser):
    """Covers scans, the rejected non-image, every section, two currencies, submit, registration, message and 404s."""
    server = app_server
    username = f"broker_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    page = phone.new_page()
    register_and_activate(page, server, username, email)
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    expect(page.locator("#home-inbound")).to_be_visible()
    page.click("#home-inbound")
    page.click("#inbound-create")
    page.wait_for_selector("#inbound-basic-form")

    type_and_leave(page, "#inbound-holder_name", "Messe Hannover GmbH")
    for number, kind in enumerate(REQUIRED_SCANS):
        upload(page, kind, f"{kind}.jpg", jpeg_bytes(colour=(30 + number * 40, 120, 200)))
        expect(page.locator(f"#scan-block-{kind} .scan-card")).to_have_count(1)
    upload(page, "supplementary", "情况说明.pdf", PDF_BYTES, mime="application/pdf")
    expect(page.locator("#error-upload-supplementary")).to_contain_text("情况说明.pdf")
    upload(page, "supplementary", "更正函.jpg", PDF_BYTES)
    expect(page.locator("#error-upload-supplementary")).to_contain_text("更正函.jpg")
    expect(page.locator("#error-upload-supplementary")).to_contain_text("不是图片")
    expect(page.locator("#scan-block-supplementary .scan-card")).to_have_count(0)
    expect(page.locator("#inbound-holder_name")).to_have_value("Messe Hannover GmbH")
    screenshot(page, "inbound-scans")

    fill_sections(page, (date.today() + timedelta(days=180)).isoformat())
    screenshot(page, "inbound-basic")
    page.click("#inbound-next")
    page.wait_for_selector("#inbound-goods-form")
    fill_goods_row(page, 0, item="1-10", name_zh="展示用工业机器人", name_en="Industrial robot KUKA KR 6 SN 4711",
                   currency="USD 美元", value="1000")
    page.click("#inbound-goods-add")
    fill_goods_row(page, 1, item="11", name_zh="控制柜", name_en="Robot controller KRC4 SN 0815",
                   currency="EUR 欧元", value="500")
    expect(page.locator(".inbound-total")).to_have_count(2)
    expect(page.locator(".inbound-total").first).to_have_text("USD 1,000.00")
    expect(page.locator(".inbound-total").last).to_have_text("EUR 500.00")
    screenshot(page, "inbound-goods")

    page.click("#inbound-submit")
    page.wait_for_url(INBOUND_URL, wait_until="commit")
    expect(page.locator("#carnet-status")).to_have_text("已提交待登记")
    expect(page.locator("#inbound-scans .scan-card")).to_have_count(4)
    screenshot(page, "inbound-submitted")
    scan_urls = [link.get_attribute("href") for link in page.locator("#inbound-scans .scan-thumbnail").all()]
    assert len(scan_urls) == 4
    own = page.request.get(scan_urls[0])
    assert own.status == 200
    assert own.headers["content-type"] == "image/jpeg"

    staff = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True)
    staff.set_default_timeout(20_000)
    clerk = staff.new_page()
    log_in(clerk, server.url, STAFF_USERNAME, STAFF_PASSWORD)
    clerk.goto(f"{server.url}/admin")
    expect(clerk.locator(".queue-card")).to_have_count(1)
    expect(clerk.locator(".queue-kind")).to_have_text("进境")
    clerk.locator(".queue-card").first.click()
    expect(clerk.locator("#inbound-scans .scan-card")).to_have_count(4)
    full_size = clerk.request.get(clerk.locator("#inbound-scans .scan-thumbnail").first.get_attribute("href"))
    assert full_size.status == 200
    screenshot(clerk, "admin-inbound-review")
    clerk.click("#review-approve")
    expect(clerk.locator("#carnet-status")).to_have_text("已登记")
    staff.close()

    page.goto(f"{server.url}/messages")
    expect(page.locator(".message-card").first).to_be_visible()
    page.locator(".message-card").first.click()
    expect(page.locator("#message-body")).to_contain_text("已由商会登记")
    assert "DE/1234567" in latest_mail(server, "已登记", email)

    other_context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    other = other_context.new_page()
    other_name = f"other_{secrets.token_hex(3)}"
    register_and_activate(other, server, other_name, f"{other_name}@example.com")
    log_in(other, server.url, other_name, LONG_CHINESE_PASSWORD)
    for url in scan_urls:
        assert other.request.get(url).status == 404
    other_context.close()
    visitor = browser.new_context()
    assert visitor.request.get(scan_urls[0]).status == 404
    visitor.close()


def test_draft_deleted_from_list(app_server, phone):
    """A draft is deleted (删除) from the module's list after confirming."""
    server = app_server
    username = f"broker_{secrets.token_hex(3)}"
    page = phone.new_page()
    register_and_activate(page, server, username, f"{username}@example.com")
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    page.goto(f"{server.url}/inbound")
    page.click("#inbound-create")
    page.wait_for_selector("#inbound-basic-form")
    type_and_leave(page, "#inbound-carnet_number", "FR/998877")
    expect(page.locator("#inbound-saved-note")).not_to_be_empty()
    page.goto(f"{server.url}/inbound")
    expect(page.locator(".inbound-card")).to_have_count(1)
    page.locator(".inbound-card button[id^=inbound-delete-]").first.click()
    page.locator("button[id^=inbound-delete-confirm-]").click()
    expect(page.locator("#inbound-empty")).to_be_visible()
