"""The review of the demo's application, from the market clerk to the province, in a real browser.

The demo (manage.py load_demo) has every department's section submitted but market
supervision's, whose clerk still has indicator 17 to fill in. The clerk submits, the county
office returns the section over one field, the clerk corrects it and resubmits, the office checks
the change, accepts every section and submits to the province, which returns the application
once and accepts it the second time. Each user logs in on the same page in turn; every step
reloads the page (HX-Refresh) and must leave no error in the browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, BrowserErrors
from tests.e2e.test_clerk_fills_in_an_indicator import field_of, open_the_application

pytestmark = pytest.mark.e2e

OFFICE = "wendeng-office"
EVALUATOR = "province"
# the names the history shows for them
CLERK_NAME, OFFICE_NAME, EVALUATOR_NAME = (
    "区市场监管局填报员",
    "文登区质量强区办",
    "省质量强省办评价员",
)
MARKET = "区市场监管局"
OFFICE_REASON = "注册计量师人数与证书不符，请核实"
PROVINCE_REASON = "请补充社会公用计量标准考核证书的佐证材料"
I17 = {  # key → (label, value typed by the clerk)
    "i17.metrologists": ("注册计量师数量", "12"),
    "i17.public_standards": ("社会公用计量标准数量", "20"),
    "i17.a_class_coverage": ("A类强制检定社会公用计量标准覆盖率", "95"),
}
VERIFICATION_FULL = ("i17.verification_full", "申请强制检定的工作计量器具检定率达到100%")


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("/")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


@contextmanager
def reloaded(page: Page) -> Iterator[None]:
    """Wait for the page that a state change reloads (HX-Refresh) or redirects to."""
    with page.expect_navigation(wait_until="load"):
        yield


def message(page: Page) -> Locator:
    return page.locator("ul.messages")


def panel(page: Page) -> Locator:
    return page.locator("#review")


def status(page: Page) -> Locator:
    """The state the panel shows: of the clerk's section, or of the application."""
    return panel(page).locator("p.facts .status").first


def section_row(page: Page, department: str) -> Locator:
    """The department's row in the county office's table of sections."""
    return (
        panel(page)
        .locator("table.review-sections tbody tr")
        .filter(has=page.get_by_role("cell", name=department, exact=True))
    )


def history_rows(page: Page) -> list[list[str]]:
    """Each row of the history table: time, user, action, department, indicator, field,
    old → new, reason."""
    rows = page.locator("table.history tbody tr")
    return [[c.strip() for c in r.locator("td").all_inner_texts()] for r in rows.all()]


Step = Callable[[list[str]], bool]


def step(user: str, action: str, department: str = MARKET, **cells: str) -> Step:
    """A history row: who did what to which department, and (if given) its field, change and
    reason."""

    def matches(row: list[str]) -> bool:
        _at, who, done, dept, _indicator, field, change, reason = row
        return (who, done, dept) == (user, action, department) and all(
            {"field": field, "change": change, "reason": reason}[k] == v for k, v in cells.items()
        )

    matches.__doc__ = " · ".join([user, action, department, *cells.values()])
    return matches


def assert_in_order(rows: list[list[str]], steps: list[Step]) -> None:
    """Each step matches a row, each after the previous one's (other rows may come between)."""
    at = 0
    for number, want in enumerate(steps, start=1):
        while at < len(rows) and not want(rows[at]):
            at += 1
        assert at < len(rows), (
            f"the history has no step {number} ({want.__doc__}) after the steps before it:\n"
            + "\n".join(" | ".join(r) for r in rows)
        )
        at += 1


