"""The manuals' screenshots, taken in Chromium on the demo, then the manuals built from them.

Each role's account signs in and opens every page its manual describes; the screenshot of the
browser window goes to ``<folder>/<audience>/<page>.png``, the folder ``build_manuals`` reads
(QCOUNTY_MANUAL_SCREENSHOTS when set, e.g. by ``make manuals``; a temporary folder otherwise).
Then the manuals are built from these screenshots: every page that the demo's data can show
has its picture, and LibreOffice prints each manual to a PDF in a CJK font.

Pages that show an object the demo does not have (a robustness run, a publication, a bulk
import, a document job, an Excel import's check) are reached as their user reaches them: the
test submits the form that makes the object (PREPARED). A new help entry whose page needs
anything else fails here until it is added to DemoIds or PREPARED.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Page
from pypdf import PdfReader

from qcounty.web.help import manual_docx, pdf, texts
from tests.e2e.conftest import DEMO_PASSWORD, DemoServer

pytestmark = pytest.mark.e2e

ACCOUNTS = {
    "clerk": "wendeng-market-supervision",
    "county_office": "wendeng-office",
    "leader": "wendeng-office",  # the leader uses the office's account
    "evaluator": "province",
    "expert": "expert-1",
    "admin": "admin",
}
COUNTY_AUDIENCES = ("clerk", "county_office", "leader")
CJK_FONT_NAMES = ("CJK", "Song", "Hei", "Fang", "Kai", "Ming", "WenQuanYi", "Droid Sans Fallback")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("QCOUNTY_MANUAL_SCREENSHOTS", "")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("manual-screenshots")


class DemoIds:
    """The ids of the demo's objects that the pages of the manuals need."""

    def __init__(self, database: Path) -> None:
        self.database = database

    def one(self, sql: str, *params: object) -> int:
        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as conn:
            row = conn.execute(sql, params).fetchone()
        assert row is not None, sql
        return int(row[0])

    def application(self, audience: str) -> int:
        if audience in COUNTY_AUDIENCES:
            return self.one(
                "SELECT a.id FROM campaigns_application a "
                "JOIN organisations_organisation o ON o.id = a.county_id "
                "JOIN campaigns_campaign c ON c.id = a.campaign_id "
                "WHERE o.name = '文登区' ORDER BY c.evaluation_year DESC"
            )
        # one the province holds whose judged items the experts have scored
        return self.one("SELECT application_id FROM adjudication_expertscore ORDER BY id")

    def latest(self, table: str) -> int | None:
        """Return the newest row's id of a table, or None when it has none."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as conn:
            row = conn.execute(f"SELECT id FROM {table} ORDER BY id DESC").fetchone()
        return None if row is None else int(row[0])

    def kwargs(self, audience: str, name: str) -> dict[str, int | str]:
        application = self.application(audience)
        department = self.one(
            "SELECT organisation_id FROM accounts_user WHERE username = ?", ACCOUNTS[audience]
        )
        values = {
            "application_id": lambda: application,
            "county_id": lambda: self.one(
                "SELECT county_id FROM campaigns_application WHERE id = ?", application
            ),
            "task_id": lambda: self.one(
                "SELECT id FROM tasks_task WHERE application_id = ? "
                "AND (department_id = ? OR ? != 'clerk') ORDER BY id",
                application,
                department,
                audience,
            ),
            "section_id": lambda: self.one(
                "SELECT id FROM review_section WHERE application_id = ? "
                "AND (department_id = ? OR ? != 'clerk') ORDER BY id",
                application,
                department,
                audience,
            ),
            "snapshot_id": lambda: self.one(
                "SELECT id FROM evaluation_cohortsnapshot ORDER BY id DESC"
            ),
            "position": lambda: 0,
            "campaign_id": lambda: self.one(
                "SELECT campaign_id FROM campaigns_application WHERE id = ?", application
            ),
            "batch_id": lambda: self.one("SELECT id FROM statfeed_feedbatch ORDER BY id DESC"),
            # the bundled scheme the demo's campaigns use
            "scheme_id": lambda: "shandong-county-2022",
            "version": lambda: "2022",
        }
        return {p: values[p]() for p in parameters(name)}


def parameters(name: str) -> list[str]:
    """Return the names of the URL's arguments (e.g. application_id), in order."""
    from django.urls import get_resolver

    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in filter(None, namespace.split(":")):
        resolver = resolver.namespace_dict[part][1]
    possibilities = resolver.reverse_dict.getlist(short)
    assert possibilities, name
    return list(possibilities[0][0][0][1])


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def submit(page: Page, form: str) -> None:
    """Submit the page's form as its button would, and wait for the answer."""
    with page.expect_navigation():
        page.locator(form).first.evaluate("f => f.requestSubmit()")


