"""The leader's dashboard in a real browser: its charts drawn, printed on one A4 page; the
quality status report asked for from it, built in the background and downloaded; the multi-year view with the demo's 2022 and 2023.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e

OFFICE = "wendeng-office"


def open_the_dashboard(page: Page) -> str:
    """Log in as the county office, open the 2023 application's dashboard; return its id."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(OFFICE)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")
    link = page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first
    found = re.search(r"/applications/(\d+)/", link.get_attribute("href") or "")
    assert found, "the home page links the 2023 application"
    application = found.group(1)
    page.goto(f"/cockpit/{application}/dashboard/")
    expect(page.get_by_role("heading", name=re.compile("质量强县创建领导驾驶舱"))).to_be_visible()
    return application


def test_the_dashboard_draws_its_charts_and_prints_on_one_a4_page(
    page: Page, browser_errors: BrowserErrors
) -> None:
    open_the_dashboard(page)
    for chart in ("gauge", "radar", "lost"):
        expect(page.locator(f'.dash-chart[data-chart="{chart}"] svg')).to_have_count(1)
    total = page.locator("#kpi-total").inner_text()
    assert re.fullmatch(r"\d+\.\d\d", total)
    # the gauge shows the same total as the number beside it
    expect(page.locator('.dash-chart[data-chart="gauge"] svg')).to_contain_text(total)

    # the browser fires "beforeprint" before printing; page.pdf() alone does not
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    browser_errors.assert_none()


def test_the_office_downloads_the_quality_status_report_from_the_dashboard(
    page: Page,
    browser_errors: BrowserErrors,
) -> None:
    open_the_dashboard(page)
    page.get_by_role("button", name="生成质量发展状况分析报告（Word）").click()
    page.wait_for_url(re.compile(r"/documents/jobs/\d+/$"))  # built in the background
    ready = page.get_by_role("link", name=re.compile(r"^下载 .*质量发展状况分析报告"))
    expect(ready).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        ready.click()
    assert download.value.suggested_filename == "威海市文登区质量发展状况分析报告（2023年）.docx"
    path = download.value.path()
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "比2022年的" in text  # the demo's accepted 2022 round is the trend's first year
    assert len(document.inline_shapes) == 3
    browser_errors.assert_none()


def test_the_multi_year_view_shows_2022_beside_2023(
    page: Page, browser_errors: BrowserErrors
) -> None:
    open_the_dashboard(page)
    page.get_by_role("link", name="历年对比").click()
    page.wait_for_url(re.compile(r"/cockpit/county/\d+/years/$"))
    header = page.locator("table.years thead th")
    expect(header.nth(2)).to_contain_text("2022")
    expect(header.nth(3)).to_contain_text("2023")
    assert page.locator("table.years td.changed").count() > 0
    browser_errors.assert_none()
