"""公示 and objections in a real browser (issue 18's Done-when).

The province publishes the 公示 list with a period of 5 working days from Monday 2026-12-07
(to Friday 2026-12-11); 荣成市's office objects to another county's claim with a PDF; the
province checks and upholds it, corrects the value, sees which counties move, republishes the
公示 list as version 2 and answers; the final list is refused while the period runs; once it
has ended a second objection is refused with the date, and the final list is published.

"Today" is the server's QCOUNTY_TODAY (an ISO date the 公示 rules read, for rehearsals and this
test): the server starts on Monday 2026-12-07 and is restarted on Monday 2026-12-14. No sleep.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from tests import files
from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors, DemoServer

pytestmark = pytest.mark.e2e

MONDAY = "2026-12-07"
NEXT_MONDAY = "2026-12-14"
CAMPAIGN = "2023年山东省质量强县（市、区）创建"


@pytest.fixture(scope="module", autouse=True)
def _today_is_monday() -> Iterator[None]:
    """Start the module's demo server on Monday 2026-12-07 (before `demo_server` copies the
    environment: autouse fixtures of a scope come first)."""
    before = os.environ.get("QCOUNTY_TODAY")
    os.environ["QCOUNTY_TODAY"] = MONDAY
    yield
    if before is None:
        os.environ.pop("QCOUNTY_TODAY", None)
    else:
        os.environ["QCOUNTY_TODAY"] = before


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def county_page(browser: Browser, server: DemoServer, errors: BrowserErrors) -> Page:
    """A second browser, 荣成市's office's, watched like the test's own page."""
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1400, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors.watch(page)
    log_in(page, "rongcheng-office")
    return page


def restart_on(server: DemoServer, day: str) -> None:
    server.cut()
    server.env["QCOUNTY_TODAY"] = day
    server.start()


