"""Chinese input-method composition, driven through the DevTools protocol, in the holder, outbound and goods fields.

Each word is composed the way a pinyin input method does it: several ``Input.imeSetComposition``
steps while the candidate changes, an Enter that confirms the candidate (keyCode 229, which
the page sees while composing), then ``Input.insertText`` with the chosen characters.
"""

from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from tests.e2e.flows import LONG_CHINESE_PASSWORD, log_in, open_new_draft, register_and_activate, wait_loaded

ENTER_WHILE_COMPOSING = {"type": "rawKeyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229,
                         "nativeVirtualKeyCode": 229}
# Safari reports the confirming Enter after compositionend, still with keyCode 229. Chromium
# sends no keypress for keyCode 229, so this checks the guard's key path, not a real Safari.
ENTER_AFTER_COMPOSITION = {"type": "keyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229,
                           "nativeVirtualKeyCode": 229, "text": "\r", "unmodifiedText": "\r"}
ENTER_UP = {"type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}


class FrameCounter:
    """Counts the socket.io frames the page sends to the server."""

    def __init__(self, page: Page) -> None:
        self.frames: list[str] = []
        page.on("websocket", lambda socket: socket.on("framesent", self._sent))

    def _sent(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, str) else "")

    def events_named(self, handler: str) -> int:
        return sum(handler in frame for frame in self.frames)


def compose(page: Page, cdp, selector: str, words: list[tuple[list[str], str]], counter: FrameCounter,
            safari_enter: bool = False) -> None:
    """Compose each (pinyin steps, characters) pair into a focused field; assert nothing reaches the server meanwhile."""
    page.locator(selector).click()
    page.wait_for_timeout(200)
    before = len(counter.frames)
    for steps, characters in words:
        for step in steps:
            cdp.send("Input.imeSetComposition", {"text": step, "selectionStart": len(step),
                                                 "selectionEnd": len(step)})
        assert page.evaluate("document.activeElement.value").endswith(steps[-1])
        cdp.send("Input.dispatchKeyEvent", ENTER_WHILE_COMPOSING)
        cdp.send("Input.insertText", {"text": characters})
        if safari_enter:
            cdp.send("Input.dispatchKeyEvent", ENTER_AFTER_COMPOSITION)
        cdp.send("Input.dispatchKeyEvent", ENTER_UP)
    page.wait_for_timeout(300)
    assert len(counter.frames) == before, counter.frames[before:]


def _holder_names(server) -> list[tuple[str, str]]:
    engine = create_engine(server.env["DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name_zh, address_zh FROM holder")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_composition_in_holder_outbound_and_goods_fields(app_server, phone):
    """Exactly the composed text arrives, nothing is sent while composing, and the confirming Enter submits nothing."""
    server = app_server
    username = f"pinyin_{secrets.token_hex(3)}"
    page = phone.new_page()
    register_and_activate(page, server, username, f"{username}@example.com")
    log_in(page, server.url, username, LONG_CHINESE_PASSWORD)
    counter = FrameCounter(page)
    cdp = page.context.new_cdp_session(page)

    page.goto(f"{server.url}/holders/new")
    page.wait_for_selector("#holder-name_zh")
    wait_loaded(page)
    compose(page, cdp, "#holder-name_zh", [(["s", "sh", "shang", "shangh", "shanghai"], "上海"),
                                           (["z", "zhan", "zhanl", "zhanlan"], "展览"),
                                           (["q", "qi", "qic", "qicai"], "器材")], counter)
    compose(page, cdp, "#holder-address_zh", [(["p", "pu", "pud", "pudong"], "浦东"),
                                              (["x", "xin", "xinq", "xinqu"], "新区")], counter, safari_enter=True)
    expect(page.locator("#holder-name_zh")).to_have_value("上海展览器材")
    expect(page.locator("#holder-address_zh")).to_have_value("浦东新区")
    assert counter.events_named("save_holder") == 0
    assert "/holders/new" in page.url
    page.fill("#holder-name_en", "Shanghai Exhibition Equipment Co., Ltd.")
    page.fill("#holder-address_en", "Pudong New Area, Shanghai")
    # A plain Enter, with no composition, still submits the form.
    page.locator("#holder-address_en").press("Enter")
    expect(page.locator("#holders-list")).to_be_visible()
    assert _holder_names(server) == [("上海展览器材", "浦东新区")]

    carnet_id = open_new_draft(page, server.url)
    compose(page, cdp, "#outbound-itinerary", [(["z", "zhong", "zhongg", "zhongguo"], "中国"),
                                               (["d", "de", "deg", "deguo"], "德国")], counter)
    compose(page, cdp, "#outbound-intended_use_detail", [(["c", "can", "canz", "canzhan"], "参展")], counter)
    page.locator("#outbound-exit_port").focus()
    expect(page.locator("#outbound-saved-note")).not_to_be_empty()
    assert counter.events_named("set_field") == 2

    # A full page load, because right after a client-side navigation the previous page can still
    # look loaded for a moment.
    page.goto(f"{server.url}/outbound/{carnet_id}/goods")
    page.wait_for_selector("#goods-0-description_zh")
    wait_loaded(page)
    compose(page, cdp, "#goods-0-description_zh", [(["s", "she", "shex", "shexiang", "shexiangji"], "摄像机"),
                                                   (["j", "jia", "jiaz", "jiazi"], "架子")], counter)
    page.locator("#goods-0-quantity").focus()
    page.wait_for_timeout(1000)
    assert counter.events_named("set_goods_field") == 1

    page.reload()
    wait_loaded(page)
    expect(page.locator("#goods-0-description_zh")).to_have_value("摄像机架子")
    page.goto(f"{server.url}/outbound/{carnet_id}/basic")
    page.wait_for_selector("#outbound-basic-form")
    wait_loaded(page)
    expect(page.locator("#outbound-itinerary")).to_have_value("中国德国")
    expect(page.locator("#outbound-intended_use_detail")).to_have_value("参展")