def open_job(page: Page, ids: DemoIds, audience: str) -> None:
    """Ask for the first document the application page offers: its job's page shows it."""
    page.goto(reverse("reporting:application", args=[ids.application(audience)]))
    submit(page, "form[action*='/jobs/']")


def open_import(page: Page, ids: DemoIds, audience: str) -> None:
    """Upload the Excel template as downloaded: the check lists what it would write."""
    application = ids.application(audience)
    page.goto(reverse("reporting:application", args=[application]))
    template = page.request.get(reverse("documents:template", args=[application]))
    assert template.ok, template.status
    form = f"form[action='{reverse('documents:import', args=[application])}']"
    page.locator(f"{form} input[type=file]").set_input_files(
        {
            "name": "填报模板.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": template.body(),
        }
    )
    submit(page, form)


def open_robustness_run(page: Page, ids: DemoIds, audience: str) -> None:
    page.goto(
        reverse(
            "evaluation:robustness",
            args=[ids.kwargs(audience, "evaluation:snapshot")["snapshot_id"]],
        )
    )
    page.locator("form input[name=replications]").fill("100")  # light: the worker shares the CPU
    submit(page, "form:has(input[name=replications])")


def open_publication(page: Page, ids: DemoIds, audience: str) -> None:
    page.goto(reverse("evaluation:snapshot", kwargs=ids.kwargs(audience, "evaluation:snapshot")))
    submit(page, "form[action$='/publish/']")  # the first kind offered: the 公示 list


def open_batch(page: Page, ids: DemoIds, audience: str) -> None:
    page.goto(reverse("bulk:upload"))
    page.locator("input[type=file][name=files]:not([webkitdirectory])").set_input_files(
        str(ids.database.parent / "demo" / "十个县的填报模板.zip")
    )
    submit(page, "form:has(input[name=files])")


POLLING = "[hx-trigger*='every']"
BACKGROUND_SECONDS = 180


def settle(page: Page) -> None:
    """Wait for the background work a page polls for, then show the page as it ends up.

    Leaving a page while it polls would abort a request (an error for these tests); and a
    finished job or analysis is what a manual should show.
    """
    if page.locator(POLLING).count():
        # a locator, not a predicate: the pages' Content-Security-Policy forbids eval
        page.locator(POLLING).first.wait_for(state="detached", timeout=BACKGROUND_SECONDS * 1000)
        page.reload()


def _publicity_list(page: Page, ids: DemoIds) -> None:
    """Publish the 公示 list as the province does, once (an objection needs one)."""
    if ids.latest("evaluation_publication") is not None:
        return
    page.goto(reverse("evaluation:snapshot", kwargs=ids.kwargs("evaluator", "evaluation:snapshot")))
    page.get_by_role("combobox", name="名单").select_option("proposed")
    submit(page, "form[action$='/publish/']")


def _objection(page: Page, ids: DemoIds, audience: str) -> int:
    """Return the demo's objection, filed once by 文登区's office against the 公示 list; the
    page is left signed in as the audience's account."""
    found = ids.latest("objections_objection")
    if found is None:
        _switch(page, ACCOUNTS["evaluator"])
        _publicity_list(page, ids)
        _switch(page, ACCOUNTS["county_office"])
        page.goto(reverse("objections:index"))
        form = page.locator("#objection-form")
        form.locator("select[name=application]").select_option(index=1)
        form.locator("select[name=indicator]").select_option("31")
        form.get_by_label("异议内容：哪一项数据有误、理由").fill("R&D 经费支出占比与统计年鉴不符")
        submit(page, "#objection-form")
        found = ids.latest("objections_objection")
        assert found is not None
        _switch(page, ACCOUNTS[audience])
    return found


def _switch(page: Page, username: str) -> None:
    """Sign in as another account in the same browser page."""
    page.context.clear_cookies()
    log_in(page, username)


def open_objection(page: Page, ids: DemoIds, audience: str) -> None:
    page.goto(reverse("objections:detail", args=[_objection(page, ids, audience)]))


def open_settlement(page: Page, ids: DemoIds, audience: str) -> None:
    """The province upholds the objection and compares a new snapshot with the 公示 list."""
    page.goto(reverse("objections:detail", args=[_objection(page, ids, audience)]))
    if page.get_by_role("button", name="开始核查").count():
        page.get_by_role("button", name="开始核查").click()
    page.get_by_label("核查情况和结论（答复时一并告知异议人）").fill("经核对统计年鉴，数据有误")
    page.get_by_role("button", name="异议成立").click()
    with page.expect_navigation():
        page.get_by_role("button", name="生成新快照并对比").click()


