"""The county's charts in a real browser: full radar labels, named indicators on the gaps
chart, the multi-year view drawn as a chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e


def open_the_application(page: Page) -> str:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("wendeng-office")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")
    link = page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first
    found = re.search(r"/applications/(\d+)/", link.get_attribute("href") or "")
    assert found
    return found.group(1)


def svg_text(page: Page, selector: str) -> str:
    svg = page.locator(f"{selector} svg")
    expect(svg).to_have_count(1)
    return re.sub(r"\s+", "", svg.text_content() or "")


def test_the_charts_name_what_they_show_in_full(page: Page, browser_errors: BrowserErrors) -> None:
    application = open_the_application(page)

    page.goto(f"/cockpit/{application}/dashboard/")
    radar = svg_text(page, '.dash-chart[data-chart="radar"]')
    for name in ("质量发展理念", "质量发展保障", "质量发展基础", "质量发展成效"):
        assert name in radar, name  # not clipped to 理念/保障/基础/成效

    page.goto(f"/cockpit/{application}/gaps/")
    gaps = page.locator(".chart[data-chart='gaps-lost'] svg")
    expect(gaps).to_have_count(1)
    labels = [t.strip() for t in gaps.locator("text").all_text_contents()]
    named = [t for t in labels if re.fullmatch(r"\d+ \S+", t)]
    assert "17 计量" in named  # the demo leaves item 17 open: it loses points
    assert len(named) >= 10

    page.get_by_role("link", name="返回填报表").click()
    page.get_by_role("link", name="历年对比").first.click()
    years = svg_text(page, ".chart[data-chart='years']")
    assert re.search(r"2022年（\d+\.\d\d分）", years) and re.search(r"2023年（\d+\.\d\d分）", years)
    assert "质量发展成效" in years
    browser_errors.assert_none()
