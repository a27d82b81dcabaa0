"""The charts work under the production Content-Security-Policy: every page of the cockpit and
of the evaluation that draws one is served with the policy, and pointing at each chart shows
its tooltip without a single violation (the page fixture fails on any: conftest's listener)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e

CHARTS = ".chart[data-chart], .dash-chart[data-chart]"


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def visit(page: Page, url: str) -> None:
    """Open a page, check its policy, and point at every chart until each shows a tooltip."""
    response = page.goto(url)
    assert response is not None and response.ok
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    charts = page.locator(CHARTS)
    expect(charts.first.locator("svg").first).to_be_visible()
    shown = 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        if chart.get_attribute("data-chart") == "gauge":
            continue  # the gauge has no tooltip
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None
        for x, y in [(0.5, 0.5), (0.3, 0.4), (0.7, 0.6), (0.5, 0.3), (0.4, 0.7)]:
            page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
            page.wait_for_timeout(150)
            # ECharts shows its tooltip in a div beside the one that holds the svg
            tooltip = chart.locator(":scope > div:not(:has(svg))")
            if tooltip.count() and tooltip.first.is_visible() and tooltip.first.inner_text():
                shown += 1
                break
    assert shown > 0, f"no tooltip appeared on {url}"


def test_the_cockpit_charts_draw_and_show_tooltips_under_the_policy(
    page: Page, browser_errors: BrowserErrors
) -> None:
    log_in(page, "wendeng-office")
    page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = page.url
    visit(page, application)  # the score panel's chart (app.js)
    number = re.search(r"/applications/(\d+)/$", application).group(1)
    visit(page, f"/cockpit/{number}/gaps/")
    visit(page, f"/cockpit/{number}/dashboard/")
    browser_errors.assert_none()


def test_the_evaluation_charts_draw_and_show_tooltips_under_the_policy(
    page: Page, browser_errors: BrowserErrors
) -> None:
    log_in(page, "province")
    page.get_by_role("link", name=re.compile("省级评价")).click()
    page.wait_for_url("**/evaluation/")
    page.get_by_role("link", name=re.compile(r"#\d+ （最新）")).first.click()
    page.wait_for_url(re.compile(r"/evaluation/snapshots/\d+/$"))
    county = page.locator("table.ranking tbody tr td a").first.get_attribute("href")
    assert county
    visit(page, county)  # the radar and the distribution (evaluation.js)
    browser_errors.assert_none()


def test_the_api_docs_render_under_the_policy_from_the_sites_own_files(
    page: Page, browser_errors: BrowserErrors
) -> None:
    # Swagger UI from django-ninja's static files: no CDN (an intranet has no internet)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto("/api/v1/docs")
    assert response is not None and response.ok
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.get_by_text("/api/v1/schemes/{scheme_id}").first).to_be_visible()
    origin = page.url.split("/api/")[0]
    assert requested and all(url.startswith(origin) for url in requested), requested
    browser_errors.assert_none()
