"""Lighthouse, mobile profile, against the production build: the login, home and outbound-wizard pages.

Chromium runs once with a remote-debugging port; Lighthouse attaches to it. The login page is
measured first, signed out; then Playwright signs in through the same browser and Lighthouse
runs with ``--disable-storage-reset`` so that the login cookie stays for the signed-in pages.
Before each of those runs the HTTP cache, the Cache Storage and the service worker are cleared,
so every page is measured cold, as on a first visit.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from common import BenchUser

BENCH_DIR = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_lighthouse(url: str, port: int, out: Path) -> dict[str, object]:
    subprocess.run(
        [str(LIGHTHOUSE), url, f"--port={port}", "--disable-storage-reset", "--form-factor=mobile",
         f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={out}", "--quiet"],
        check=True, timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = sorted(
        audit_id for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric")
    )
    metrics = {key: report["audits"][key]["displayValue"] for key in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
                "speed-index")}
    return {"url": url, "final_url": report.get("finalDisplayedUrl", ""), "scores": scores, "metrics": metrics,
            "failing_audits": failing}


def _clear_caches(page, base_url: str) -> None:
    """Drop the HTTP cache, Cache Storage and service workers, keeping the login cookie."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.clearBrowserCache")
    cdp.send("Storage.clearDataForOrigin", {"origin": base_url, "storageTypes": "cache_storage,service_workers"})
    cdp.detach()


def measure(base_url: str, user: BenchUser, out_dir: Path) -> list[dict[str, object]]:
    """Score the three pages; the user signs in between the first and the other two."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    profile = Path(tempfile.mkdtemp(prefix="ata-lh-"))
    chromium = subprocess.Popen([CHROMIUM, *CHROMIUM_FLAGS, f"--remote-debugging-port={port}",
                                 f"--user-data-dir={profile}", "about:blank"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        results.append(_run_lighthouse(f"{base_url}/login/", port, out_dir / "login.json"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            page = browser.contexts[0].new_page()
            page.goto(f"{base_url}/login/")
            page.fill("#login-username", user.username)
            page.fill("#login-password", user.password)
            page.click("#login-submit")
            page.wait_for_selector("#home-outbound", timeout=60_000)
            for name, path in (("home", "/"), ("outbound-basic", f"/outbound/{user.carnet_id}/basic")):
                _clear_caches(page, base_url)
                results.append(_run_lighthouse(f"{base_url}{path}", port, out_dir / f"{name}.json"))
            page.close()
            browser.close()
    finally:
        chromium.terminate()
        chromium.wait(timeout=20)
        shutil.rmtree(profile, ignore_errors=True)
    return results
