"""The 自查 of issue 17 in a real browser: a county sees a flag, explains it and submits; the
province finds the application first in its queue sorted by risk, with the flag and the
county's explanation.

The market clerk reports 3 three-star and 20 four-star stations of 13: the parts exceed
their whole, and corrected to fit it the three-star share falls below the gate's 16 %, so the
whole total is at stake (high severity), more than any flag of the demo's other counties.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.test_clerk_fills_in_an_indicator import field_of, open_the_application
from tests.e2e.test_review_flow import (
    EVALUATOR,
    I17,
    OFFICE,
    VERIFICATION_FULL,
    log_in,
    log_out,
    message,
    panel,
    reloaded,
    submit_to_province,
)

pytestmark = pytest.mark.e2e

STATIONS = {  # key → (label, value typed by the clerk)
    "pre.three_star": ("新评定或复核通过的三星市场监管所数量", "3"),
    "pre.four_star": ("新评定或复核通过的四星市场监管所数量", "20"),
}
EXPLANATION = "四星所含跨区共建所，已与市局台账核实"


def fill(page: Page, key: str, label: str, value: str) -> None:
    field = field_of(page, key)
    field.get_by_label(label).fill(value)
    field.get_by_label(label).press("Tab")
    expect(field.get_by_role("status")).to_have_text("已保存")


def test_a_county_explains_a_flag_and_the_province_sees_it_first(
    page: Page, browser_errors: BrowserErrors
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())  # the hx-confirm of each decision
    # 1. the market clerk fills in item 17 and the stations; the 自查 panel flags the stations
    open_the_application(page)
    application_url = page.url.split("?")[0].split("#")[0]
    for key, (label, value) in I17.items():
        fill(page, key, label, value)
    key, _label = VERIFICATION_FULL
    field_of(page, key).get_by_label("是", exact=True).check()
    expect(field_of(page, key).get_by_role("status")).to_have_text("已保存")
    for key, (label, value) in STATIONS.items():
        fill(page, key, label, value)
    selfcheck = page.locator("#selfcheck")
    flag = selfcheck.locator('li[data-kind="part_exceeds_whole"][data-key="pre.three_star"]')
    # the panel is checked again after each save: the last save's answer shows the flag
    expect(flag).to_contain_text("合计 23，超过市场监管所总数 13", timeout=30_000)
    expect(flag.locator(".severity")).to_have_text("风险高")
    expect(flag.get_by_role("link")).to_have_attribute("href", "#gates")

    # 2. it is right: the clerk explains instead of changing the value (once the panel's own
    # re-check after the last save has landed: under load it can arrive after the flag shows,
    # and would replace the panel holding the answer to the explanation)
    page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=30_000)
    flag.get_by_label("已核实，说明：").fill(EXPLANATION)
    flag.get_by_role("button", name="保存说明").click()
    expect(selfcheck.get_by_role("status")).to_have_text(
        "说明已保存，将随申报报送省级。", timeout=15_000
    )
    expect(flag.locator(".flag-note")).to_contain_text(EXPLANATION)
    expect(
        field_of(page, "pre.four_star").get_by_label(STATIONS["pre.four_star"][0])
    ).to_have_value("20")
    expect(panel(page).get_by_text("本部门负责的指标已全部填报。")).to_be_visible()
    with reloaded(page):
        panel(page).get_by_role("button", name="提交", exact=True).click()
    browser_errors.assert_none()
    log_out(page)

    # 3. the office accepts every department's part and submits to the province
    log_in(page, OFFICE)
    page.goto(application_url)
    bulk = panel(page).get_by_role("button", name=re.compile(r"^接收全部首次提交的部门（\d+）$"))
    with reloaded(page):
        bulk.click()
    expect(message(page)).to_contain_text("个部门的填报")
    submit_to_province(page)
    browser_errors.assert_none()
    log_out(page)

    # 4. the province sorts its queue by risk: 文登区 first, with the flag and the explanation
    log_in(page, EVALUATOR)
    page.goto("/adjudication/")
    page.get_by_label("按风险排序").check()
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"sort=risk"))
    first = page.locator("table.adj-progress tbody tr").first
    expect(first.get_by_role("link")).to_have_text("威海市文登区")
    expect(first.locator(".risk-high")).not_to_have_text("0")
    first.get_by_role("link").click()
    flags = page.locator("#flags")
    flag = flags.locator('li[data-kind="part_exceeds_whole"][data-key="pre.three_star"]')
    expect(flag).to_contain_text("合计 23，超过市场监管所总数 13")
    expect(flag.locator(".flag-note")).to_contain_text(f"县里说明（已核实）：{EXPLANATION}")
    flag.get_by_role("link").click()
    expect(page.locator("#indicator-0")).to_be_visible()
    browser_errors.assert_none()
