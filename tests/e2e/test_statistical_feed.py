"""The statistical feed of issue 19 in a real browser: the demo's province has fed every county's
resident population; 文登区's office sees the figure beside its own claim, marked as differing,
and the flag in its 自查 panel; the province's page lists the feed and previews an upload.

The demo's figure for 文登区 is round(800,797 × 1.03) = 824,821 (web/statfeed/demo.py).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.test_clerk_fills_in_an_indicator import field_of
from tests.e2e.test_review_flow import EVALUATOR, OFFICE, log_in, log_out

pytestmark = pytest.mark.e2e
KEY = "i30.resident_population"
SOURCE = "山东省统计局《2022年山东统计年鉴》（演示数据）"
CSV = '市,县（市、区）,字段,数值\n威海市,文登区,地区总人口数,"1,000"\n威海市,文登区,地区总人口数,2000\n'


def test_a_county_sees_the_official_figure_and_the_province_its_feed(
    page: Page, browser_errors: BrowserErrors
) -> None:
    log_in(page, OFFICE)
    page.get_by_role("link", name="申报表").click()
    page.goto(page.url.split("?")[0].split("#")[0] + "?indicator=30")
    field = field_of(page, KEY)
    official = field.locator(".official")
    expect(official).to_have_text(
        f"统计部门数据：824821 人（{SOURCE}，2022-12-31） 与填报值不一致，请核对"
    )
    flag = page.locator(f'#selfcheck li[data-kind="official_mismatch"][data-key="{KEY}"]')
    expect(flag).to_contain_text("填报 800797，统计部门数据为 824821", timeout=30_000)
    if shot := os.environ.get("QCOUNTY_E2E_FEED_SCREENSHOT"):
        field.screenshot(path=shot)
    log_out(page)

    log_in(page, EVALUATOR)
    page.get_by_role("link", name="统计部门数据").first.click()
    expect(page.get_by_role("heading", name="统计部门数据", exact=True)).to_be_visible()
    expect(page.locator(f'tr[data-key="{KEY}"]')).to_contain_text("136")
    expect(page.get_by_role("cell", name=SOURCE)).to_be_visible()
    # an upload with a duplicate row is refused as a whole, with its row
    page.get_by_label("文件（.csv 或 .xlsx）").set_input_files(
        files=[{"name": "人口.csv", "mimeType": "text/csv", "buffer": CSV.encode("utf-8-sig")}]
    )
    page.get_by_label("数据来源").fill("威海市统计局")
    page.get_by_label("数据日期").fill("2023-03-01")
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("alert")).to_contain_text("第 3 行：与第 2 行重复（同一县、同一字段）")
    browser_errors.assert_none()
