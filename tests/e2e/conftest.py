"""A real app server (production build, single port) and Chromium at phone size for browser tests.

Each test module gets its own server on a free port, with its own SQLite database, outbox and
secret key under tmp_path, migrated with the same command ``make run`` uses.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
STAFF_USERNAME = "clerk"
STAFF_PASSWORD = "staff-pass-2026"
START_TIMEOUT_S = 240



def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running app: its URL and the folders the tests inspect."""

    url: str
    data_dir: Path
    env: dict[str, str]

    @property
    def outbox(self) -> Path:
        return self.data_dir / "outbox"


def app_environment(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment of a test server: embedded defaults under data_dir, fast bcrypt."""
    env = dict(os.environ)
    env.update(
        PATH=f"{ROOT / '.venv/bin'}:{ROOT / '.tools/node_modules/.bin'}:{env.get('PATH', '')}",
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        DATABASE_URL=f"sqlite:///{data_dir / 'ata.db'}",
        ATA_DATA_DIR=str(data_dir),
        ATA_BCRYPT_ROUNDS="4",
        ATA_STAFF_USERNAME=STAFF_USERNAME,
        ATA_STAFF_PASSWORD=STAFF_PASSWORD,
        ATA_STAFF_EMAIL="clerk@chamber.example",
    )
    env.pop("RESEND_API_KEY", None)
    env.pop("REFLEX_REDIS_URL", None)
    env.update(extra or {})
    return env


def start_app(
    data_dir: Path, extra_env: dict[str, str] | None = None, root: Path = ROOT
) -> tuple[subprocess.Popen, AppServer]:
    """Migrate a fresh database and start the production build; return once it serves pages.

    ``root`` is the source tree to run from; a copy elsewhere builds into its own ``.web/``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = app_environment(data_dir, extra_env)
    env["ATA_PUBLIC_URL"] = f"http://localhost:{port}"
    subprocess.run(["bash", "scripts/migrate.sh"], cwd=root, env=env, check=True, capture_output=True)
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-host", "127.0.0.1"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app server exited early; see {data_dir / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return process, AppServer(url=url, data_dir=data_dir, env=env)
        except OSError:
            time.sleep(1)
    stop_app(process)
    raise RuntimeError(f"app server did not answer within {START_TIMEOUT_S} s; see {data_dir / 'server.log'}")


def stop_app(process: subprocess.Popen) -> None:
    """Stop the server and every process it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator[AppServer]:
    """A production-mode app with a fresh database, for one test module."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (run scripts/browser-deps.sh)")
    process, server = start_app(tmp_path_factory.mktemp("app"))
    yield server
    stop_app(process)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized browser context (375 × 812, zh-CN)."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(20_000)
    yield context
    context.close()


SHOT_DIR = ROOT / "screenshots"


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot under screenshots/ for a person to look at."""
    SHOT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOT_DIR / f"{name}.png"), full_page=True)


def latest_mail(server: AppServer, subject_part: str, to: str) -> str:
    """Return the text part of the newest outbox e-mail to an address whose subject contains a phrase."""
    import email
    from email import policy

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        files = sorted(server.outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime, reverse=True)
        for path in files:
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if subject_part in str(message["Subject"]) and to in str(message["To"]):
                return message.get_body(preferencelist=("plain",)).get_content()
        time.sleep(0.5)
    raise AssertionError(f"no e-mail to {to} with {subject_part!r} in {server.outbox}")


def copy_server_log(server: AppServer) -> str:
    """Return the tail of the server log, for assertion messages."""
    path = server.data_dir / "server.log"
    return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.exists() else ""

