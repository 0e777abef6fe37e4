"""The holder's main job at phone size: register, activate, log in, create a holder, apply for an
outbound carnet with the five-row fixture general list, and read the chamber's decisions."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME, latest_mail, screenshot
from tests.e2e.flows import (
    LONG_CHINESE_PASSWORD,
    create_holder,
    fill_basic_information,
    fill_goods,
    fixture_rows,
    log_in,
    register_and_activate,
    type_and_leave,
)

HOLDER_NAME = "上海展览器材有限公司"
CREDIT_CODE = "91350100M000100Y43"
CARNET_URL = re.compile(r"/outbound/\d+$")


def test_outbound_application_end_to_end(app_server, phone, browser):
    """Covers submit, staff return with a reason, edit, resubmit, approve and the messages."""
    server = app_server
    username = f"exporter_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    page = phone.new_page()

    register_and_activate(page, server, username, email)
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    screenshot(page, "home")
    create_holder(
        page, server.url, name_zh=HOLDER_NAME, name_en="Shanghai Exhibition Equipment Co., Ltd.",
        address_zh="上海市浦东新区世纪大道100号", address_en="100 Century Avenue, Pudong, Shanghai",
        credit_code=CREDIT_CODE, phone="13800138000",
    )
    screenshot(page, "holders")

    page.goto(f"{server.url}/outbound")
    page.click("#outbound-create")
    page.wait_for_selector("#outbound-basic-form")
    declaration_date = (date.today() + timedelta(days=14)).isoformat()
    fill_basic_information(page, holder_label=HOLDER_NAME, declaration_date=declaration_date)
    screenshot(page, "outbound-basic")

    page.reload()
    expect(page.locator("#outbound-itinerary")).to_have_value("中国-德国-法国-中国")
    expect(page.locator("#outbound-import_countries-1")).to_have_value("法国 (FR)")
    expect(page.locator("#outbound-holder_id")).to_have_value(f"{HOLDER_NAME} ({CREDIT_CODE})")

    page.click("#outbound-next")
    page.wait_for_selector("#outbound-goods-form")
    rows = fixture_rows()
    fill_goods(page, rows)
    expect(page.locator("#goods-total-pieces")).to_have_text("15")
    expect(page.locator("#goods-total-weight")).to_have_text("18")
    expect(page.locator("#goods-total-value")).to_have_text("32,899.00")
    page.click("#outbound-save")
    screenshot(page, "outbound-goods")

    page.reload()
    expect(page.locator("#goods-4-description_en")).to_have_value(rows[4]["description_en"])
    page.go_back()
    page.wait_for_selector("#outbound-basic-form")
    expect(page.locator("#outbound-intended_use_detail")).to_have_value("参加2027年汉诺威工业博览会")
    page.go_forward()
    page.wait_for_selector("#outbound-goods-form")

    page.click("#outbound-submit")
    page.wait_for_url(CARNET_URL, wait_until="commit")
    expect(page.locator("#carnet-status")).to_have_text("已提交待审核")
    carnet_url = page.url
    screenshot(page, "outbound-submitted")

    staff = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True)
    staff.set_default_timeout(20_000)
    clerk = staff.new_page()
    log_in(clerk, server.url, STAFF_USERNAME, STAFF_PASSWORD)
    clerk.goto(f"{server.url}/admin")
    clerk.locator(".queue-card").first.click()
    expect(clerk.locator("#carnet-totals")).to_contain_text("32,899.00")
    screenshot(clerk, "admin-review")
    clerk.click("#review-return")
    clerk.click("#review-return-confirm")
    expect(clerk.locator("#error-review-reason")).to_be_visible()
    clerk.fill("#review-reason", "请在三脚架的英文描述中补充完整型号。")
    clerk.click("#review-return-confirm")
    expect(clerk.locator("#carnet-status")).to_have_text("已退回")

    page.goto(carnet_url)
    expect(page.locator("#carnet-return-reason")).to_contain_text("补充完整型号")
    page.click("#outbound-edit")
    page.wait_for_selector("#outbound-basic-form")
    page.click("#outbound-next")
    page.wait_for_selector("#goods-2-description_en")
    type_and_leave(page, "#goods-2-description_en", "Tripod Manfrotto MT055XPRO3 NSN")
    page.click("#outbound-submit")
    page.wait_for_url(CARNET_URL, wait_until="commit")
    expect(page.locator("#carnet-status")).to_have_text("已提交待审核")

    clerk.goto(carnet_url.replace("/outbound/", "/admin/outbound/"))
    clerk.click("#review-approve")
    expect(clerk.locator("#carnet-status")).to_have_text("已通过")
    staff.close()

    page.goto(f"{server.url}/")
    expect(page.locator("#home-unread-count")).to_have_text("4")
    page.goto(f"{server.url}/messages")
    expect(page.locator(".message-card")).to_have_count(4)
    screenshot(page, "messages")
    page.locator(".message-card").first.click()
    expect(page.locator("#message-body")).to_contain_text("已通过")
    page.click("#message-close")
    page.click("#messages-tab-read")
    expect(page.locator(".message-card")).to_have_count(1)
    assert "已通过" in latest_mail(server, "已通过审核", email)


def test_admin_refused_to_holders_and_visitors(app_server, phone):
    """The review pages send a visitor to login and a holder home, and show neither any data."""
    server = app_server
    page = phone.new_page()
    page.goto(f"{server.url}/admin")
    page.wait_for_url(re.compile(r"/login"), wait_until="commit")
    expect(page.locator("#login-username")).to_be_visible()


def test_typed_text_survives_reload_before_blur(app_server, phone):
    """Text the server never received (no blur, as when the connection drops) comes back after a reload."""
    server = app_server
    username = f"broker_{secrets.token_hex(3)}"
    page = phone.new_page()
    register_and_activate(page, server, username, f"{username}@example.com")
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    page.goto(f"{server.url}/outbound")
    page.click("#outbound-create")
    page.wait_for_selector("#outbound-basic-form")

    page.locator("#outbound-itinerary").fill("中国-日本-中国")
    page.locator("#outbound-intended_use_detail").fill("东京国际展览会，未离开输入框")
    page.reload()
    expect(page.locator("#outbound-itinerary")).to_have_value("中国-日本-中国")
    expect(page.locator("#outbound-intended_use_detail")).to_have_value("东京国际展览会，未离开输入框")

    # The restored text was sent on: a second reload shows it from the server, with no local copy left.
    page.wait_for_timeout(1500)
    page.reload()
    expect(page.locator("#outbound-itinerary")).to_have_value("中国-日本-中国")
    page.wait_for_timeout(1000)
    copies = page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('ata-draft:'))")
    assert copies == []


def test_deleted_middle_row_stays_deleted(app_server, phone):
    """After deleting a middle goods row, a reload shows the remaining rows in order."""
    server = app_server
    username = f"agent_{secrets.token_hex(3)}"
    page = phone.new_page()
    register_and_activate(page, server, username, f"{username}@example.com")
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    page.goto(f"{server.url}/outbound")
    page.click("#outbound-create")
    page.wait_for_selector("#outbound-basic-form")
    page.click("#outbound-next")
    page.wait_for_selector("#outbound-goods-form")
    for index, name in enumerate(["展示样机A", "展示样机B", "宣传册"]):
        if index > 0:
            page.click("#goods-add")
        type_and_leave(page, f"#goods-{index}-description_zh", name)

    page.click("#goods-1-remove")
    expect(page.locator("#goods-1-description_zh")).to_have_value("宣传册")
    type_and_leave(page, "#goods-1-quantity", "100")
    page.wait_for_timeout(1000)
    page.reload()
    expect(page.locator("#goods-1-description_zh")).to_have_value("宣传册")
    expect(page.locator("#goods-1-quantity")).to_have_value("100")
    expect(page.locator(".goods-card")).to_have_count(2)
