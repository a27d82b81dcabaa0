"""Narrow table headers and short names stay on one line at 1280 px (no 指/标, 得/分, 细/则)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e

# the number of lines of an element's text: the distinct tops of its text's line boxes
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return tops.size;
}"""


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def lines_of(page: Page, selector: str, text: str) -> int:
    cell = page.locator(selector, has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first
    expect(cell).to_be_visible()
    return int(cell.evaluate(LINES))


def test_short_headers_and_department_names_take_one_line_at_1280_px(
    page: Page, browser_errors: BrowserErrors
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "wendeng-office")
    link = page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first
    page.goto(link.get_attribute("href") or "")
    expect(page.locator("#score-panel table").first).to_be_visible()
    page.locator("#score-panel details.tech summary").click()

    wrapped = {
        (where, text): n
        for where, selector, texts in [
            ("score", "#score-panel th", ["指标", "得分", "失分", "细则", "保底", "估计", "上限"]),
            (
                "review",
                ".review-sections th",
                ["状态", "提交时间", "退回时间", "接收时间", "退回次数"],
            ),
            ("review", ".review-sections td.org", ["区融媒体中心", "区工业和信息化局"]),
        ]
        for text in texts
        if (n := lines_of(page, selector, text)) != 1
    }
    page.goto(page.url.replace("/applications/", "/cockpit/").split("?")[0] + "gaps/")
    wrapped |= {
        ("gaps", text): n
        for text in ["指标", "名称", "得分", "满分", "失分", "保底–上限", "十件事", "可增加"]
        if (n := lines_of(page, "table.list th", text)) != 1
    }
    assert wrapped == {}
    browser_errors.assert_none()