def test_the_review_flow_from_clerk_to_province_leaves_every_step_in_the_history(
    page: Page, browser_errors: BrowserErrors
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())  # the hx-confirm of each decision

    # 1. the market clerk fills in every input of indicator 17 and submits the section
    open_the_application(page)
    application_url = page.url.split("?")[0].split("#")[0]
    for key, (label, value) in I17.items():
        field = field_of(page, key)
        field.get_by_label(label).fill(value)
        field.get_by_label(label).press("Tab")
        expect(field.get_by_role("status")).to_have_text("已保存")
        # a percentage comes back as stored, a float: 95 shows as "95.0"
        expect(field.get_by_label(label)).to_have_value(re.compile(rf"^{value}(\.0+)?$"))
    key, _label = VERIFICATION_FULL
    field_of(page, key).get_by_label("是", exact=True).check()
    expect(field_of(page, key).get_by_role("status")).to_have_text("已保存")
    expect(field_of(page, key).get_by_label("是", exact=True)).to_be_checked()
    expect(panel(page).get_by_text("本部门负责的指标已全部填报。")).to_be_visible()
    with reloaded(page):
        panel(page).get_by_role("button", name="提交", exact=True).click()
    expect(message(page)).to_contain_text(f"{MARKET}的填报已提交")
    expect(status(page)).to_have_text("已提交")
    # with nothing left to fill in, the page opens on its first group: indicator 17 by its link
    page.goto(f"{application_url}?indicator=17#indicator-17")
    expect(field_of(page, "i17.metrologists").get_by_label("注册计量师数量")).to_be_disabled()
    browser_errors.assert_none()
    log_out(page)

    # 2. the office returns the market section, pointing at 注册计量师数量
    log_in(page, OFFICE)
    page.goto(application_url)
    row = section_row(page, MARKET)
    expect(row.locator(".status")).to_have_text("已提交")
    row.locator("summary", has_text="退回").click()
    row.get_by_label("退回理由").fill(OFFICE_REASON)
    row.get_by_label("涉及的字段（选填）").select_option(label="指标17 · 注册计量师数量")
    with reloaded(page):
        row.get_by_role("button", name="退回", exact=True).click()
    expect(message(page)).to_contain_text(f"已退回{MARKET}的填报")
    expect(section_row(page, MARKET).locator(".status")).to_have_text("已退回")
    browser_errors.assert_none()
    log_out(page)

    # 3. the clerk sees the reason next to the field, corrects it and resubmits
    open_the_application(page)
    expect(panel(page).get_by_role("note")).to_contain_text(OFFICE_REASON)
    expect(panel(page).get_by_role("note").get_by_role("link")).to_have_text("注册计量师数量")
    metrologists = field_of(page, "i17.metrologists")
    expect(metrologists.get_by_role("note")).to_contain_text(OFFICE_REASON)
    count = metrologists.get_by_label("注册计量师数量")
    expect(count).to_be_enabled()
    expect(count).to_have_value("12")
    count.fill("10")
    count.press("Tab")
    expect(metrologists.get_by_role("status")).to_have_text("已保存")
    with reloaded(page):
        panel(page).get_by_role("button", name="重新提交").click()
    expect(message(page)).to_contain_text(f"{MARKET}的填报已重新提交")
    expect(status(page)).to_have_text("已重新提交")
    browser_errors.assert_none()
    log_out(page)

    # 4. the office checks the change, accepts every section and submits to the province
    log_in(page, OFFICE)
    page.goto(application_url)
    expect(section_row(page, MARKET).locator(".status")).to_have_text("已重新提交")
    section_row(page, MARKET).get_by_role("link", name="查看修改").click()
    page.wait_for_url(re.compile(r"/review/section/\d+/diff/$"))
    change = page.locator("table.diff tbody tr").filter(has_text="注册计量师数量")
    expect(change).to_have_count(1)
    expect(change.locator("td.old")).to_have_text("12人")
    expect(change.locator("td.new")).to_have_text("10人")
    expect(page.locator("table.diff tbody tr")).to_have_count(1)  # nothing else changed
    expect(page.get_by_role("note")).to_contain_text(OFFICE_REASON)
    with reloaded(page):
        page.get_by_role("button", name="接收", exact=True).click()
    page.wait_for_url(application_url)
    expect(message(page)).to_contain_text(f"已接收{MARKET}的填报")
    expect(section_row(page, MARKET).locator(".status")).to_have_text("已接收")
    bulk = panel(page).get_by_role("button", name=re.compile(r"^接收全部首次提交的部门（\d+）$"))
    waiting = int(re.findall(r"\d+", bulk.inner_text())[0])
    assert waiting > 0
    with reloaded(page):
        bulk.click()
    expect(message(page)).to_contain_text(f"已接收 {waiting} 个部门的填报")
    expect(panel(page).locator("table.review-sections tbody .status")).to_have_text(
        ["已接收"] * panel(page).locator("table.review-sections tbody tr").count()
    )
    expect(panel(page).get_by_text("各部门的填报均已接收，可以提交至省。")).to_be_visible()
    submit_to_province(page)
    browser_errors.assert_none()
    log_out(page)

    # 5. the province returns the application with a reason
    log_in(page, EVALUATOR)
    page.goto(application_url)
    expect(status(page)).to_have_text("已报省")
    panel(page).locator("summary", has_text="退回").click()
    panel(page).get_by_label("退回理由").fill(PROVINCE_REASON)
    with reloaded(page):
        panel(page).get_by_role("button", name="退回", exact=True).click()
    expect(message(page)).to_contain_text("申报已退回县")
    expect(status(page)).to_have_text("省级退回")
    expect(panel(page).get_by_text("申报已退回县，等待县质量强县办重新提交。")).to_be_visible()
    browser_errors.assert_none()
    log_out(page)

    # 6. the office sees the province's reason and submits again
    log_in(page, OFFICE)
    page.goto(application_url)
    expect(panel(page).get_by_role("note")).to_contain_text(PROVINCE_REASON)
    submit_to_province(page)
    browser_errors.assert_none()
    log_out(page)

    # 7. the province accepts it
    log_in(page, EVALUATOR)
    page.goto(application_url)
    with reloaded(page):
        panel(page).get_by_role("button", name="接收", exact=True).click()
    expect(message(page)).to_contain_text("申报已接收")
    expect(status(page)).to_have_text("省级已接收")
    browser_errors.assert_none()
    log_out(page)

    # 8. the history lists every step, in order
    log_in(page, OFFICE)
    page.goto(application_url)
    panel(page).get_by_role("link", name="操作历史").click()
    page.wait_for_url(re.compile(r"/review/\d+/history/$"))

    assert_in_order(
        history_rows(page),
        [
            step(CLERK_NAME, "提交"),
            step(OFFICE_NAME, "退回", field="注册计量师数量", reason=OFFICE_REASON),
            step(CLERK_NAME, "修改填报值", field="注册计量师数量", change="12人 → 10人"),
            step(CLERK_NAME, "重新提交"),
            step(OFFICE_NAME, "接收"),
            step(OFFICE_NAME, "提交至省", department=""),
            step(EVALUATOR_NAME, "省级退回", department="", reason=PROVINCE_REASON),
            step(OFFICE_NAME, "提交至省", department=""),
            step(EVALUATOR_NAME, "省级接收", department=""),
        ],
    )
    browser_errors.assert_none()
    log_out(page)

    # 9. the accepted application is locked: the clerk can change nothing any more
    open_the_application(page)
    expect(panel(page).get_by_text("申报已报省或已被接收，部门填报已锁定。")).to_be_visible()
    expect(panel(page).get_by_role("button")).to_have_count(0)
    for key, (label, _value) in I17.items():
        expect(field_of(page, key).locator("fieldset")).to_have_attribute("disabled", "")
        expect(field_of(page, key).get_by_label(label)).to_be_disabled()
    key, _label = VERIFICATION_FULL
    expect(field_of(page, key).get_by_label("是", exact=True)).to_be_disabled()
    # a save posted all the same (as the form would) is refused, and stores nothing
    form = field_of(page, "i17.metrologists").locator("form")
    response = page.request.post(
        form.get_attribute("action") or "",
        form={
            "csrfmiddlewaretoken": form.locator("[name=csrfmiddlewaretoken]").input_value(),
            "version": form.locator("[name=version]").input_value(),
            "value": "11",
        },
        headers={"Referer": page.url},
    )
    assert response.status == 403
    page.reload()
    expect(field_of(page, "i17.metrologists").get_by_label("注册计量师数量")).to_have_value("10")
    browser_errors.assert_none()


def submit_to_province(page: Page) -> None:
    with reloaded(page):
        panel(page).get_by_role("button", name="提交至省").click()
    expect(message(page)).to_contain_text("申报已提交至省")
    expect(status(page)).to_have_text("已报省")
