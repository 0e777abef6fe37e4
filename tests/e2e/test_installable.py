"""The app is installable: Chromium reports no installability errors, the service worker controls
the page, a page that was never loaded shows the Chinese offline page, and events bypass the worker."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

SW_READY = "navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL)"


def test_manifest_names_icons_and_display(app_server):
    """The manifest carries the Chinese names, standalone display and the 192, 512 and maskable icons."""
    with urllib.request.urlopen(f"{app_server.url}/manifest.webmanifest") as response:
        manifest = json.loads(response.read().decode("utf-8"))
    assert manifest["display"] == "standalone"
    assert {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_installable_and_offline_page(app_server, tmp_path):
    """Page.getInstallabilityErrors is empty, and offline navigation falls back to the offline page."""
    with sync_playwright() as playwright:
        # A persistent profile: an incognito context always reports "in-incognito".
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE)
        try:
            context.set_default_timeout(20_000)
            page = context.new_page()
            page.goto(f"{app_server.url}/login")
            assert page.evaluate(SW_READY).endswith("/sw.js")
            cdp = context.new_cdp_session(page)
            assert cdp.send("Page.getAppManifest")["errors"] == []
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

            page.reload()
            expect(page.locator("#login-username")).to_be_visible()
            assert page.evaluate("navigator.serviceWorker.controller !== null")
            worker_requests: list[str] = []
            context.on("request", lambda request: worker_requests.append(request.url)
                       if request.service_worker is not None else None)
            page.fill("#login-username", "nobody")
            page.fill("#login-password", "wrong-password-1")
            page.click("#login-submit")
            expect(page.locator("#login-username")).to_be_visible()
            assert not any("/_event" in url or "/_upload" in url or "/files/" in url for url in worker_requests)

            context.set_offline(True)
            page.goto(f"{app_server.url}/login")
            expect(page.locator("#login-username")).to_be_visible()
            page.goto(f"{app_server.url}/holders/never-loaded")
            expect(page.locator("#offline-title")).to_be_visible()
            context.set_offline(False)
        finally:
            context.close()