def test_an_objection_is_upheld_the_list_republished_and_a_late_one_refused(
    page: Page,
    browser: Browser,
    demo_server: DemoServer,
    browser_errors: BrowserErrors,
    tmp_path: Path,
) -> None:
    # the province publishes the 公示 list with its period
    log_in(page, "province")
    page.goto("/evaluation/")
    campaign = page.locator("section.card", has=page.get_by_role("heading", name=CAMPAIGN))
    campaign.get_by_role("link", name=re.compile(r"#\d+ （最新）")).click()
    page.wait_for_url(re.compile(r"/evaluation/snapshots/\d+/$"))
    page.get_by_role("combobox", name="名单").select_option("proposed")
    expect(page.get_by_label("开始日期")).to_have_value(MONDAY)
    page.get_by_label("工作日天数").fill("5")
    page.get_by_role("button", name="按此快照发布").click()
    page.wait_for_url(re.compile(r"/evaluation/publications/\d+/$"))
    expect(page.locator("#publication-period")).to_contain_text(
        "2026-12-07 至 2026-12-11（5 个工作日）"
    )
    expect(page.locator("#publicity-banner")).to_contain_text("还剩 5 个工作日")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载拟认定名单（公示）（Word）").click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "公示期为2026年12月7日至2026年12月11日（5个工作日）。" in text
    listed = page.locator("table.published tbody tr")
    rows = [listed.nth(i).locator("td") for i in range(listed.count())]
    names = [r.nth(2).inner_text().strip() + r.nth(3).inner_text().strip() for r in rows]
    target = next(n for n in reversed(names) if n != "威海市荣成市")  # another county's claim

    # 荣成市's office objects to it with a PDF
    county = county_page(browser, demo_server, browser_errors)
    county.get_by_role("link", name="公示与异议").first.click()
    expect(county.locator("#publicity-banner")).to_contain_text("还剩 5 个工作日")
    form = county.locator("#objection-form")
    option = form.locator("select[name=application] option", has_text=target)
    form.locator("select[name=application]").select_option(option.get_attribute("value"))
    form.locator("select[name=indicator]").select_option("31")
    form.get_by_label("异议内容：哪一项数据有误、理由").fill("R&D 经费支出占比与统计年鉴不符")
    pdf = tmp_path / "统计年鉴摘录.pdf"
    pdf.write_bytes(files.pdf("statistical yearbook"))
    form.locator("input[name=files]").set_input_files(str(pdf))
    form.get_by_role("button", name="提交异议").click()
    county.wait_for_url(re.compile(r"/objections/\d+/$"))
    expect(county.locator("ul.messages")).to_contain_text("已提交：异议第1号")
    expect(county.locator("#objection-state")).to_have_text("受理")
    expect(county.get_by_role("link", name="统计年鉴摘录.pdf")).to_be_visible()

    # the province checks, upholds, corrects and compares
    page.goto("/objections/")
    page.get_by_role("link", name="异议第1号").click()
    expect(page.get_by_role("link", name="统计年鉴摘录.pdf")).to_be_visible()
    page.get_by_role("button", name="开始核查").click()
    expect(page.locator("#objection-state")).to_have_text("核查中")
    page.get_by_label("核查情况和结论（答复时一并告知异议人）").fill("经核对统计年鉴，该县占比为 0")
    page.get_by_role("button", name="异议成立").click()
    expect(page.locator("#objection-state")).to_have_text("成立")
    correct = page.locator("#correct")
    correct.locator("select[name=key]").select_option("i31.rd_share")
    correct.get_by_label("更正后的值").fill("0")
    correct.get_by_label("理由").fill("以统计年鉴为准")
    correct.get_by_role("button", name="保存更正").click()
    expect(page.locator("ul.messages")).to_contain_text("已更正")
    page.get_by_role("button", name="生成新快照并对比").click()
    page.wait_for_url(re.compile(r"/objections/settlements/\d+/$"))
    changes = page.locator("table.changes tbody tr")
    expect(changes.filter(has_text=target)).to_have_count(1)  # its points moved
    assert changes.count() > 1  # item 31's tier bounds moved for others too
    page.get_by_role("button", name="确认并重新发布公示名单").click()
    page.wait_for_url(re.compile(r"/objections/\d+/$"))
    expect(page.locator("ul.messages")).to_contain_text("拟认定名单（公示） 第2版")
    page.get_by_label("答复意见（异议人可见）").fill("异议成立，已按统计年鉴更正并重新公示。")
    page.get_by_role("button", name="答复").click()
    expect(page.locator("#objection-state")).to_have_text("已答复")

    # the objector reads the answer
    county.reload()
    expect(county.locator("#objection-state")).to_have_text("已答复")
    expect(county.locator("#objection-answer")).to_contain_text("已按统计年鉴更正并重新公示")

    # while the period runs the final list is refused
    page.get_by_role("link", name=re.compile("第2版")).first.click()
    page.wait_for_url(re.compile(r"/evaluation/publications/\d+/$"))
    page.get_by_role("link", name=re.compile(r"快照 #\d+ 的评价结果")).click()
    page.get_by_role("combobox", name="名单").select_option("final")
    page.get_by_role("button", name="按此快照发布").click()
    expect(page.locator("ul.messages")).to_contain_text("公示期至2026年12月11日结束，尚未期满")
    snapshot_url = page.url

    # 荣成市 fills in a second objection, sent after the period has ended
    county.goto("/objections/")
    form = county.locator("#objection-form")
    form.locator("select[name=application]").select_option(index=1)  # v2's first county
    form.locator("select[name=indicator]").select_option("1")
    form.get_by_label("异议内容：哪一项数据有误、理由").fill("宣传口号未见于党委政府文件")
    browser_errors.assert_none()
    restart_on(demo_server, NEXT_MONDAY)
    form.get_by_role("button", name="提交异议").click()
    expect(county.locator("ul.messages")).to_contain_text(
        "公示期已于2026年12月11日结束，2026年12月14日提出的异议已超过公示期，不予受理"
    )
    expect(county.locator("#publicity-banner")).to_contain_text("公示期已结束")

    # the final list is published only now
    page.goto(snapshot_url)
    page.get_by_role("combobox", name="名单").select_option("final")
    page.get_by_role("button", name="按此快照发布").click()
    page.wait_for_url(re.compile(r"/evaluation/publications/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("认定名单 第1版"))).to_be_visible()
    county.context.close()
