"""An issued carnet's life at phone size: issue, renew, supplement, and a discharge that staff return
with two ticked errors before accepting the corrected one."""

from __future__ import annotations

import os
import re
import secrets
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, STAFF_PASSWORD, STAFF_USERNAME, AppServer, screenshot
from tests.e2e.flows import log_in
from tests.images import jpeg_bytes

PASSWORD = "lifecycle-pass-2026"
CARNET_URL = re.compile(r"/outbound/(\d+)$")


@contextmanager
def server_database(server: AppServer):
    """Open a session on the test server's own database, with its secret key for password hashes."""
    from ata_reflex.services.db import engine_for, session_scope
    from ata_reflex.settings import get_settings

    names = ("DATABASE_URL", "ATA_DATA_DIR", "ATA_BCRYPT_ROUNDS", "ATA_SECRET_KEY", "ATA_ENV")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: server.env[name] for name in names[:3]})
    os.environ.pop("ATA_SECRET_KEY", None)
    os.environ.pop("ATA_ENV", None)
    get_settings.cache_clear()
    try:
        with session_scope() as db:
            yield db
    finally:
        engine_for.cache_clear()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


def approved_carnet(server: AppServer, username: str) -> int:
    """Create an active holder account, a holder and an approved carnet through the services."""
    from sqlmodel import select

    from ata_reflex.models import User
    from ata_reflex.services import carnets
    from ata_reflex.services.passwords import hash_password
    from ata_reflex.services.reference_tables import list_customs_ports
    from tests.factories import complete_form, make_holder, make_user

    with server_database(server) as db:
        user = make_user(db, username=username)
        user.password_hash = hash_password(PASSWORD)
        db.add(user)
        holder = make_holder(db, owner=user)
        form = complete_form(holder, port=list_customs_ports(db)[0].code, office="CCOIC-SH",
                             today=carnets.local_today())
        carnet = carnets.create_draft(db, owner_id=user.id)
        carnets.save_draft(db, owner_id=user.id, carnet_id=carnet.id, form=form)
        carnets.submit_carnet(db, owner_id=user.id, carnet_id=carnet.id, form=form)
        staff = db.exec(select(User).where(User.username == STAFF_USERNAME)).one()
        carnets.approve_carnet(db, staff_id=staff.id, carnet_id=carnet.id)
        return carnet.id


def write_images(folder: Path) -> dict[str, Path]:
    """Write the scans the test uploads: two good A4 pages, a proof, one too small, one greyscale."""
    folder.mkdir(parents=True, exist_ok=True)
    images = {
        "page1.jpg": jpeg_bytes(2100, 2970, (30, 120, 200)),
        "page2.jpg": jpeg_bytes(1200, 1697, (40, 160, 90)),
        "page3.jpg": jpeg_bytes(900, 1273, (180, 90, 40)),
        "proof.jpg": jpeg_bytes(1000, 1414, (150, 40, 160)),
        "small.jpg": jpeg_bytes(500, 707),
        "grey.jpg": jpeg_bytes(1200, 1697, grey=True),
    }
    paths = {}
    for name, data in images.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def staff_issue(clerk: Page, server: AppServer, carnet_id: int) -> str:
    """Issue an approved carnet from the review page with the proposed number; return that number."""
    clerk.goto(f"{server.url}/admin/outbound/{carnet_id}")
    clerk.click("#review-issue")
    number_field = clerk.locator("#issue-carnet_number")
    expect(number_field).to_have_value(re.compile(r"^CNCCOICSH\d{8}$"))
    number = number_field.input_value()
    expect(clerk.locator("#issue-security_amount")).not_to_have_value("")
    clerk.fill("#issue-security_amount", "16449.50")
    screenshot(clerk, "lifecycle-issue-dialog")
    clerk.click("#issue-confirm")
    expect(clerk.locator("#carnet-number")).to_have_text(number)
    return number


def upload(page: Page, box_id: str, *paths: Path) -> None:
    page.locator(f"#{box_id} input[type=file]").set_input_files([str(path) for path in paths])


def page_ids(page: Page) -> list[str]:
    return page.locator(".discharge-page").evaluate_all("rows => rows.map(r => r.dataset.publicId)")


