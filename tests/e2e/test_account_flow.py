"""Account upkeep at phone size: change password, forgotten password, deregistration."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, latest_mail, screenshot
from tests.e2e.flows import log_in, wait_loaded
from tests.e2e.test_outbound_flow import LONG_CHINESE_PASSWORD, register_and_activate

NEW_PASSWORD = "新的密码-2026-secure"
RESET_PASSWORD = "reset-密码-Reset-2026"


def test_password_change_reset_and_deregister(app_server, phone, browser):
    """Covers the other session ending, the reset link working once, and deregistration."""
    server = app_server
    username = f"holder_{secrets.token_hex(3)}"
    email = f"{username}@example.com"
    page = phone.new_page()
    register_and_activate(page, server, username, email)
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    other_context = browser.new_context(**PHONE)
    other = other_context.new_page()
    log_in(other, server.url, username, LONG_CHINESE_PASSWORD)

    page.goto(f"{server.url}/about")
    expect(page.locator("#about-username")).to_have_text(username)
    page.fill("#change-old-password", "wrong-old-password")
    page.fill("#change-new-password", NEW_PASSWORD)
    page.fill("#change-confirm-password", NEW_PASSWORD)
    page.click("#change-submit")
    expect(page.locator("#error-change-old-password")).to_be_visible()
    page.fill("#change-old-password", LONG_CHINESE_PASSWORD)
    page.click("#change-submit")
    expect(page.locator("#change-notice")).to_be_visible()
    screenshot(page, "about-password-changed")

    other.goto(f"{server.url}/holders")
    other.wait_for_url(re.compile(r"/login"), wait_until="commit")
    other_context.close()
    page.goto(f"{server.url}/holders")
    expect(page.locator("#holder-create")).to_be_visible()

    page.goto(f"{server.url}/about")
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"), wait_until="commit")
    page.goto(f"{server.url}/forgot-password")
    page.fill("#forgot-email", "nobody-here@example.com")
    page.click("#forgot-submit")
    unknown_notice = page.locator("#forgot-sent").inner_text()
    page.goto(f"{server.url}/forgot-password")
    # The page keeps its state across visits. The prerendered form is visible at once, but the
    # state of the last visit shows the notice again until the page's on_load resets it.
    wait_loaded(page)
    expect(page.locator("#forgot-sent")).to_be_hidden()
    page.fill("#forgot-email", email)
    page.click("#forgot-submit")
    expect(page.locator("#forgot-sent")).to_have_text(unknown_notice)

    link = re.search(r"https?://\S+/reset-password\?token=\S+", latest_mail(server, "重置密码", email)).group(0)
    page.goto(link)
    page.fill("#reset-password", RESET_PASSWORD)
    page.fill("#reset-confirm", RESET_PASSWORD)
    page.click("#reset-submit")
    page.wait_for_url(re.compile(r"/login"), wait_until="commit")
    log_in(page, server.url, username, RESET_PASSWORD)
    page.goto(link)
    expect(page.locator("#error-reset-token")).to_be_visible()

    page.goto(f"{server.url}/about")
    page.click("#deregister-open")
    page.fill("#deregister-password", RESET_PASSWORD)
    page.click("#deregister-confirm")
    page.wait_for_url(re.compile(r"/login"), wait_until="commit")
    page.fill("#login-username", username)
    page.fill("#login-password", RESET_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#error-login-form")).to_be_visible()
    screenshot(page, "deregistered-login-refused")
