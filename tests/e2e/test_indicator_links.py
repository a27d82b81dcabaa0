"""The application page holds one group of indicators; a link to any indicator opens its group."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e

OFFICE = "wendeng-office"


def test_a_bare_link_to_an_indicator_of_another_group_opens_that_group(
    page: Page, browser_errors: BrowserErrors
) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(OFFICE)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")
    page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application_url = page.url

    # 35 (服务质量) is not in the group the office's page opens on
    expect(page.locator("article.indicator").first).to_be_visible()
    expect(page.locator("#indicator-35")).to_have_count(0)
    # a link written as #indicator-35 (a bookmark, an older page) loads its group in place
    page.goto(f"{application_url}#indicator-35")
    expect(page.locator("#indicator-35")).to_be_visible()
    expect(page.locator("nav.section-tabs a.current")).to_have_text("服务质量")
    assert re.search(r"\?section=\d+#indicator-35$", page.url)

    # a tab loads its group, and the address follows it
    page.locator("nav.section-tabs").get_by_role("link", name="计量").click()
    expect(page.locator("#indicator-17")).to_be_visible()
    expect(page.locator("#indicator-35")).to_have_count(0)
    page.reload()
    expect(page.locator("#indicator-17")).to_be_visible()
    browser_errors.assert_none()


def test_the_provinces_workspace_loads_its_groups_the_same_way(
    page: Page, browser_errors: BrowserErrors
) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("province")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")
    page.goto("/adjudication/")
    page.locator("table.adj-progress tbody a").first.click()
    page.wait_for_url(re.compile(r"/adjudication/\d+/$"))
    workspace = page.url

    expect(page.locator("article.indicator.adj").first).to_be_visible()
    expect(page.locator("#indicator-35")).to_have_count(0)
    # the table of contents' link to 35 loads its group in place (htmx), as on the application page
    page.locator("nav.toc").get_by_role("link", name="35", exact=True).click()
    expect(page.locator("#indicator-35")).to_be_visible()
    expect(page.locator("nav.section-tabs a.current")).to_have_text("服务质量")
    assert re.search(r"\?section=\d+#indicator-35$", page.url)
    assert page.url.startswith(workspace)
    # a tab loads its group; the address follows it, and a reload shows the same group
    page.locator("nav.section-tabs").get_by_role("link", name="计量").click()
    expect(page.locator("#indicator-17")).to_be_visible()
    expect(page.locator("#indicator-35")).to_have_count(0)
    page.reload()
    expect(page.locator("#indicator-17")).to_be_visible()
    browser_errors.assert_none()
