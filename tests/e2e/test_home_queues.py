"""Every role's home page is its work queue: from login, each queued item's action is one click
away, in a real browser on the demo.

The demo: 文登区's market-supervision clerk has indicator 17 left to fill in, the other 21
departments have submitted (the office's queue); the province holds the other 124 counties,
accepted, whose judged items the experts have scored. The province's test then puts 文登区's
application in the province's hands (已报省, as the office's 提交至省 would), so that it waits
for the province and for the experts' scores.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoServer
from tests.e2e.test_review_flow import log_in, log_out

pytestmark = pytest.mark.e2e

CLERK = "wendeng-market-supervision"
OFFICE = "wendeng-office"
EVALUATOR = "province"
EXPERT = "expert-1"


def hrefs(page: Page, selector: str) -> list[str]:
    return [a.get_attribute("href") or "" for a in page.locator(selector).all()]


def nav(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("header nav a.role-link").all_inner_texts()]


def click_from_home(page: Page, selector: str, index: int) -> None:
    """Go home, then click the queued item: one click from the home page."""
    page.goto("/")
    page.locator(selector).nth(index).click()
    page.wait_for_load_state("load")


def test_a_clerk_reaches_each_empty_field_and_each_task_in_one_click(page: Page) -> None:
    log_in(page, CLERK)
    assert nav(page)[0] == "我的填报"
    expect(page.locator("h1").first).to_have_text("我的填报")
    queue = page.locator("section.queue").first
    expect(queue.locator(".count-missing strong")).to_have_text("4")  # indicator 17's fields
    expect(queue.locator(".count-returned strong")).to_have_text("0")
    fields = hrefs(queue, ".missing-items a")
    assert len(fields) == 4
    for i, href in enumerate(fields):
        click_from_home(page, "section.queue >> nth=0 >> .missing-items a", i)
        anchor = href.split("#", 1)[1]
        assert "?indicator=17" in page.url
        expect(page.locator(f"#{anchor}")).to_be_visible()
        expect(
            page.locator(f"#{anchor} input, #{anchor} select, #{anchor} textarea").first
        ).to_be_editable()
    click_from_home(page, "section.queue >> nth=0 >> .queue-counts a", 0)
    expect(page.locator("#review-panel")).to_be_visible()
    page.goto("/")
    tasks = hrefs(page, "table.my-tasks td.title a")
    assert tasks
    for i, _href in enumerate(tasks):
        click_from_home(page, "table.my-tasks td.title a", i)
        assert re.search(r"/tasks/task/\d+/$", page.url)
        expect(page.locator("h1")).to_be_visible()


def test_a_county_office_reaches_each_section_waiting_for_review_in_one_click(
    page: Page,
) -> None:
    log_in(page, OFFICE)
    assert nav(page)[:2] == ["本县工作台", "申报表"]
    queue = page.locator("section.queue").first
    expect(queue.locator(".count-waiting strong")).to_have_text("21")
    expect(queue).to_contain_text("部门填报截止")
    expect(queue).to_contain_text("申报截止")
    waiting = hrefs(queue, ".waiting-items li > a:first-child")
    assert len(waiting) == 21
    for i, href in enumerate(waiting):
        click_from_home(page, "section.queue >> nth=0 >> .waiting-items li > a:first-child", i)
        if "#" in href:  # the section's row on the application page's panel
            row = page.locator(f"#review-panel #{href.split('#', 1)[1]}")
        else:  # the department's own review page
            row = page.locator("main")
        expect(row).to_be_visible()
        expect(row.get_by_role("button", name="接收")).to_be_visible()
        expect(row.locator("summary", has_text="退回")).to_be_visible()
    # the office's task board is in its queue too (逾期任务), and in the top bar
    click_from_home(page, "p.task-links a", 0)
    expect(page.locator("h1")).to_contain_text("任务看板")


def _submit_wendeng(demo_server: DemoServer) -> None:
    """Put 文登区's 2023 application in the province's hands, as 提交至省 does."""
    database = demo_server.var / "qcounty.sqlite3"
    with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn, conn:
        conn.execute(
            "UPDATE campaigns_application SET status = 'submitted' WHERE id = ("
            " SELECT a.id FROM campaigns_application a"
            " JOIN organisations_organisation o ON o.id = a.county_id"
            " JOIN campaigns_campaign c ON c.id = a.campaign_id"
            " WHERE o.name = '文登区' ORDER BY c.evaluation_year DESC LIMIT 1)"
        )


def test_the_province_reaches_each_application_waiting_for_it_in_one_click(
    page: Page, demo_server: DemoServer
) -> None:
    _submit_wendeng(demo_server)
    log_in(page, EVALUATOR)
    assert nav(page) == [
        "省级工作台",
        "省级核实",
        "省级评价",
        "公示与异议",
        "省级批量导入",
        "评价体系库",
        "统计部门数据",
    ]
    expect(page.locator(".count-receive strong")).to_have_text("1")
    first = page.locator("table.queue-list tbody tr").first
    expect(first.locator("td.county")).to_have_text("文登区")
    rows = page.locator("table.queue-list tbody tr")
    expect(rows).to_have_count(50)
    # every row's action, one click from home: 接收 for 文登区, 核实与汇总 for the others
    actions = hrefs(page, "table.queue-list td.action a")
    assert len(actions) == 50
    click_from_home(page, "table.queue-list td.action a", 0)
    expect(page.locator("#review-panel").get_by_role("button", name="接收")).to_be_visible()
    for i in range(1, len(actions)):
        click_from_home(page, "table.queue-list td.action a", i)
        expect(page.locator("h1")).to_contain_text("省级核实")
    # the counts lead to their pages: claims to check, the snapshot, the next page
    click_from_home(page, ".count-check a", 0)
    expect(page.locator("h1")).to_have_text("省级核实")
    click_from_home(page, ".queue-steps a", 1)
    expect(page.locator("h1")).to_contain_text("评价结果")
    click_from_home(page, "nav.pager a[rel=next]", 0)
    expect(page.locator("table.queue-list tbody tr")).to_have_count(50)
    # search by name, filter by state
    page.goto("/")
    page.get_by_label("县（市、区）名称").fill("荣成")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.queue-list td.county")).to_have_text(["荣成市"])


def test_an_expert_scores_wendeng_blind_until_the_province_opens_the_results(
    page: Page,
) -> None:
    log_in(page, EXPERT)
    assert nav(page) == ["待评分", "省级核实"]
    expect(page.locator(".count-to-score strong")).to_have_text("8")
    first = page.locator("table.queue-list tbody tr").first
    expect(first.locator("td.county")).to_have_text("文登区")
    expect(first.locator("td.mine")).to_have_text("0 / 8")
    click_from_home(page, "table.queue-list td.action a", 0)
    anchor = page.url.split("#", 1)[1]
    item = page.locator(f"#{anchor}")
    expect(item).to_be_visible()
    expect(item.get_by_role("button", name="提交评分")).to_be_visible()
    # blind review: no link to the results, and their pages refuse the expert
    page.goto("/")
    expect(page.locator("main a[href='/evaluation/']")).to_have_count(0)
    # (asked with the browser's session, not navigated: the page's 403 is expected here)
    refused = page.request.get("/evaluation/snapshots/1/")
    assert refused.status == 403
    assert "评审期间专家不能查看评价结果" in refused.text()
    log_out(page)

    log_in(page, EVALUATOR)
    page.get_by_role("button", name="向专家开放评价结果").click()
    page.wait_for_url("/")
    expect(page.locator("ul.messages")).to_contain_text("已允许专家查看")
    log_out(page)

    log_in(page, EXPERT)
    page.locator("main a[href='/evaluation/']").click()
    expect(page.locator("h1")).to_have_text("省级评价")
    page.locator("main a[href^='/evaluation/snapshots/']").first.click()
    expect(page.locator("h1")).to_contain_text("评价结果")
