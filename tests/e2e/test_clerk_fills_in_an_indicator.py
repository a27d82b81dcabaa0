"""A department clerk fills in the demo's missing indicator 17 (计量) in a real browser.

The demo (manage.py load_demo) has Wendeng's application filled in except indicator 17, which
the market-supervision bureau's clerk is responsible for.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import files
from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors

pytestmark = pytest.mark.e2e

CLERK = "wendeng-market-supervision"
# the README shows this page; `make screenshot` sets QCOUNTY_E2E_SCREENSHOT to refresh it,
# a plain test run leaves docs/ alone
SCREENSHOT = os.environ.get("QCOUNTY_E2E_SCREENSHOT", "")


def open_the_application(page: Page) -> None:
    """Log in as the clerk, open the application their home page queues, go to indicator 17."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(CLERK)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")
    expect(page.get_by_role("heading", name="我的填报")).to_be_visible()
    page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    # the page holds one group of indicators; the index's link opens the one holding 17
    page.locator("nav.toc").get_by_role("link", name="17", exact=True).click()
    expect(page.locator("#indicator-17")).to_be_visible()


def field_of(page: Page, key: str) -> Locator:
    """The `.field` block of one input; htmx replaces it after each save, the locator follows."""
    return page.locator(".field", has=page.locator(f'form[action$="/inputs/{key}/"]'))


def total(page: Page) -> float:
    return round(float(page.locator("#score-total").inner_text()), 2)


def a_pdf() -> bytes:
    """A small, valid one-page PDF; its token makes each run's upload a new file."""
    return files.pdf(f"qcounty e2e {secrets.token_hex(8)}")


def test_a_clerk_fills_in_an_indicator_attaches_a_pdf_and_sees_the_score_change(
    page: Page, browser_errors: BrowserErrors, tmp_path: Path
) -> None:
    open_the_application(page)
    before = total(page)

    # 注册计量师数量: 9 people is 0.1 × (9 − 3) = 0.60 points under item 17.1
    field = field_of(page, "i17.metrologists")
    value = field.get_by_label("注册计量师数量")
    expect(value).to_have_value("")
    value.fill("9")
    value.press("Tab")  # leaving the field fires `change`, which saves it
    expect(field.get_by_role("status")).to_have_text("已保存")
    expect(value).to_have_value("9")
    expect(page.locator("#score-total")).not_to_have_text(f"{before:.2f}")
    assert total(page) == round(before + 0.60, 2)

    # the value and the score are the server's, not only the page's
    page.reload()
    expect(field_of(page, "i17.metrologists").get_by_label("注册计量师数量")).to_have_value("9")
    assert total(page) == round(before + 0.60, 2)

    # a PDF attached to indicator 17 is listed, and downloads as the same bytes
    pdf = a_pdf()
    name = "注册计量师名单.pdf"
    path = tmp_path / name
    path.write_bytes(pdf)
    evidence = page.locator("#indicator-17 .evidence")
    evidence.locator("input[type=file][name=file]").set_input_files(path)
    evidence.get_by_role("button", name="上传").click()
    expect(evidence.get_by_role("status")).to_have_text(f"已上传“{name}”")
    link = evidence.locator("ul.files").get_by_role("link", name=name)
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == name
    assert download.failure() is None
    assert Path(download.path()).read_bytes() == pdf

    browser_errors.assert_none()
    if SCREENSHOT:
        page.reload()
        page.locator("#indicator-17").evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1500)  # the score chart's animation
        page.screenshot(path=SCREENSHOT)


def test_a_percentage_over_100_is_refused_next_to_the_field_and_changes_no_score(
    page: Page, browser_errors: BrowserErrors
) -> None:
    open_the_application(page)
    before = page.locator("#score-total").inner_text()
    score_requests: list[str] = []
    page.on("request", lambda r: "/score/" in r.url and score_requests.append(r.url))

    field = field_of(page, "i17.a_class_coverage")
    value = field.get_by_label("A类强制检定社会公用计量标准覆盖率")
    expect(value).to_have_value("")
    value.fill("130")
    value.press("Tab")
    expect(field.get_by_role("alert")).to_contain_text("应在 0–100% 之间")
    expect(value).to_have_value("130")  # what the clerk typed stays, to be corrected
    expect(field.get_by_role("status")).to_have_count(0)  # no "已保存"
    # a refused value triggers no score refresh; give one a moment to show if it came anyway
    page.wait_for_timeout(500)
    assert score_requests == []
    expect(page.locator("#score-total")).to_have_text(before)

    # nothing was stored
    page.reload()
    expect(
        field_of(page, "i17.a_class_coverage").get_by_label("A类强制检定社会公用计量标准覆盖率")
    ).to_have_value("")
    expect(page.locator("#score-total")).to_have_text(before)
    browser_errors.assert_none()