def open_feed_preview(page: Page, ids: DemoIds, audience: str) -> None:
    """Upload a feed of two counties' resident population; the preview before confirming."""
    page.goto(reverse("statfeed:index"))
    page.get_by_label("文件（.csv 或 .xlsx）").set_input_files(
        files=[
            {
                "name": "常住人口.csv",
                "mimeType": "text/csv",
                "buffer": "县（市、区）,字段,数值\n文登区,当地常住人口,824821\n荣成市,当地常住人口,714355\n".encode(),
            }
        ]
    )
    page.get_by_label("数据来源").fill("威海市统计局")
    page.get_by_label("数据日期").fill("2023-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()


# pages shown after their user submits a form (their object is not in the demo)
PREPARED = {
    "statfeed:preview": open_feed_preview,
    "objections:detail": open_objection,
    "objections:settlement": open_settlement,
    "documents:job": open_job,
    "documents:import": open_import,
    "evaluation:robustness_run": open_robustness_run,
    "evaluation:publication": open_publication,
    "bulk:batch": open_batch,
}


@pytest.mark.parametrize("audience", texts.AUDIENCES)
def test_each_page_of_the_manual_is_photographed_as_its_role_sees_it(
    audience: str, page: Page, demo_server: DemoServer, folder: Path
) -> None:
    photograph(audience, page, demo_server, folder)


def photograph(audience: str, page: Page, demo_server: DemoServer, folder: Path) -> None:
    """Log in as the audience's user and photograph each page of its manual."""
    ids = DemoIds(demo_server.var / "qcounty.sqlite3")
    log_in(page, ACCOUNTS[audience])
    manual = texts.manual(audience)
    for entry in manual.pages:
        if entry.key in PREPARED:
            PREPARED[entry.key](page, ids, audience)
        else:
            address = reverse(entry.key, kwargs=ids.kwargs(audience, entry.key))
            response = page.goto(address)
            assert response is not None and response.status == 200, (audience, entry.key)
        page.wait_for_load_state("load")
        settle(page)
        page.wait_for_timeout(300)  # charts draw after load
        # the page's own 帮助 link opens this very entry
        link = page.locator("a.help-link").get_attribute("href")
        assert link == reverse("help:page", args=[entry.key]), (audience, entry.key)
        target = manual_docx.screenshot_path(folder, audience, entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))


def test_the_help_link_opens_the_pages_steps_and_offers_the_manual(
    page: Page, demo_server: DemoServer, folder: Path
) -> None:
    ids = DemoIds(demo_server.var / "qcounty.sqlite3")
    log_in(page, ACCOUNTS["clerk"])
    page.goto(reverse("reporting:application", args=[ids.application("clerk")]))
    with page.expect_popup() as opened:
        page.locator("a.help-link").click()
    help_page = opened.value
    help_page.wait_for_load_state("load")
    entry = texts.manual("clerk").entry("reporting:application")
    assert entry is not None
    assert help_page.locator("h1").inner_text() == entry.title
    assert help_page.locator("ol.help-steps li").all_inner_texts() == list(entry.steps)
    help_page.screenshot(path=str(folder / "help-page.png"))
    with help_page.expect_download() as download:
        help_page.get_by_role("link", name="Word 版").first.click()
    manual = docx.Document(download.value.path())
    assert manual.paragraphs[0].text == "部门填报员用户操作手册"


def test_the_manuals_carry_the_screenshots_and_print_in_a_cjk_font(
    page: Page, demo_server: DemoServer, folder: Path, tmp_path: Path
) -> None:
    """Runs after the screenshots above (same module, file order); a manual whose screenshots
    were taken by the other test process (xdist's worksteal splits a module) is photographed
    here again."""
    for manual in texts.manuals():
        shots = [manual_docx.screenshot_path(folder, manual.audience, e) for e in manual.pages]
        if not all(shot.exists() for shot in shots):
            page.context.clear_cookies()
            photograph(manual.audience, page, demo_server, folder)
    sources = []
    for manual in texts.manuals():
        document = docx.Document(io.BytesIO(manual_docx.build(manual, folder)))
        heads = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert len(heads) == 1 + len(manual.pages), manual.audience
        assert len(document.inline_shapes) == len(manual.pages), manual.audience
        assert not [p for p in document.paragraphs if manual_docx.MISSING_SCREENSHOT in p.text]
        path = tmp_path / f"{manual.audience}.docx"
        document.save(str(path))
        sources.append(path)
    for made in pdf.to_pdf(sources, tmp_path / "pdf"):
        reader = PdfReader(made)
        fonts = {
            str(f.get_object().get("/BaseFont"))
            for p in reader.pages
            for f in ((p.get("/Resources") or {}).get("/Font") or {}).values()
        }
        assert any(n in f for f in fonts for n in CJK_FONT_NAMES), (made.name, fonts)
        assert any("/XObject" in (p.get("/Resources") or {}) for p in reader.pages), (
            f"{made.name} has no pictures"
        )
