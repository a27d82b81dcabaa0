"""A field save that does not reach the server is never silent, and one click sends it again.

The server is really cut: the demo's runserver is killed while the browser's save request is
on its way, so the request fails as it would when a server dies or a cable is pulled.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import BrowserErrors, DemoServer
from tests.e2e.test_clerk_fills_in_an_indicator import field_of, open_the_application

pytestmark = pytest.mark.e2e

KEY = "i17.metrologists"  # 注册计量师数量, the market-supervision clerk's, empty in the demo


def test_a_save_cut_off_by_the_server_says_so_keeps_the_value_and_retries(
    page: Page, demo_server: DemoServer, browser_errors: BrowserErrors
) -> None:
    open_the_application(page)
    field = field_of(page, KEY)

    def cut_the_server(route: Route) -> None:
        demo_server.cut()
        route.continue_()  # to a server that is gone: the connection is refused

    page.route(re.compile(rf"/inputs/{re.escape(KEY)}/$"), cut_the_server)
    box = field.locator("input[name=value]")
    box.fill("7")
    box.press("Tab")  # the change event saves the field

    failed = field.locator(".save-failed")
    expect(failed).to_contain_text("保存失败：网络连接中断，服务器没有收到这次修改")
    expect(box).to_have_value("7")  # what the clerk typed is still there
    expect(field.locator(".saved")).to_have_count(0)
    # the refused connection is what this test makes happen: the browser reports it
    seen, browser_errors.errors = browser_errors.errors, []
    assert any("request failed" in e and KEY in e for e in seen), seen

    page.unroute(re.compile(rf"/inputs/{re.escape(KEY)}/$"))
    demo_server.start()
    failed.get_by_role("button", name="重试").click()
    expect(field.locator(".saved")).to_have_text("已保存")
    expect(field.locator(".save-failed")).to_have_count(0)

    page.reload()
    expect(field_of(page, KEY).locator("input[name=value]")).to_have_value("7")
