"""The production app on PostgreSQL, Redis state and two granian workers, driven by two phones.

With two workers a reload or a second browser may reach the other process. Logins, drafts and
Reflex state must hold anyway, because they live in PostgreSQL and Redis rather than in a worker.
Set ATA_TEST_APP_ROOT to run the server from a copy of the tree, so that its production build
does not replace the shared ``.web/`` folder.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Page, expect

from ata_reflex.services import accounts
from ata_reflex.services.db import engine_for, session_scope
from ata_reflex.settings import get_settings
from tests.e2e.conftest import (  # noqa: F401  (browser is a fixture)
    CHROMIUM,
    PHONE,
    ROOT,
    AppServer,
    browser,
    copy_server_log,
    start_app,
    stop_app,
)
from tests.e2e.flows import create_holder, log_in, type_and_leave, wait_saved
from tests.unit.test_accounts import last_mail, link_token

pytestmark = [pytest.mark.scaleout, pytest.mark.e2e]

USERNAME = "scaleout1"
PASSWORD = "scale-out-pass-2026"
HOLDER_NAME = "杭州会展设备有限公司"
WORKERS = 2
RELOADS = 4
CARNET_BASIC_URL = re.compile(r"/outbound/\d+/basic$")


@pytest.fixture(scope="module")
def scaled_app(pg_url: str, redis_db, tmp_path_factory) -> Iterator[tuple[subprocess.Popen, AppServer]]:
    """The production build with PostgreSQL, the Redis state manager and two backend workers."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (run scripts/browser-deps.sh)")
    root = Path(os.environ.get("ATA_TEST_APP_ROOT", ROOT))
    process, server = start_app(
        tmp_path_factory.mktemp("scaled"),
        {"DATABASE_URL": pg_url, "REFLEX_REDIS_URL": redis_db.url, "GRANIAN_WORKERS": str(WORKERS),
         "ATA_SECRET_KEY": secrets.token_hex(32)},
        root=root,
    )
    yield process, server
    stop_app(process)


@pytest.fixture(scope="module")
def scaled_server(scaled_app: tuple[subprocess.Popen, AppServer]) -> AppServer:
    """The running app of ``scaled_app``."""
    return scaled_app[1]


@pytest.fixture(scope="module")
def holder_account(scaled_server: AppServer, pg_url: str) -> Iterator[str]:
    """Register and activate an account through the services, straight in the server's database.

    The password hash depends on the secret key, so the services here read the server's settings.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DATABASE_URL", "ATA_SECRET_KEY", "ATA_BCRYPT_ROUNDS", "ATA_DATA_DIR"):
            patch.setenv(name, scaled_server.env[name])
        get_settings.cache_clear()
        with session_scope(engine_for(pg_url)) as db:
            accounts.register_account(db, username=USERNAME, password=PASSWORD, email=f"{USERNAME}@example.com")
            db.flush()
            accounts.activate_account(db, token=link_token(last_mail(db)))
        get_settings.cache_clear()
    yield USERNAME


def client_token(page: Page) -> str:
    """Return the Reflex client token of a tab, under which its state is kept in Redis."""
    return page.evaluate("() => window.sessionStorage.getItem('token')")


@pytest.fixture(scope="module")
def draft(scaled_server: AppServer, holder_account: str, browser) -> Iterator[dict]:
    """One phone logs in, creates a holder, starts an outbound carnet and types into it."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, scaled_server.url, USERNAME, PASSWORD)
    create_holder(
        page, scaled_server.url, name_zh=HOLDER_NAME, name_en="Hangzhou Exhibition Equipment Co., Ltd.",
        address_zh="杭州市滨江区江南大道100号", address_en="100 Jiangnan Avenue, Binjiang, Hangzhou",
    )
    page.goto(f"{scaled_server.url}/outbound")
    page.click("#outbound-create")
    page.wait_for_url(CARNET_BASIC_URL)
    page.wait_for_selector("#outbound-basic-form")
    typed = {
        "#outbound-holder_id": HOLDER_NAME,
        "#outbound-intended_use_detail": "参加2027年法兰克福国际展览会",
        "#outbound-declaration_date": (date.today() + timedelta(days=20)).isoformat(),
        "#outbound-itinerary": "中国-德国-中国",
    }
    for selector, value in typed.items():
        type_and_leave(page, selector, value)
    wait_saved(page)
    yield {"page": page, "url": page.url, "typed": typed}
    context.close()


def test_draft_survives_reloads(draft):
    page = draft["page"]
    for _ in range(RELOADS):
        page.reload()
        expect(page.locator("#outbound-itinerary")).to_have_value(draft["typed"]["#outbound-itinerary"])
    for selector, value in draft["typed"].items():
        expect(page.locator(selector)).to_have_value(value)


@pytest.fixture
def second_phone(draft, scaled_server: AppServer, browser) -> Iterator[Page]:
    """Another phone, signed in as the same holder while the first one stays open."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, scaled_server.url, USERNAME, PASSWORD)
    yield page
    context.close()


def test_second_phone_sees_draft(draft, second_phone):
    second_phone.goto(draft["url"])
    expect(second_phone.locator("#outbound-itinerary")).to_have_value(draft["typed"]["#outbound-itinerary"])


def test_second_phone_lists_holder(second_phone, scaled_server):
    second_phone.goto(f"{scaled_server.url}/holders")
    expect(second_phone.locator("[id^='holder-card-']")).to_have_count(1)


def test_state_kept_in_redis(draft, redis_db):
    token = client_token(draft["page"])
    keys = [key.decode() for key in redis_db.client.scan_iter(match=f"*{token}*")]
    assert keys, f"no Redis key for client token {token}"


def test_two_workers_started(draft, scaled_app):
    """Every Python child of ``reflex run --env prod`` is a granian worker, since no Node server runs."""
    workers = [child for child in psutil.Process(scaled_app[0].pid).children(recursive=True)
               if child.name().startswith("python")]
    assert len(workers) == WORKERS


def test_server_logged_no_traceback(draft, scaled_server):
    log = copy_server_log(scaled_server)
    assert "Traceback" not in log, log
