"""The county office reviews one department on its own page, in a real browser.

From the application page's table of sections, the department's name opens its page
(review:section): its values by indicator, with accept and return there. The office accepts a
department that submitted (the demo has every section submitted but market supervision's) and
comes back to the same page; the notification of that submission says the campaign's year and
is marked read with 全部标为已读.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.test_review_flow import MARKET, OFFICE, log_in, message, panel

pytestmark = pytest.mark.e2e


def test_the_office_accepts_a_department_from_its_own_page(
    page: Page, browser_errors: BrowserErrors
) -> None:
    log_in(page, OFFICE)
    page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    rows = panel(page).locator("table.review-sections tbody tr")
    waiting = rows.filter(has=page.locator(".status", has_text=re.compile("^已提交$"))).filter(
        has_not_text=MARKET
    )
    department = waiting.first.locator("td").first.get_by_role("link").inner_text()

    waiting.first.get_by_role("link", name=department).click()
    page.wait_for_url(re.compile(r"/review/section/\d+/$"))
    section_url = page.url
    expect(page.get_by_role("heading", name=f"{department}的填报")).to_be_visible()
    expect(page.locator("#section-state .status")).to_have_text("已提交")
    expect(page.locator("table.section-values").first).to_be_visible()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="接收本部门的填报").click()
    assert page.url == section_url
    expect(message(page)).to_contain_text(f"已接收{department}的填报")
    expect(page.locator("#section-state .status")).to_have_text("已接收")
    expect(page.get_by_text("重新打开本部门的填报")).to_be_visible()

    page.get_by_role("link", name=re.compile("^通知")).first.click()
    page.wait_for_url("**/review/notifications/")
    expect(page.get_by_role("link", name=f"{department}已提交2023年填报")).to_be_visible()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="全部标为已读").click()
    expect(message(page)).to_contain_text("条通知标为已读")
    expect(page.locator("ul.notifications li.unread")).to_have_count(0)
    browser_errors.assert_none()
