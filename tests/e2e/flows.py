"""Steps of the browser tests, shared by the flow tests; elements are found by id only."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import latest_mail, screenshot

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "general_list_fixture_SYNTHETIC.csv"
# 25 Chinese characters take 75 bytes in UTF-8, more than bcrypt reads on its own.
LONG_CHINESE_PASSWORD = "我的密码是二十五个汉字长度用来检查哈希前的处理没有截断问题好"


def fixture_rows() -> list[dict[str, str]]:
    """Return the five rows of the synthetic general list."""
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def type_and_leave(page: Page, selector: str, value: str) -> None:
    """Type into an uncontrolled field and move focus away, which sends it to the server."""
    field = page.locator(selector)
    field.fill(value)
    field.blur()


def choose(page: Page, trigger_id: str, option_label: str) -> None:
    """Pick an option of a Radix select by its visible label."""
    page.locator(f"#{trigger_id}").click()
    page.get_by_role("option", name=option_label, exact=True).click()


def wait_saved(page: Page) -> None:
    """Wait until the autosave note confirms the draft reached the server."""
    expect(page.locator("#outbound-saved-note")).not_to_be_empty()


def fill_basic_information(page: Page, *, holder_label: str, declaration_date: str) -> None:
    """Fill every field of step 1 for a trip to Germany and France."""
    type_and_leave(page, "#outbound-holder_id", holder_label)
    type_and_leave(page, "#outbound-import_countries-0", "德国 (DE)")
    page.click("#outbound-add-country")
    page.wait_for_selector("#outbound-import_countries-1")
    type_and_leave(page, "#outbound-import_countries-1", "法国")
    choose(page, "outbound-intended_use", "展览会、交易会、会议及类似活动")
    type_and_leave(page, "#outbound-intended_use_detail", "参加2027年汉诺威工业博览会")
    type_and_leave(page, "#outbound-exit_port", "浦东")
    choose(page, "outbound-transport_mode", "航空运输")
    type_and_leave(page, "#outbound-declaration_date", declaration_date)
    type_and_leave(page, "#outbound-itinerary", "中国-德国-法国-中国")
    page.locator("#outbound-issuing_office").click()
    page.get_by_role("option").first.click()
    choose(page, "outbound-collection_method", "自取")
    choose(page, "outbound-security_type", "银行保函")
    page.click("#outbound-agreement-open")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.click("#outbound-agreement-close")
    page.click("#outbound-agreement")
    wait_saved(page)


def fill_goods(page: Page, rows: list[dict[str, str]]) -> None:
    """Fill one card per fixture row, adding cards with 「+ 添加更多」."""
    for index, row in enumerate(rows):
        if index > 0:
            page.click("#goods-add")
        page.wait_for_selector(f"#goods-{index}-description_zh")
        type_and_leave(page, f"#goods-{index}-description_zh", row["description_zh"])
        type_and_leave(page, f"#goods-{index}-description_en", row["description_en"])
        type_and_leave(page, f"#goods-{index}-quantity", row["pieces"])
        if row["unit"] != "PCS":
            page.select_option(f"#goods-{index}-unit", row["unit"])
        type_and_leave(page, f"#goods-{index}-weight_kg", row["weight_kg"])
        type_and_leave(page, f"#goods-{index}-value_cny", row["value"])
        type_and_leave(page, f"#goods-{index}-origin_country", row["origin_iso2"])


def wait_loaded(page: Page) -> None:
    """Wait until the page's on_load handlers have finished (the page shell's ``data-hydrated``).

    Elements of the prerendered page are visible before then. A form filled too early can be
    reset by its on_load, and leaving the page too early cancels on_load work in progress.
    NOTE: right after a client-side navigation the previous page's "true" can show for a moment,
    so after one, first wait for an element of the new page.
    """
    expect(page.locator("#page-shell")).to_have_attribute("data-hydrated", "true")


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in on /login and wait until the home page has loaded."""
    page.goto(f"{base_url}/login")
    wait_loaded(page)
    page.fill("#login-username", username)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("#home-outbound")).to_be_visible()
    wait_loaded(page)


def create_holder(page: Page, base_url: str, *, name_zh: str, name_en: str, address_zh: str, address_en: str,
                  credit_code: str = "", phone: str = "") -> None:
    """Save a holder on /holders/new and wait for the list."""
    page.goto(f"{base_url}/holders/new")
    page.fill("#holder-name_zh", name_zh)
    page.fill("#holder-name_en", name_en)
    page.fill("#holder-address_zh", address_zh)
    page.fill("#holder-address_en", address_en)
    if credit_code:
        page.fill("#holder-credit_code", credit_code)
    if phone:
        page.fill("#holder-contact_phone", phone)
    page.click("#holder-save")
    expect(page.locator("#holders-list")).to_be_visible()


def register_and_activate(page: Page, server, username: str, email: str) -> None:
    """Register on /register and open the activation link from the outbox."""
    page.goto(f"{server.url}/register")
    page.fill("#register-username", username)
    page.fill("#register-password", LONG_CHINESE_PASSWORD)
    page.fill("#register-email", email)
    screenshot(page, "register")
    page.click("#register-submit")
    expect(page.locator("#register-sent")).to_be_visible()
    screenshot(page, "register-sent")
    body = latest_mail(server, "激活", email)
    link = re.search(r"https?://\S+/activate\?token=\S+", body).group(0)
    page.goto(link)
    expect(page.locator("#activate-login-link")).to_be_visible()
    screenshot(page, "activated")


def open_new_draft(page: Page, base_url: str) -> int:
    """Start an outbound application from the list, wait for its first step and return the carnet id."""
    page.goto(f"{base_url}/outbound")
    wait_loaded(page)
    page.click("#outbound-create")
    page.wait_for_url(re.compile(r"/outbound/\d+/basic"))
    page.wait_for_selector("#outbound-basic-form")
    wait_loaded(page)
    return int(re.search(r"/outbound/(\d+)/", page.url).group(1))
