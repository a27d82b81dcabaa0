"""Long work runs in the worker, in a real browser (issue 11): Wendeng's office asks for its score
sheet in Word and downloads it once the job page says it is ready; the province uploads ten
counties' workbooks, watches the check's progress and sees the dry run.
"""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, DemoServer

pytestmark = pytest.mark.e2e


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def test_the_office_gets_its_score_sheet_from_a_background_job(
    page: Page,
) -> None:
    log_in(page, "wendeng-office")
    page.get_by_role("link", name="2023年山东省质量强县（市、区）创建").first.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    page.get_by_text("Excel 填报与文档下载").click()
    page.locator('form[action$="/jobs/score_sheet_docx/"] button').click()
    page.wait_for_url(re.compile(r"/documents/jobs/\d+/$"))

    link = page.get_by_role("link", name="下载 文登区-工作任务分解表-自评得分.docx")
    expect(link).to_be_visible(timeout=60_000)  # the page polls until the worker is done
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "文登区-工作任务分解表-自评得分.docx"
    document = docx.Document(download.value.path())
    assert document.tables and len(document.tables[0].rows) > 10


def test_the_province_watches_the_check_of_ten_workbooks(
    page: Page,
    demo_server: DemoServer,
) -> None:
    log_in(page, "province")
    page.goto("/bulk/")
    page.get_by_label("压缩包或 Excel 文件").set_input_files(
        str(demo_server.var / "demo" / "十个县的填报模板.zip")
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/bulk/\d+/$"))

    # the check's progress, then the page reloads with the dry run
    load = page.get_by_role("button", name="加载 10 个县的数据")
    expect(load).to_be_visible(timeout=60_000)
    expect(page.locator("tr.bulk-accepted")).to_have_count(10)
    load.click()
    expect(page.locator("strong", has_text="已完成")).to_be_visible(timeout=60_000)
    expect(page.locator("tr.bulk-loaded")).to_have_count(10)