def test_carnet_lifecycle_end_to_end(app_server, browser, tmp_path):
    """Issue, renew, supplement and discharge, with a returned and a corrected discharge."""
    server = app_server
    username = f"exporter_{secrets.token_hex(3)}"
    carnet_id = approved_carnet(server, username)
    images = write_images(tmp_path / "scans")

    staff_context = browser.new_context(**PHONE)
    staff_context.set_default_timeout(20_000)
    clerk = staff_context.new_page()
    log_in(clerk, server.url, STAFF_USERNAME, STAFF_PASSWORD)
    number = staff_issue(clerk, server, carnet_id)
    screenshot(clerk, "lifecycle-issued-admin")

    holder_context = browser.new_context(**PHONE)
    holder_context.set_default_timeout(20_000)
    page = holder_context.new_page()
    log_in(page, server.url, username, PASSWORD)

    # The owner's list shows the number and the days left.
    page.goto(f"{server.url}/outbound")
    expect(page.locator(".carnet-card").first).to_contain_text(number)
    expect(page.locator(".carnet-days-left").first).to_be_visible()
    screenshot(page, "lifecycle-list")

    # 续签: a prefilled replacement that drops one goods item.
    page.goto(f"{server.url}/outbound/{carnet_id}")
    expect(page.locator("#carnet-days-left")).to_be_visible()
    screenshot(page, "lifecycle-detail-issued")
    page.click("#carnet-renew")
    page.wait_for_url(re.compile(r"/outbound/\d+/basic$"))
    renewal_id = int(re.search(r"/outbound/(\d+)/basic", page.url).group(1))
    assert renewal_id != carnet_id
    expect(page.locator("#outbound-itinerary")).to_have_value("中国-德国-法国-中国")
    page.click("#outbound-next")
    page.wait_for_selector("#outbound-goods-form")
    expect(page.locator(".goods-card")).to_have_count(5)
    page.click("#goods-4-remove")
    expect(page.locator(".goods-card")).to_have_count(4)
    page.click("#outbound-submit")
    page.wait_for_url(CARNET_URL)

    clerk.goto(f"{server.url}/admin/outbound/{renewal_id}")
    clerk.click("#review-approve")
    expect(clerk.locator("#review-issue")).to_be_visible()
    renewal_number = staff_issue(clerk, server, renewal_id)
    assert renewal_number != number
    expect(clerk.locator("#carnet-replaces")).to_have_text(number)

    page.goto(f"{server.url}/outbound/{carnet_id}")
    expect(page.locator("#carnet-status")).to_contain_text("已被续签替换")
    expect(page.locator("#carnet-renew")).to_have_count(0)

    # 补签 on the replacement carnet, approved by staff.
    page.goto(f"{server.url}/outbound/{renewal_id}/supplement")
    page.wait_for_selector("#supplement-form")
    page.fill("#supplement-yellow_sets", "1")
    page.fill("#supplement-white_sets", "2")
    page.fill("#supplement-countries", "德国、瑞士")
    page.fill("#supplement-reason", "展会后增加一站瑞士")
    page.click("#supplement-submit")
    expect(page.locator(".supplement-card")).to_have_count(1)
    screenshot(page, "lifecycle-supplement")
    clerk.goto(f"{server.url}/admin/outbound/{renewal_id}")
    clerk.locator(".admin-supplement button[id$='-approve']").click()
    expect(clerk.locator(".admin-supplement button[id$='-approve']")).to_have_count(0)

    # 核销: one good page plus a too-small and a greyscale scan, both rejected with their reason.
    page.goto(f"{server.url}/outbound/{renewal_id}/discharge")
    expect(page.locator("#discharge-rules")).to_be_visible()
    upload(page, "discharge-page-upload", images["page1.jpg"], images["small.jpg"], images["grey.jpg"])
    expect(page.locator(".discharge-page")).to_have_count(1)
    errors = page.locator("#discharge-upload-errors")
    expect(errors).to_contain_text("small.jpg")
    expect(errors).to_contain_text("grey.jpg")
    screenshot(page, "lifecycle-discharge-rejected")
    upload(page, "discharge-page-upload", images["page2.jpg"])
    expect(page.locator(".discharge-page")).to_have_count(2)
    first, second = page_ids(page)
    page.click("#discharge-page-1-up")
    expect(page.locator(".discharge-page").first).to_have_attribute("data-public-id", second)
    upload(page, "discharge-page-upload", images["page3.jpg"])
    expect(page.locator(".discharge-page")).to_have_count(3)
    page.click("#discharge-page-2-remove")
    expect(page.locator(".discharge-page")).to_have_count(2)
    assert page_ids(page) == [second, first]

    page.click("#discharge-goods-changed")
    expect(page.locator("#discharge-proof-upload")).to_be_visible()
    page.click("#discharge-genuine")
    expect(page.locator("#discharge-genuine")).to_have_attribute("data-state", "checked")
    page.click("#discharge-submit")
    page.click("#discharge-submit-confirm")
    expect(page.locator("#error-discharge-submit")).to_be_visible()
    upload(page, "discharge-proof-upload", images["proof.jpg"])
    expect(page.locator(".discharge-proof")).to_have_count(1)
    screenshot(page, "lifecycle-discharge-ready")
    page.click("#discharge-submit")
    page.click("#discharge-submit-confirm")
    expect(page.locator("#discharge-waiting")).to_be_visible()
    expect(page.locator("#discharge-page-upload")).to_have_count(0)
    expect(page.locator("#discharge-page-0-remove")).to_have_count(0)
    screenshot(page, "lifecycle-discharge-submitted")

    # Staff return it with two ticked errors and a note.
    clerk.goto(f"{server.url}/admin/outbound/{renewal_id}")
    expect(clerk.locator(".admin-discharge-page")).to_have_count(3)
    clerk.check("#discharge-error-date_format")
    clerk.check("#discharge-error-counterfoil_incomplete")
    clerk.fill("#discharge-return-note", "第2页存根缺少海关印章，日期请按年/月/日")
    screenshot(clerk, "lifecycle-discharge-review")
    clerk.click("#discharge-return")
    expect(clerk.locator("#discharge-accept")).to_have_count(0)

    # The holder corrects it: another page, then submits again; staff accept.
    page.goto(f"{server.url}/outbound/{renewal_id}/discharge")
    returned = page.locator("#discharge-returned")
    expect(returned).to_be_visible()
    expect(returned.locator("span, p")).not_to_have_count(0)
    screenshot(page, "lifecycle-discharge-returned")
    upload(page, "discharge-page-upload", images["page3.jpg"])
    expect(page.locator(".discharge-page")).to_have_count(3)
    page.click("#discharge-submit")
    page.click("#discharge-submit-confirm")
    expect(page.locator("#discharge-waiting")).to_be_visible()

    clerk.goto(f"{server.url}/admin/outbound/{renewal_id}")
    clerk.click("#discharge-accept")
    expect(clerk.locator("#carnet-status")).to_contain_text("已核销")

    page.goto(f"{server.url}/outbound/{renewal_id}")
    expect(page.locator("#carnet-status")).to_contain_text("已核销")
    screenshot(page, "lifecycle-discharged")

    staff_context.close()
    holder_context.close()

