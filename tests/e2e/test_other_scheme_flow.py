"""A city of Anhui's 质量工作考核 reports through the form in a real browser, and its office accepts.

The server holds Shandong's demo and, beside it, Anhui's (`manage.py load_demo --framework
anhui-quality-work-2014`: 16 cities under the province, each with its quality office, its
agriculture and its housing department). 合肥市's agriculture clerk fills in item 2 (主要农产品
质量安全监测合格率, the golden cohort's 97.0 % against a filed target of 96.0 %), attaches a PDF
and submits; 合肥市's office accepts the part. The pages' leftovers of 县 are collected, not
asserted: they are being converted on other branches.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from qcounty.core import load_framework
from qcounty.core.wording import wording
from tests import files
from tests.e2e.conftest import DemoServer, _manage
from tests.e2e.test_clerk_fills_in_an_indicator import field_of
from tests.e2e.test_review_flow import log_in, log_out, message, panel, reloaded, section_row
from tests.web.unit_words import leftovers, split_page

pytestmark = pytest.mark.e2e

ANHUI = "anhui-quality-work-2014"
CAMPAIGN = "2014年安徽省质量工作考核评分体系"
CLERK, OFFICE = "anhui-01-agriculture", "anhui-01-office"
AGRICULTURE = "农业部门"
ITEM_2 = {  # key → (label, value typed by the clerk, as the golden cohort has it)
    "t2.actual": ("主要农产品质量安全监测合格率（实际值）", "97"),
    "t2.target": ("主要农产品质量安全监测合格率（备案目标值）", "96"),
}


@pytest.fixture(scope="module", autouse=True)
def anhuis_demo(demo_server: DemoServer) -> None:
    """Anhui's cities and campaign beside Shandong's demo, in the server's database."""
    _manage(demo_server.env, "load_demo", "--framework", ANHUI)


def test_a_citys_clerk_fills_its_item_submits_and_the_citys_office_accepts(
    page: Page, browser_errors, tmp_path: Path
) -> None:
    words = wording(load_framework(ANHUI))
    page.on("dialog", lambda dialog: dialog.accept())  # the hx-confirm of each decision
    still_county: dict[str, list[str]] = {}

    # 1. the agriculture clerk opens 合肥市's application from its home page
    log_in(page, CLERK)
    page.get_by_role("link", name=CAMPAIGN).click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application_url = page.url
    # the form shows the clerk only its department's item: 2, no other item's field
    expect(page.locator('form[action*="/inputs/"]')).to_have_count(len(ITEM_2))
    for key, (label, value) in ITEM_2.items():
        field = field_of(page, key)
        field.get_by_label(label).fill(value)
        field.get_by_label(label).press("Tab")  # leaving the field saves it
        expect(field.get_by_role("status")).to_have_text("已保存")
        expect(field.get_by_label(label)).to_have_value(re.compile(rf"^{value}(\.0+)?$"))

    # 2. a PDF attached to item 2 is listed
    name = "农产品质量安全监测报告.pdf"
    path = tmp_path / name
    path.write_bytes(files.pdf("anhui e2e"))
    evidence = page.locator("#indicator-2 .evidence")
    evidence.locator("input[type=file][name=file]").set_input_files(path)
    evidence.get_by_role("button", name="上传").click()
    expect(evidence.get_by_role("status")).to_have_text(f"已上传“{name}”")

    # 3. the clerk submits the department's part
    expect(panel(page).get_by_text("本部门负责的指标已全部填报。")).to_be_visible()
    with reloaded(page):
        panel(page).get_by_role("button", name="提交", exact=True).click()
    expect(message(page)).to_contain_text(f"{AGRICULTURE}的填报已提交")
    main, rest = split_page(page.content())
    still_county["clerk's application page"] = leftovers(main, words)
    still_county["header"] = leftovers(rest, words)
    browser_errors.assert_none()
    log_out(page)

    # 4. 合肥市's office accepts the part submitted for the first time
    log_in(page, OFFICE)
    page.goto(application_url)
    expect(section_row(page, AGRICULTURE).locator(".status")).to_have_text("已提交")
    with reloaded(page):
        panel(page).get_by_role("button", name="接收全部首次提交的部门（1）").click()
    expect(message(page)).to_contain_text("已接收 1 个部门的填报")
    expect(section_row(page, AGRICULTURE).locator(".status")).to_have_text("已接收")
    main, _rest = split_page(page.content())
    still_county["office's application page"] = leftovers(main, words)
    browser_errors.assert_none()
    print({k: v[:3] for k, v in still_county.items() if v})
